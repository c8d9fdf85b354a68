import type { CannedResponse, createCannedBody, updateCannedBody } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "@/lib/api";

export type { CannedResponse };
export type CannedInput = z.input<typeof createCannedBody>;
export type CannedPatch = z.input<typeof updateCannedBody>;

export const cannedKey = ["canned-responses"] as const;

/**
 * Every reply the agent is offered (their own and the shared ones), loaded once and searched in the
 * browser: the "/" menu filters on each keystroke without a request. The server caps the list at 500.
 */
export function useCannedResponses(enabled = true) {
  return useQuery({
    queryKey: cannedKey,
    queryFn: () => api<{ items: CannedResponse[] }>("/api/canned-responses"),
    select: (d) => d.items,
    staleTime: 60_000,
    enabled,
  });
}

/** Shortcut matches first (prefix, then anywhere), then title, then body; case-insensitive. */
export function searchCanned(items: CannedResponse[], query: string): CannedResponse[] {
  const q = query.trim().toLowerCase();
  if (!q) return items;
  const rank = (c: CannedResponse) => {
    if (c.shortcut.startsWith(q)) return 0;
    if (c.shortcut.includes(q)) return 1;
    if (c.title.toLowerCase().includes(q)) return 2;
    if (c.body.toLowerCase().includes(q)) return 3;
    return -1;
  };
  return items
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.c.shortcut.localeCompare(b.c.shortcut))
    .map((x) => x.c);
}

export function useSaveCanned() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CannedInput | CannedPatch }) =>
      id
        ? api<CannedResponse>(`/api/canned-responses/${id}`, { method: "PATCH", body })
        : api<CannedResponse>("/api/canned-responses", { method: "POST", body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: cannedKey }),
  });
}

export function useDeleteCanned() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/canned-responses/${id}`, { method: "DELETE" }),
    onSuccess: (_r, id) => {
      qc.setQueryData<{ items: CannedResponse[] }>(cannedKey, (d) =>
        d ? { items: d.items.filter((c) => c.id !== id) } : d,
      );
      void qc.invalidateQueries({ queryKey: cannedKey });
    },
  });
}
