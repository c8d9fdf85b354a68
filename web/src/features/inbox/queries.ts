import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Conversation, ConversationPage, MessagePage, UpdateConversationInput } from "@/lib/types";
import { upsertConversation } from "./cache";
import { type InboxFilters, filtersToQuery } from "./filters";

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
  });
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
