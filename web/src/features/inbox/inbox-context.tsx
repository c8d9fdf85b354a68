import {
  createContext,
  type ReactNode,
  type RefObject,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from "react";
import { type InboxFilters, loadFilters, saveFilters } from "./filters";
import { emptySelection, type Selection } from "./list/selection";

export type ComposerMode = "reply" | "note";

/** Actions the keyboard shortcuts trigger; each registered by the component that owns it. */
export interface InboxCommands {
  focusComposer?: (mode: ComposerMode) => void;
  toggleResolve?: () => void;
  /** Open <-> pending (waiting on the customer). */
  togglePending?: () => void;
  assignToMe?: () => void;
  focusSearch?: () => void;
  openLabels?: () => void;
  openSnooze?: () => void;
  openPriority?: () => void;
}

interface InboxState {
  filters: InboxFilters;
  setFilters: (patch: Partial<InboxFilters>) => void;
  commands: RefObject<InboxCommands>;
  /** Ids of the rows of the visible list, in order (for j/k). */
  listIds: RefObject<string[]>;
  panelOpen: boolean;
  togglePanel: () => void;
  /** Rows ticked for a bulk action (kept across list refetches; cleared by Escape or a filter change). */
  selection: Selection;
  setSelection: (next: Selection | ((prev: Selection) => Selection)) => void;
}

const InboxContext = createContext<InboxState | null>(null);

export function InboxProvider({ children }: { children: ReactNode }) {
  const [filters, setAll] = useState<InboxFilters>(loadFilters);
  const [panelOpen, setPanelOpen] = useState(() => window.innerWidth >= 1280);
  const commands = useRef<InboxCommands>({});
  const listIds = useRef<string[]>([]);

  const [selection, setSelection] = useState<Selection>(emptySelection);

  const setFilters = useCallback((patch: Partial<InboxFilters>) => {
    // Another view holds other rows: a selection made in this one would act on rows no longer shown.
    if (Object.keys(patch).some((k) => k !== "q")) setSelection(emptySelection);
    setAll((prev) => {
      const next = { ...prev, ...patch };
      saveFilters(next);
      return next;
    });
  }, []);
  const togglePanel = useCallback(() => setPanelOpen((v) => !v), []);

  const value = useMemo(
    () => ({ filters, setFilters, commands, listIds, panelOpen, togglePanel, selection, setSelection }),
    [filters, setFilters, panelOpen, togglePanel, selection],
  );
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export function useInbox(): InboxState {
  const ctx = useContext(InboxContext);
  if (!ctx) throw new Error("useInbox outside InboxProvider");
  return ctx;
}
