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

export type ComposerMode = "reply" | "note";

/** Actions the keyboard shortcuts trigger; each registered by the component that owns it. */
export interface InboxCommands {
  focusComposer?: (mode: ComposerMode) => void;
  toggleResolve?: () => void;
  /** Open <-> pending (waiting on the customer). */
  togglePending?: () => void;
  assignToMe?: () => void;
  focusSearch?: () => void;
}

interface InboxState {
  filters: InboxFilters;
  setFilters: (patch: Partial<InboxFilters>) => void;
  commands: RefObject<InboxCommands>;
  /** Ids of the rows of the visible list, in order (for j/k). */
  listIds: RefObject<string[]>;
  panelOpen: boolean;
  togglePanel: () => void;
}

const InboxContext = createContext<InboxState | null>(null);

export function InboxProvider({ children }: { children: ReactNode }) {
  const [filters, setAll] = useState<InboxFilters>(loadFilters);
  const [panelOpen, setPanelOpen] = useState(() => window.innerWidth >= 1280);
  const commands = useRef<InboxCommands>({});
  const listIds = useRef<string[]>([]);

  const setFilters = useCallback((patch: Partial<InboxFilters>) => {
    setAll((prev) => {
      const next = { ...prev, ...patch };
      saveFilters(next);
      return next;
    });
  }, []);
  const togglePanel = useCallback(() => setPanelOpen((v) => !v), []);

  const value = useMemo(
    () => ({ filters, setFilters, commands, listIds, panelOpen, togglePanel }),
    [filters, setFilters, panelOpen, togglePanel],
  );
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export function useInbox(): InboxState {
  const ctx = useContext(InboxContext);
  if (!ctx) throw new Error("useInbox outside InboxProvider");
  return ctx;
}
