import type { Campaign, CampaignRecipient, CampaignStats } from "@switchboard/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

export type Stats = CampaignStats;

const key = ["campaigns"] as const;
/** Live progress by polling: every 2 s while a campaign sends (no campaign realtime event yet). */
const live = (status?: Campaign["status"]) => (status === "running" || status === "scheduled" ? 2000 : false);

export function useCampaigns() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ items: Campaign[] }>("/api/campaigns", { signal }),
    select: (d) => d.items,
    refetchInterval: (q) => (q.state.data?.items.some((c) => live(c.status)) ? 2000 : false),
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: [...key, id],
    queryFn: ({ signal }) => api<Campaign>(`/api/campaigns/${id}`, { signal }),
    refetchInterval: (q) => live(q.state.data?.status),
  });
}

export function useCampaignStats(id: string, status?: Campaign["status"]) {
  return useQuery({
    // The status in the key: one last fetch when a run ends (polling stops with it).
    queryKey: [...key, id, "stats", status],
    queryFn: ({ signal }) => api<Stats>(`/api/campaigns/${id}/stats`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: live(status),
  });
}

export function useRecipients(id: string, status: string, status0?: Campaign["status"]) {
  return useQuery({
    queryKey: [...key, id, "recipients", status, status0],
    queryFn: ({ signal }) =>
      api<{ items: CampaignRecipient[]; nextCursor: string | null }>(`/api/campaigns/${id}/recipients`, {
        signal,
        query: { status: status || undefined, limit: 100 },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: live(status0),
  });
}

export function useCreateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Campaign>("/api/campaigns", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useCampaignControl(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (verb: "start" | "pause" | "resume" | "cancel") =>
      api<Campaign>(`/api/campaigns/${id}/${verb}`, { method: "POST" }),
    onSuccess: (c) => {
      qc.setQueryData([...key, id], c);
      return qc.invalidateQueries({ queryKey: key });
    },
  });
}

/** Ends an A/B test phase by hand: the variant gets the recipients held back. */
export function useChooseWinner(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (variant: string) =>
      api<Campaign>(`/api/campaigns/${id}/winner`, { method: "POST", body: { variant } }),
    onSuccess: (c) => {
      qc.setQueryData([...key, id], c);
      return qc.invalidateQueries({ queryKey: key });
    },
  });
}

export const statusVariant = (s: Campaign["status"]) =>
  s === "running"
    ? "info"
    : s === "completed"
      ? "success"
      : s === "paused" || s === "scheduled"
        ? "warning"
        : s === "cancelled"
          ? "danger"
          : "secondary";

export const pct = (n: number, d: number) => (d > 0 ? `${Math.round((n / d) * 100)}%` : "—");
/** Reached at least this stage (a read message was also delivered and sent). */
export function funnel(c: Campaign["counts"]) {
  const replied = c.replied;
  const read = c.read + replied;
  const delivered = c.delivered + read;
  const sent = c.sent + delivered;
  return { sent, delivered, read, replied };
}
