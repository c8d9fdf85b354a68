import {
  type createPolicyBody,
  type createScheduleBody,
  policyList,
  policyVersionList,
  type SlaPolicy,
  type SlaSchedule,
  scheduleList,
  type updatePolicyBody,
  type updateScheduleBody,
} from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api";

export const slaSettingsKeys = {
  schedules: ["sla", "schedules"] as const,
  policies: ["sla", "policies"] as const,
  versions: (id: string) => ["sla", "policies", id, "versions"] as const,
};

/** Lists are parsed with the shared contracts, so a server that drifts shows an error, not a broken form. */
export function useSlaSchedules() {
  return useQuery({
    queryKey: slaSettingsKeys.schedules,
    queryFn: async ({ signal }) => scheduleList.parse(await api("/api/sla/schedules", { signal })).items,
  });
}

export function useSlaPolicies() {
  return useQuery({
    queryKey: slaSettingsKeys.policies,
    queryFn: async ({ signal }) => policyList.parse(await api("/api/sla/policies", { signal })).items,
  });
}

export function usePolicyVersions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: slaSettingsKeys.versions(id),
    queryFn: async ({ signal }) =>
      policyVersionList.parse(await api(`/api/sla/policies/${id}/versions`, { signal })).items,
    enabled,
  });
}

export type ScheduleInput = z.input<typeof createScheduleBody>;
export type PolicyInput = z.input<typeof createPolicyBody>;

export function useSaveSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ScheduleInput | z.input<typeof updateScheduleBody> }) =>
      api<SlaSchedule>(id ? `/api/sla/schedules/${id}` : "/api/sla/schedules", {
        method: id ? "PATCH" : "POST",
        body,
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: slaSettingsKeys.schedules }),
  });
}

export function useDeleteSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/sla/schedules/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: slaSettingsKeys.schedules }),
  });
}

export function useSavePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: PolicyInput | z.input<typeof updatePolicyBody> }) =>
      api<SlaPolicy>(id ? `/api/sla/policies/${id}` : "/api/sla/policies", { method: id ? "PATCH" : "POST", body }),
    onSettled: (_d, _e, v) => {
      void qc.invalidateQueries({ queryKey: slaSettingsKeys.policies });
      if (v.id) void qc.invalidateQueries({ queryKey: slaSettingsKeys.versions(v.id) });
    },
  });
}

export function useDeletePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/sla/policies/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: slaSettingsKeys.policies }),
  });
}

/**
 * The new first-match order, shown at once (optimistic) and rolled back if the server refuses it (a
 * policy added meanwhile answers 409).
 */
export function useReorderPolicies() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) =>
      policyList.parse(await api("/api/sla/policies/reorder", { method: "POST", body: { ids } })).items,
    onMutate: async (ids) => {
      await qc.cancelQueries({ queryKey: slaSettingsKeys.policies });
      const before = qc.getQueryData<SlaPolicy[]>(slaSettingsKeys.policies);
      if (before) {
        const byId = new Map(before.map((p) => [p.id, p]));
        qc.setQueryData(
          slaSettingsKeys.policies,
          ids.map((id) => byId.get(id)).filter((p): p is SlaPolicy => !!p),
        );
      }
      return { before };
    },
    onError: (_e, _ids, c) => {
      if (c?.before) qc.setQueryData(slaSettingsKeys.policies, c.before);
    },
    onSuccess: (items) => qc.setQueryData(slaSettingsKeys.policies, items),
  });
}
