import type { AiSettingsView, KnowledgeEmbeddingStatus, UpdateAiSettingsBody } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Channel } from "@/lib/types";

// The AI feature's own query keys (the shared qk table belongs to the inbox and settings).
export const aiKeys = { settings: ["ai", "settings"] as const, embeddings: ["knowledge", "embeddings"] as const };

/** How far the knowledge base is embedded; polled while a run is behind (it runs as a job). */
export function useEmbeddingStatus() {
  return useQuery({
    queryKey: aiKeys.embeddings,
    queryFn: ({ signal }) => api<KnowledgeEmbeddingStatus>("/api/knowledge/embeddings", { signal }),
    refetchInterval: (q) => {
      const d = q.state.data;
      return d?.model && d.embedded < d.total ? 3000 : false;
    },
  });
}

export function useAiSettings() {
  return useQuery({
    queryKey: aiKeys.settings,
    queryFn: ({ signal }) => api<AiSettingsView>("/api/ai/settings", { signal }),
  });
}

export function useSaveAiSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAiSettingsBody) => api<AiSettingsView>("/api/ai/settings", { method: "PUT", body }),
    onSuccess: (view) => {
      qc.setQueryData(aiKeys.settings, view);
      void qc.invalidateQueries({ queryKey: aiKeys.embeddings });
    },
  });
}

/** The channels for the per-channel switches (the same cache entry as the channels page). */
export function useChannelList() {
  return useQuery({
    queryKey: qk.channels,
    queryFn: () => api<{ items: Channel[] }>("/api/channels"),
    select: (d) => d.items,
  });
}
