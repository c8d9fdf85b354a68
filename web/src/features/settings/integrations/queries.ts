import type {
  ApiToken,
  ApiTokenScope,
  AuditLogEntry,
  WebhookDelivery,
  WebhookEventType,
  WebhookSubscription,
} from "@switchboard/contracts";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Query } from "@/lib/api";

// Keys live here rather than in lib/query-keys.ts: nothing outside these pages reads them.
const keys = {
  tokens: ["api-tokens"] as const,
  webhooks: ["webhooks"] as const,
  deliveries: (id: string) => ["webhooks", id, "deliveries"] as const,
  audit: (filters: Query) => ["audit-log", filters] as const,
  auditActions: ["audit-log", "actions"] as const,
};

// ---- API tokens
export const useApiTokens = () =>
  useQuery({
    queryKey: keys.tokens,
    queryFn: () => api<{ items: ApiToken[] }>("/api/api-tokens").then((r) => r.items),
  });

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: ApiTokenScope[]; expiresInDays?: number }) =>
      api<{ token: ApiToken; secret: string }>("/api/api-tokens", { method: "POST", body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.tokens }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/api-tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.tokens }),
  });
}

// ---- Webhooks
export const useWebhooks = () =>
  useQuery({
    queryKey: keys.webhooks,
    queryFn: () => api<{ items: WebhookSubscription[] }>("/api/webhooks").then((r) => r.items),
  });

export interface WebhookInput {
  name: string;
  url: string;
  events: WebhookEventType[];
  includePrivate: boolean;
  enabled?: boolean;
}

export function useSaveWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<WebhookInput> }) =>
      id
        ? api<{ subscription: WebhookSubscription }>(`/api/webhooks/${id}`, { method: "PATCH", body }).then((r) => ({
            subscription: r.subscription,
            secret: null as string | null,
          }))
        : api<{ subscription: WebhookSubscription; secret: string }>("/api/webhooks", { method: "POST", body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.webhooks }),
  });
}

export function useWebhookAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "test" | "rotate-secret" | "delete" }) =>
      action === "delete"
        ? api<void>(`/api/webhooks/${id}`, { method: "DELETE" }).then((): { secret?: string } => ({}))
        : api<{ secret?: string }>(`/api/webhooks/${id}/${action}`, { method: "POST" }),
    onSuccess: (_r, v) => {
      void qc.invalidateQueries({ queryKey: keys.webhooks });
      void qc.invalidateQueries({ queryKey: keys.deliveries(v.id) });
    },
  });
}

/** Polls while something is still pending, so a test or a retry shows its result without a reload. */
export const useDeliveries = (id: string) =>
  useQuery({
    queryKey: keys.deliveries(id),
    queryFn: () => api<{ items: WebhookDelivery[] }>(`/api/webhooks/${id}/deliveries`).then((r) => r.items),
    refetchInterval: (q) => (q.state.data?.some((d) => d.state === "pending") ? 2000 : false),
  });

export function useRedeliver(subscriptionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      api<{ delivery: WebhookDelivery }>(`/api/webhook-deliveries/${deliveryId}/redeliver`, { method: "POST" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.deliveries(subscriptionId) }),
  });
}

// ---- Audit log
export const useAuditLog = (filters: Query) =>
  useInfiniteQuery({
    queryKey: keys.audit(filters),
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api<{ items: AuditLogEntry[]; nextCursor: string | null }>("/api/audit-log", {
        query: { ...filters, cursor: pageParam, limit: 50 },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useAuditActions = () =>
  useQuery({
    queryKey: keys.auditActions,
    queryFn: () => api<{ items: string[] }>("/api/audit-log/actions").then((r) => r.items),
  });
