import type { AgentCsat, ConversationCsat, CsatSettings, CsatSettingsBody } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

export const csatKeys = {
  settings: ["csat", "settings"] as const,
  conversation: (id: string) => ["csat", "conversation", id] as const,
};

export function useCsatSettings() {
  return useQuery({
    queryKey: csatKeys.settings,
    queryFn: ({ signal }) => api<CsatSettings>("/api/csat/settings", { signal }),
  });
}

export function useUpdateCsatSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CsatSettingsBody) => api<CsatSettings>("/api/csat/settings", { method: "PUT", body }),
    onSuccess: (data) => qc.setQueryData(csatKeys.settings, data),
  });
}

/** A conversation's surveys and quality scores; polled while one is still on its way (sent, pending). */
export function useConversationCsat(conversationId: string) {
  return useQuery({
    queryKey: csatKeys.conversation(conversationId),
    queryFn: ({ signal }) => api<ConversationCsat>(`/api/conversations/${conversationId}/csat`, { signal }),
    refetchInterval: (q) => {
      const d = q.state.data;
      const waiting =
        d?.surveys.some((s) => s.status === "pending" || s.status === "sent") ||
        d?.quality.some((s) => s.status === "pending");
      return waiting ? 10_000 : false;
    },
  });
}

/** An agent's CSAT (answered surveys of conversations they resolved, and the average). */
export function useAgentCsat(agentId: string) {
  return useQuery({
    queryKey: ["csat", "agent", agentId],
    queryFn: ({ signal }) => api<AgentCsat>(`/api/agents/${agentId}/csat`, { signal }),
  });
}
