import { useEffect, useRef } from "react";
import { ConversationSlaStrip } from "@/features/sla/sla-badge";
import { ErrorState } from "@/components/states";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { clearUnread } from "@/features/notifications/unread-store";
import { ApiError } from "@/lib/api";
import { replyWindowOf } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { Composer } from "../composer/composer";
import { useConversation, useMarkRead, useMessages } from "../queries";
import { MessageList } from "./message-list";
import { ThreadHeader } from "./thread-header";
import { TypingIndicator } from "./typing-indicator";

/** Marks the conversation read on open, and again when customer messages arrive while it is visible. */
function useAutoRead(conversationId: string, unreadCount: number | undefined) {
  const me = useMe();
  const markRead = useMarkRead(me.id);
  const messages = useMessages(conversationId);
  const lastInbound = (() => {
    const newest = messages.data?.pages[0]?.items;
    if (!newest) return null;
    for (let i = newest.length - 1; i >= 0; i--) if (newest[i]?.direction === "inbound") return newest[i]!.id;
    return null;
  })();
  const readUpTo = useRef<string | null | undefined>(undefined);
  const mutate = markRead.mutate;
  const loading = messages.isPending;

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another conversation opens
  useEffect(() => {
    readUpTo.current = undefined;
  }, [conversationId]);

  useEffect(() => {
    const tryRead = () => {
      if (loading || document.visibilityState !== "visible") return;
      clearUnread(conversationId);
      const opened = readUpTo.current === undefined;
      if (!opened && readUpTo.current === lastInbound && !unreadCount) return;
      readUpTo.current = lastInbound;
      mutate(conversationId);
    };
    tryRead();
    document.addEventListener("visibilitychange", tryRead);
    return () => document.removeEventListener("visibilitychange", tryRead);
  }, [conversationId, lastInbound, unreadCount, mutate, loading]);
}

function HeaderSkeleton() {
  return (
    <div className="flex h-14 items-center gap-3 border-b px-4">
      <div className="flex flex-1 flex-col gap-1.5">
        <Skeleton className="h-3.5 w-40" />
        <Skeleton className="h-2.5 w-24" />
      </div>
      <Skeleton className="h-7 w-24" />
      <Skeleton className="h-7 w-20" />
    </div>
  );
}

export function Thread({ conversationId }: { conversationId: string }) {
  const me = useMe();
  const conv = useConversation(conversationId);
  useAutoRead(conversationId, conv.data?.unreadCount);

  if (conv.isError) {
    const notFound = conv.error instanceof ApiError && (conv.error.status === 404 || conv.error.status === 403);
    return (
      <ErrorState
        className="h-full"
        error={conv.error}
        title={notFound ? "Conversation not found" : "Couldn't load the conversation"}
        onRetry={notFound ? undefined : () => void conv.refetch()}
      />
    );
  }
  const name = conv.data ? contactName(conv.data.contact) : "";
  return (
    <section aria-label={name ? `Conversation with ${name}` : "Conversation"} className="flex h-full min-w-0 flex-col">
      {conv.data ? <ThreadHeader conversation={conv.data} meId={me.id} /> : <HeaderSkeleton />}
      {conv.data ? <ConversationSlaStrip key={conv.data.id} id={conv.data.id} initial={conv.data.sla} /> : null}
      <MessageList conversationId={conversationId} contactName={name} meId={me.id} />
      <TypingIndicator conversationId={conversationId} contactName={name} />
      <Composer
        key={conversationId}
        conversationId={conversationId}
        channelId={conv.data?.channelId ?? null}
        channelType={conv.data?.channelType ?? null}
        me={me}
        replyWindow={conv.data ? replyWindowOf(conv.data) : null}
      />
    </section>
  );
}
