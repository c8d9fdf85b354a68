import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Template } from "@/lib/types";

/** The channel's WhatsApp templates (agents may read them; only admins may sync). */
export function useTemplates(channelId: string, enabled = true) {
  return useQuery({
    queryKey: qk.templates(channelId),
    queryFn: ({ signal }) => api<{ items: Template[] }>(`/api/channels/${channelId}/templates`, { signal }),
    select: (d) => d.items,
    enabled,
    staleTime: 60_000,
  });
}

export function useSyncTemplates(channelId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ items: Template[] }>(`/api/channels/${channelId}/templates/sync`, { method: "POST" }),
    onSuccess: (d) => qc.setQueryData(qk.templates(channelId), d),
  });
}
