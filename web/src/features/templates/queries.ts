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

export interface TemplateRow {
  id: string;
  channelId: string;
  externalId: string | null;
  name: string;
  language: string;
  category: string | null;
  status: string;
  rejectedReason: string | null;
  qualityScore: string | null;
  parameterFormat: string;
  definition: unknown;
  content: import("@switchboard/contracts/values").TemplateContent;
  headerMedia: { fileName: string; contentType: string; size: number; mediaId: string | null } | null;
  submittedAt: string | null;
  updatedAt: string;
}

export const allTemplatesKey = ["templates", "all"] as const;

/** Every template (drafts and Meta's); kept live by the template.updated / template.removed events. */
export function useAllTemplates(filter: { channel?: string; status?: string }) {
  return useQuery({
    queryKey: [...allTemplatesKey, filter],
    queryFn: ({ signal }) => api<{ items: TemplateRow[] }>("/api/templates", { signal, query: filter }),
    select: (d) => d.items,
  });
}

export function useTemplateActions() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: allTemplatesKey });
  return {
    create: useMutation({
      mutationFn: (body: Record<string, unknown>) => api<TemplateRow>("/api/templates", { method: "POST", body }),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) =>
        api<TemplateRow>(`/api/templates/${id}`, { method: "PATCH", body }),
      onSuccess,
    }),
    submit: useMutation({
      mutationFn: (id: string) => api<TemplateRow>(`/api/templates/${id}/submit`, { method: "POST" }),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => api(`/api/templates/${id}`, { method: "DELETE" }), onSuccess }),
    sync: useMutation({
      mutationFn: (channelId: string) => api("/api/templates/sync", { method: "POST", body: { channelId } }),
      onSuccess,
    }),
    upload: useMutation({
      mutationFn: ({ id, file }: { id: string; file: File }) => {
        const form = new FormData();
        form.append("file", file);
        return api<TemplateRow>(`/api/templates/${id}/header-media`, { method: "POST", body: form });
      },
      onSuccess,
    }),
  };
}
