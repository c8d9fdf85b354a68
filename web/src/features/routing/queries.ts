import type { RoutingQueue, Team, TransferBody } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { upsertConversation } from "@/features/inbox/cache";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Conversation } from "@/lib/types";

/** The routing feature's query keys (kept here: the shared key list stays untouched). */
export const routingKeys = {
  queue: ["routing", "queue"] as const,
  teams: ["teams"] as const,
};

export interface TeamInput {
  name: string;
  description: string;
  memberIds: string[];
  channelIds: string[];
}

/** GET /api/routing/queue: who waits for a person, priority first, then longest waiting. */
export function useRoutingQueue(opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: routingKeys.queue,
    queryFn: () => api<RoutingQueue>("/api/routing/queue"),
    staleTime: 15_000,
    // The realtime events refresh it; a slow poll covers a missed event (and the nav's count).
    refetchInterval: 60_000,
    enabled: opts.enabled ?? true,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: routingKeys.teams,
    queryFn: () => api<{ items: Team[] }>("/api/teams"),
    select: (d) => d.items,
    staleTime: 30_000,
  });
}

/** The routing endpoints answer with the conversation (or `{conversation}`): both are accepted. */
function conversationOf(r: unknown): Conversation | undefined {
  if (!r || typeof r !== "object") return undefined;
  if ("conversation" in r) return (r as { conversation: Conversation }).conversation;
  return "id" in r && "status" in r ? (r as Conversation) : undefined;
}

/** Take, hand back to the AI, transfer: each changes who handles a conversation and the queue. */
export function useRoutingActions(meId: string) {
  const qc = useQueryClient();
  const done = (r: unknown) => {
    const conv = conversationOf(r);
    if (conv) upsertConversation(qc, conv, meId);
    else void qc.invalidateQueries({ queryKey: qk.conversations });
    void qc.invalidateQueries({ queryKey: routingKeys.queue });
    void qc.invalidateQueries({ queryKey: routingKeys.teams });
    void qc.invalidateQueries({ queryKey: qk.agents });
  };
  const post = (id: string, action: string, body?: unknown) =>
    api<unknown>(`/api/conversations/${id}/${action}`, { method: "POST", body: body ?? {} });
  return {
    take: useMutation({ mutationFn: (id: string) => post(id, "take"), onSuccess: done }),
    handBack: useMutation({ mutationFn: (id: string) => post(id, "hand-back"), onSuccess: done }),
    transfer: useMutation({
      mutationFn: ({ id, body }: { id: string; body: TransferBody }) => post(id, "transfer", body),
      onSuccess: done,
    }),
  };
}

export function useTeamMutations() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: routingKeys.teams });
  return {
    create: useMutation({
      mutationFn: (body: TeamInput) => api<{ team: Team }>("/api/teams", { method: "POST", body }),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: Partial<TeamInput> }) =>
        api<{ team: Team }>(`/api/teams/${id}`, { method: "PATCH", body }),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api<void>(`/api/teams/${id}`, { method: "DELETE" }),
      onSuccess,
    }),
  };
}
