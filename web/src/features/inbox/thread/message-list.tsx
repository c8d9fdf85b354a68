import { ArrowDown, MessagesSquare } from "lucide-react";
import { Fragment, type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { dayLabel } from "@/lib/time";
import type { Message } from "@/lib/types";
import { cn } from "@/lib/utils";
import { useFocusMessage } from "@/features/notifications/focus-message";
import { useMessages } from "../queries";
import { MessageBubble } from "./message-bubble";

const GROUP_GAP = 5 * 60_000;
const NEAR_BOTTOM = 120;

function sameGroup(a: Message | undefined, b: Message): boolean {
  if (!a || a.senderType === "system" || b.senderType === "system") return false;
  if (a.senderType !== b.senderType || a.sender.id !== b.sender.id || a.private !== b.private) return false;
  return new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() < GROUP_GAP;
}

function ThreadSkeleton() {
  return (
    <div className="flex flex-col gap-4 px-5 py-6">
      {[56, 40, 64, 32].map((w, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className={cn("flex gap-2", i % 2 ? "flex-row-reverse" : "")}>
          <Skeleton className="size-7 rounded-full" />
          <Skeleton className="h-12 rounded-2xl" style={{ width: `${w}%` }} />
        </div>
      ))}
    </div>
  );
}

export function MessageList({
  conversationId,
  contactName,
  meId,
}: {
  conversationId: string;
  contactName: string;
  meId: string;
}) {
  const q = useMessages(conversationId);
  const { data, isPending, isError, error, refetch, hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  const messages = useMemo(() => (data ? data.pages.toReversed().flatMap((p) => p.items) : []), [data]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const restoreFrom = useRef<number | null>(null);
  const [showJump, setShowJump] = useState(false);
  useFocusMessage(messages.length > 0);

  const scrollToBottom = useCallback((smooth = false) => {
    const el = scrollRef.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: smooth ? "smooth" : "auto" });
  }, []);

  const loadOlder = useCallback(() => {
    const el = scrollRef.current;
    if (!el || !hasNextPage || isFetchingNextPage) return;
    restoreFrom.current = el.scrollHeight - el.scrollTop;
    void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
    setShowJump(!nearBottom.current);
    if (el.scrollTop < 80) loadOlder();
  };

  // Opening a conversation starts at the bottom.
  const loaded = !isPending;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when another conversation opens
  useLayoutEffect(() => {
    if (!loaded) return;
    nearBottom.current = true;
    setShowJump(false);
    scrollToBottom();
  }, [conversationId, loaded, scrollToBottom]);

  // Older page prepended: keep the reader's place.
  const firstId = messages[0]?.id;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && restoreFrom.current !== null && firstId) {
      el.scrollTop = el.scrollHeight - restoreFrom.current;
      restoreFrom.current = null;
    }
  }, [firstId]);

  // New message at the end: follow it when already near the bottom, or when I sent it.
  const last = messages[messages.length - 1];
  const lastKey = last ? `${last.id}:${messages.length}` : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: lastKey is the trigger; the rest is read fresh
  useLayoutEffect(() => {
    if (!last) return;
    const mine = last.senderType === "agent" && (last.sender.id === meId || last.id.startsWith("temp-"));
    if (nearBottom.current || mine) scrollToBottom(!mine);
  }, [lastKey]);

  // The last bubble grows when its delivery state changes (a failure adds the error and Retry): stay
  // pinned to the bottom when the reader was there, or the error is cut off below the fold.
  const lastState = last ? `${last.id}:${last.status}` : "";
  useLayoutEffect(() => {
    if (lastState && nearBottom.current) scrollToBottom();
  }, [lastState, scrollToBottom]);

  // Images load after layout: stay pinned to the bottom while they do.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onLoad = () => {
      if (nearBottom.current) scrollToBottom();
    };
    el.addEventListener("load", onLoad, true);
    return () => el.removeEventListener("load", onLoad, true);
  }, [scrollToBottom]);

  let body: ReactNode;
  if (isPending) body = <ThreadSkeleton />;
  else if (isError) body = <ErrorState error={error} title="Couldn't load messages" onRetry={() => void refetch()} />;
  else if (messages.length === 0)
    body = (
      <EmptyState
        icon={<MessagesSquare />}
        title="No messages yet"
        description="Say hello — your reply goes to the customer."
      />
    );
  else {
    body = (
      <div className="pt-2 pb-1">
        <div className="flex h-9 items-center justify-center">
          {isFetchingNextPage ? (
            <Spinner className="text-muted-foreground" />
          ) : hasNextPage ? (
            <Button variant="ghost" size="sm" onClick={loadOlder}>
              Load older messages
            </Button>
          ) : (
            <span className="text-[11px] text-muted-foreground">Start of conversation</span>
          )}
        </div>
        {messages.map((m, i) => {
          const prev = messages[i - 1];
          const next = messages[i + 1];
          const day = new Date(m.createdAt).toDateString();
          const newDay = !prev || new Date(prev.createdAt).toDateString() !== day;
          return (
            <Fragment key={m.id}>
              {newDay ? (
                <div className="my-3 flex items-center gap-3 px-5">
                  <span className="h-px flex-1 bg-border" />
                  <span className="text-[11px] font-medium text-muted-foreground">
                    {dayLabel(new Date(m.createdAt))}
                  </span>
                  <span className="h-px flex-1 bg-border" />
                </div>
              ) : null}
              <MessageBubble
                message={m}
                groupStart={newDay || !sameGroup(prev, m)}
                groupEnd={!next || !sameGroup(m, next) || new Date(next.createdAt).toDateString() !== day}
                contactName={contactName}
              />
            </Fragment>
          );
        })}
      </div>
    );
  }

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className="scrollbar-thin h-full overflow-y-auto"
        role="log"
        aria-label="Messages"
      >
        {body}
      </div>
      {showJump ? (
        <Button
          variant="outline"
          size="icon-sm"
          aria-label="Jump to latest"
          className="absolute right-5 bottom-2 rounded-full shadow-md"
          onClick={() => scrollToBottom(true)}
        >
          <ArrowDown />
        </Button>
      ) : null}
    </div>
  );
}
