import type {
  Campaign,
  CampaignRecipient,
  CampaignStats,
  ContactImport,
  ConversationCampaign,
  retargetSteps,
} from "@switchboard/contracts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRealtimeEvent } from "@/features/realtime/realtime-provider";
import { api } from "@/lib/api";

export type Stats = CampaignStats;

const key = ["campaigns"] as const;
/**
 * Live progress comes from the socket's campaign.progress events (useCampaignEvents); this slow poll
 * only covers a socket that is down or reconnected between events.
 */
const FALLBACK_MS = 30_000;
const live = (status?: Campaign["status"]) => (status === "running" || status === "scheduled" ? FALLBACK_MS : false);

/**
 * Mount once on the campaigns pages: each campaign.progress (at most ~1/s per campaign, from the
 * server) patches the list and the campaign in the cache and refetches that campaign's report and
 * recipients; a reconnect (hello) refetches everything campaign-shaped, events may have been missed.
 */
export function useCampaignEvents() {
  const qc = useQueryClient();
  useRealtimeEvent((event) => {
    if (event.type === "hello") return void qc.invalidateQueries({ queryKey: key });
    if (event.type !== "campaign.progress") return;
    const { campaignId: id, status, counts } = event;
    const patch = (c: Campaign) => (c.id === id ? { ...c, status, counts } : c);
    qc.setQueryData<{ items: Campaign[] }>(key, (d) => (d ? { items: d.items.map(patch) } : d));
    qc.setQueryData<Campaign>([...key, id], (c) => (c ? patch(c) : c));
    void qc.invalidateQueries({ queryKey: [...key, id, "stats"] });
    void qc.invalidateQueries({ queryKey: [...key, id, "recipients"] });
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ items: Campaign[] }>("/api/campaigns", { signal }),
    select: (d) => d.items,
    // Progress events patch this cache only while a campaigns page is open: coming back reads again.
    refetchOnMount: "always",
    refetchInterval: (q) => (q.state.data?.items.some((c) => live(c.status)) ? FALLBACK_MS : false),
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: [...key, id],
    queryFn: ({ signal }) => api<Campaign>(`/api/campaigns/${id}`, { signal }),
    // Replies arrive while the console is elsewhere (the inbox): the funnel must not show a stale count.
    refetchOnMount: "always",
    refetchInterval: (q) => live(q.state.data?.status),
  });
}

export function useCampaignStats(id: string, status?: Campaign["status"]) {
  return useQuery({
    // The status in the key: one last fetch when a run ends (polling stops with it).
    queryKey: [...key, id, "stats", status],
    queryFn: ({ signal }) => api<Stats>(`/api/campaigns/${id}/stats`, { signal }),
    refetchOnMount: "always",
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

export type RetargetStep = (typeof retargetSteps)[number];

/** A new draft from one funnel step's recipients (the server answers retarget_empty when nobody is there). */
export function useRetarget(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (step: RetargetStep) =>
      api<Campaign>(`/api/campaigns/${id}/retarget`, { method: "POST", body: { step } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key, exact: true }),
  });
}

/** Uploaded lists a campaign can aim at: the recent contact imports that finished. */
export function useFinishedImports(enabled: boolean) {
  return useQuery({
    queryKey: ["contacts", "imports", "list"],
    queryFn: ({ signal }) => api<{ items: ContactImport[] }>("/api/contacts/imports", { signal }),
    select: (d) => d.items.filter((i) => ["done", "cancelled"].includes(i.status) && i.createdRows + i.updatedRows > 0),
    enabled,
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

/**
 * The campaigns a conversation's customer replied to. The link is made just after the customer's
 * message is stored, so the key carries the conversation's last message time: a new message reads again.
 */
export function useConversationCampaigns(conversationId: string, lastMessageAt: string | undefined) {
  return useQuery({
    queryKey: [...key, "conversation", conversationId, lastMessageAt],
    queryFn: ({ signal }) =>
      api<{ items: ConversationCampaign[] }>(`/api/conversations/${conversationId}/campaigns`, { signal }),
    enabled: Boolean(lastMessageAt),
  });
}
