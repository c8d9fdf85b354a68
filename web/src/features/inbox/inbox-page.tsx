import { MessagesSquare } from "lucide-react";
import { useLocation, useParams } from "wouter";
import { Kbd } from "@/components/ui/kbd";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { InboxProvider, useInbox } from "./inbox-context";
import { ConversationList } from "./list/conversation-list";
import { ListHeader } from "./list/list-header";
import { emptySelection, toggleOne } from "./list/selection";
import { ContactPanel } from "./panel/contact-panel";
import { Thread } from "./thread/thread";

function NoSelection() {
  return (
    <div className="flex h-full flex-col items-center justify-center gap-3 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-secondary text-muted-foreground">
        <MessagesSquare className="size-6" />
      </div>
      <div>
        <p className="text-sm font-medium">Select a conversation</p>
        <p className="mt-1 text-[13px] text-muted-foreground">
          Use <Kbd>J</Kbd> and <Kbd>K</Kbd> to move through the list, <Kbd>?</Kbd> for all shortcuts.
        </p>
      </div>
    </div>
  );
}

function InboxLayout() {
  const params = useParams<{ conversationId?: string }>();
  const selectedId = params.conversationId ?? null;
  const [, navigate] = useLocation();
  const { commands, listIds, panelOpen, selection, setSelection } = useInbox();

  const move = (delta: 1 | -1) => {
    const ids = listIds.current;
    if (ids.length === 0) return;
    const idx = selectedId ? ids.indexOf(selectedId) : -1;
    const next =
      idx < 0 ? ids[delta === 1 ? 0 : ids.length - 1] : ids[Math.min(ids.length - 1, Math.max(0, idx + delta))];
    if (next && next !== selectedId) navigate(`/inbox/${next}`);
  };

  useHotkeys({
    j: () => move(1),
    k: () => move(-1),
    r: () => commands.current.focusComposer?.("reply"),
    n: () => commands.current.focusComposer?.("note"),
    e: () => commands.current.toggleResolve?.(),
    w: () => commands.current.togglePending?.(),
    a: () => commands.current.assignToMe?.(),
    "/": () => commands.current.focusSearch?.(),
    l: () => commands.current.openLabels?.(),
    s: () => commands.current.openSnooze?.(),
    p: () => commands.current.openPriority?.(),
    // x ticks the open conversation (the list's focused row) for a bulk action.
    x: () => {
      if (selectedId) setSelection((sel) => toggleOne(sel, selectedId));
    },
    Escape: () => {
      if (selection.ids.size) setSelection(emptySelection);
    },
  });

  return (
    <div className="flex h-full min-w-0 flex-1">
      <div className="flex w-[320px] shrink-0 flex-col border-r xl:w-[360px]">
        <ListHeader />
        <ConversationList selectedId={selectedId} />
      </div>
      <main className="min-w-0 flex-1">{selectedId ? <Thread conversationId={selectedId} /> : <NoSelection />}</main>
      {selectedId && panelOpen ? <ContactPanel conversationId={selectedId} /> : null}
    </div>
  );
}

export default function InboxPage() {
  return (
    <InboxProvider>
      <InboxLayout />
    </InboxProvider>
  );
}
