import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { AgentSummary, Availability, Me, UpdateMeInput } from "@/lib/types";

export function useAgents() {
  return useQuery({
    queryKey: qk.agents,
    queryFn: () => api<{ items: AgentSummary[] }>("/api/agents"),
    select: (d) => d.items,
    staleTime: 60_000,
  });
}

export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeInput) => api<Me>("/api/me", { method: "PATCH", body }),
    onSuccess: (me) => {
      qc.setQueryData(qk.me, me);
      qc.setQueryData<{ items: AgentSummary[] }>(qk.agents, (d) =>
        d ? { items: d.items.map((a) => (a.id === me.user.id ? { ...a, ...me.user } : a)) } : d,
      );
    },
  });
}

export function useSetAvailability() {
  const update = useUpdateMe();
  return { ...update, setAvailability: (availability: Availability) => update.mutate({ availability }) };
}
