import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Conversation, ConversationPage, Message, MessagePage, UpdateConversationInput } from "@/lib/types";
import { findMessage, upsertConversation, upsertMessage } from "./cache";
import { filtersToQuery, type InboxFilters } from "./filters";

export function useConversationList(filters: InboxFilters, meId: string) {
  return useInfiniteQuery({
    queryKey: qk.conversationList(filters, meId),
    queryFn: ({ pageParam, signal }) =>
      api<ConversationPage>("/api/conversations", {
        query: { ...filtersToQuery(filters), cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: (prev, prevQuery) =>
      prevQuery?.queryKey[3] && sameView(prevQuery.queryKey[3] as InboxFilters, filters) ? prev : undefined,
  });
}

/** Keep showing the previous rows while a search refines the same view (no flash to skeletons). */
function sameView(a: InboxFilters, b: InboxFilters) {
  return a.view === b.view && a.status === b.status && a.channelId === b.channelId && a.priority === b.priority;
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: qk.conversation(id ?? "none"),
    queryFn: ({ signal }) => api<Conversation>(`/api/conversations/${id}`, { signal }),
    enabled: !!id,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMessages(conversationId: string) {
  return useInfiniteQuery({
    queryKey: qk.messages(conversationId),
    queryFn: ({ pageParam, signal }) =>
      api<MessagePage>(`/api/conversations/${conversationId}/messages`, {
        query: { before: pageParam ?? undefined, limit: 50 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.prevCursor,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60_000,
    // Safety net for a status update lost while the socket was (re)connecting: poll while an outgoing
    // provider message has been waiting on its delivery status for a few seconds.
    refetchInterval: (q) => (waitingOnDelivery(q.state.data) ? 4_000 : false),
  });
}

// Any queued outgoing message keeps the poll on. (An age condition here would never turn it on:
// TanStack Query re-evaluates this only when the data changes, and a lost event changes nothing.)
function waitingOnDelivery(data: InfiniteData<MessagePage, string | null> | undefined): boolean {
  return !!data?.pages.some((p) =>
    p.items.some((m) => m.status === "queued" && m.direction === "outbound" && !m.private && !m.id.startsWith("temp-")),
  );
}

export type MessagesInfinite = InfiniteData<MessagePage, string | null>;

export function useConversationActions(meId: string) {
  const qc = useQueryClient();
  const onSuccess = (conv: Conversation) => upsertConversation(qc, conv, meId);
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateConversationInput }) =>
      api<Conversation>(`/api/conversations/${id}`, { method: "PATCH", body }),
    onSuccess,
  });
  const assign = useMutation({
    mutationFn: ({ id, assigneeId }: { id: string; assigneeId: string | null }) =>
      api<Conversation>(`/api/conversations/${id}/assign`, { method: "POST", body: { assigneeId } }),
    onSuccess,
  });
  return { update, assign };
}

export function useMarkRead(meId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Conversation>(`/api/conversations/${id}/read`, { method: "POST" }),
    onSuccess: (conv) => upsertConversation(qc, conv, meId, false),
  });
}

/** Send a failed outgoing message again (it goes back to queued; realtime events bring the rest). */
export function useRetryMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: Message) => api<Message>(`/api/messages/${m.id}/retry`, { method: "POST" }),
    // Only if no realtime update came first (it is newer: the retry may already have failed again).
    onSuccess: (msg, before) => {
      if (findMessage(qc, msg.conversationId, msg.id) === before) upsertMessage(qc, msg);
    },
  });
}
