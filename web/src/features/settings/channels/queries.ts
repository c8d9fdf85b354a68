import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type {
  Channel,
  ChannelWithSecret,
  CreateChannelInput,
  UpdateChannelInput,
  WebchatSettings,
  WebhookEvent,
} from "@/lib/types";

/** Secrets revealed by the last create/rotate, shown once on the channel page. */
export const revealedSecrets = new Map<string, Record<string, string>>();

export function useChannels() {
  return useQuery({
    queryKey: qk.channels,
    queryFn: () => api<{ items: Channel[] }>("/api/channels"),
    select: (d) => d.items,
  });
}

export function useChannel(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: qk.channel(id),
    queryFn: ({ signal }) => api<Channel>(`/api/channels/${id}`, { signal }),
    initialData: () => qc.getQueryData<{ items: Channel[] }>(qk.channels)?.items.find((c) => c.id === id),
    // Provider channels: keep health ("last event 5 s ago", errors) fresh while the page is open.
    refetchInterval: (q) => (q.state.data && q.state.data.type !== "webchat" ? 10_000 : false),
  });
}

/** The channel's recent webhook events, refreshed every 5 s while the page is open. */
export function useChannelEvents(id: string, status: "" | "pending" | "processed" | "failed" = "") {
  return useQuery({
    queryKey: [...qk.channelEvents(id), status],
    queryFn: ({ signal }) =>
      api<{ items: WebhookEvent[] }>(`/api/channels/${id}/events`, { query: { limit: 50, status }, signal }),
    placeholderData: (prev) => prev,
    select: (d) => d.items,
    refetchInterval: 5_000,
    staleTime: 0,
  });
}

export function useReplayEvent(channelId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) =>
      api<void>(`/api/channels/${channelId}/events/${eventId}/replay`, { method: "POST" }),
    onSettled: () => void qc.invalidateQueries({ queryKey: qk.channelEvents(channelId) }),
  });
}

export function useTestChannel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: boolean; message: string }>(`/api/channels/${id}/test`, { method: "POST" }),
    onSettled: () => void qc.invalidateQueries({ queryKey: qk.channel(id), exact: true }),
  });
}

function store(qc: ReturnType<typeof useQueryClient>, channel: Channel) {
  qc.setQueryData(qk.channel(channel.id), channel);
  qc.setQueryData<{ items: Channel[] }>(qk.channels, (d) =>
    d
      ? {
          items: d.items.some((c) => c.id === channel.id)
            ? d.items.map((c) => (c.id === channel.id ? channel : c))
            : [...d.items, channel],
        }
      : d,
  );
}

export function useCreateChannel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateChannelInput) => api<ChannelWithSecret>("/api/channels", { method: "POST", body }),
    onSuccess: (res) => {
      store(qc, res.channel);
      if (res.revealedSecrets) revealedSecrets.set(res.channel.id, res.revealedSecrets);
      if (res.channel.sandbox) void qc.invalidateQueries({ queryKey: qk.sandbox });
    },
  });
}

export function useUpdateChannel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateChannelInput) => api<ChannelWithSecret>(`/api/channels/${id}`, { method: "PATCH", body }),
    onSuccess: (res) => store(qc, res.channel),
  });
}

export function useDeleteChannel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/channels/${id}`, { method: "DELETE" }),
    onSuccess: (_, id) => {
      void qc.invalidateQueries({ queryKey: qk.sandbox });
      qc.setQueryData<{ items: Channel[] }>(qk.channels, (d) =>
        d ? { items: d.items.filter((c) => c.id !== id) } : d,
      );
      qc.removeQueries({ queryKey: qk.channel(id) });
    },
  });
}

export const defaultWebchat: WebchatSettings = {
  allowedOrigins: ["*"],
  requireIdentityVerification: false,
  welcomeMessage: "Hi! Ask us anything.",
  color: "#4f46e5",
};

/** A channel's settings as webchat settings, falling back to the defaults for anything missing. */
export function webchatSettings(channel: Channel): WebchatSettings {
  const s = channel.settings as Partial<WebchatSettings>;
  return {
    allowedOrigins: Array.isArray(s.allowedOrigins) ? s.allowedOrigins : defaultWebchat.allowedOrigins,
    requireIdentityVerification:
      typeof s.requireIdentityVerification === "boolean" ? s.requireIdentityVerification : false,
    welcomeMessage: typeof s.welcomeMessage === "string" ? s.welcomeMessage : defaultWebchat.welcomeMessage,
    color: typeof s.color === "string" ? s.color : defaultWebchat.color,
  };
}
