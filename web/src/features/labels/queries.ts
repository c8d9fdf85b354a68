import type { BulkBody, ConversationCounts, Label } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Conversation } from "@/lib/types";
import { scheduleListRefresh, upsertConversation } from "@/features/inbox/cache";
import { countsQuery, type InboxFilters } from "@/features/inbox/filters";

export function useLabels() {
  return useQuery({
    queryKey: qk.labels,
    queryFn: () => api<{ items: Label[] }>("/api/labels"),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

export function useLabelAdmin() {
  const qc = useQueryClient();
  // A rename or recolour shows on every row: refetch what carries labels.
  const onSuccess = () => {
    void qc.invalidateQueries({ queryKey: qk.labels });
    void qc.invalidateQueries({ queryKey: qk.conversations });
    void qc.invalidateQueries({ queryKey: qk.contacts });
  };
  const create = useMutation({
    mutationFn: (body: { name: string; color: string; description: string }) =>
      api<Label>("/api/labels", { method: "POST", body }),
    onSuccess,
  });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: string; name?: string; color?: string; description?: string }) =>
      api<Label>(`/api/labels/${id}`, { method: "PATCH", body }),
    onSuccess,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/api/labels/${id}`, { method: "DELETE" }),
    onSuccess,
  });
  return { create, update, remove };
}

/** Adds or removes one label on one conversation (the thread event arrives over the socket). */
export function useConversationLabel(meId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, labelId, on }: { id: string; labelId: string; on: boolean }) =>
      on
        ? api<Conversation>(`/api/conversations/${id}/labels`, { method: "POST", body: { labelId } })
        : api<Conversation>(`/api/conversations/${id}/labels/${labelId}`, { method: "DELETE" }),
    onSuccess: (conv) => {
      upsertConversation(qc, conv, meId);
      void qc.invalidateQueries({ queryKey: qk.labels });
    },
  });
}

export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkBody) =>
      api<{ updated: number; ids: string[] }>("/api/conversations/bulk", { method: "POST", body }),
    // Each conversation's conversation.updated also arrives over the socket; the refetch settles order.
    onSettled: () => {
      scheduleListRefresh(qc, 300);
      void qc.invalidateQueries({ queryKey: qk.labels });
    },
  });
}

export function useConversationCounts(filters: InboxFilters, meId: string) {
  const q = countsQuery(filters);
  return useQuery({
    queryKey: qk.conversationCounts(q, meId),
    queryFn: ({ signal }) => api<ConversationCounts>("/api/conversations/counts", { query: q, signal }),
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
}
