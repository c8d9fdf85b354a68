import type { Flow, FlowBody, FlowTestResult } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  language: string;
  version: number;
  updatedAt: string;
  steps: number;
}

export const flowKeys = {
  all: ["flows"] as const,
  one: (id: string) => ["flows", id] as const,
};

export function useFlows() {
  return useQuery({
    queryKey: flowKeys.all,
    queryFn: ({ signal }) => api<{ items: FlowSummary[] }>("/api/flows", { signal }),
  });
}

export function useFlow(id: string | null) {
  return useQuery({
    queryKey: flowKeys.one(id ?? "none"),
    queryFn: ({ signal }) => api<Flow>(`/api/flows/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useSaveFlow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: FlowBody }) =>
      id ? api<Flow>(`/api/flows/${id}`, { method: "PUT", body }) : api<Flow>("/api/flows", { method: "POST", body }),
    onSuccess: (flow) => {
      qc.setQueryData(flowKeys.one(flow.id), flow);
      void qc.invalidateQueries({ queryKey: flowKeys.all, exact: true });
    },
  });
}

export function useDeleteFlow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/flows/${id}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: flowKeys.all }),
  });
}

export function useFlowTest(flowId: string) {
  return useMutation({
    mutationFn: (body: { sessionId?: string; text?: string; brain?: "auto" | "scripted" | "llm" }) =>
      api<FlowTestResult>(`/api/flows/${flowId}/test`, { method: "POST", body }),
  });
}
