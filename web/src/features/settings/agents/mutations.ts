import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { AgentSummary, CreateAgentInput, CreateAgentResult, UpdateAgentInput, User } from "@/lib/types";

export function useCreateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAgentInput) => api<CreateAgentResult>("/api/agents", { method: "POST", body }),
    onSuccess: (res) => {
      qc.setQueryData<{ items: AgentSummary[] }>(qk.agents, (d) =>
        d ? { items: [...d.items.filter((a) => a.id !== res.agent.id), { ...res.agent, openConversations: 0 }] } : d,
      );
      void qc.invalidateQueries({ queryKey: qk.agents });
    },
  });
}

/** A temporary password for the agent (shown once); their sessions end and they must change it at login. */
export function useResetAgentPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ temporaryPassword: string }>(`/api/agents/${id}/reset-password`, { method: "POST" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: qk.agents }),
  });
}

export function useUpdateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateAgentInput }) =>
      api<{ agent: User }>(`/api/agents/${id}`, { method: "PATCH", body }),
    onSuccess: ({ agent }) => {
      qc.setQueryData<{ items: AgentSummary[] }>(qk.agents, (d) =>
        d ? { items: d.items.map((a) => (a.id === agent.id ? { ...a, ...agent } : a)) } : d,
      );
    },
  });
}
