import type { Segment, SegmentDefinition } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

const listKey = ["segments", "list"] as const;
type Sample = { id: string; name: string | null; phone: string | null; email: string | null };

export function useSegments() {
  return useQuery({
    queryKey: listKey,
    queryFn: ({ signal }) => api<{ items: Segment[] }>("/api/segments", { signal }),
    select: (d) => d.items,
  });
}

/** The live count of the definition being edited; the caller debounces `definition`. */
export function useSegmentCount(definition: SegmentDefinition) {
  return useQuery({
    queryKey: ["segments", "count", definition],
    queryFn: ({ signal }) =>
      api<{ count: number; sample: Sample[] }>("/api/segments/count", {
        method: "POST",
        body: { definition },
        signal,
      }),
    placeholderData: (prev) => prev,
    retry: false,
  });
}

export function useSaveSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: { id?: string; name: string; definition: SegmentDefinition }) =>
      s.id
        ? api<Segment>(`/api/segments/${s.id}`, { method: "PATCH", body: { name: s.name, definition: s.definition } })
        : api<Segment>("/api/segments", { method: "POST", body: { name: s.name, definition: s.definition } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: listKey }),
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/segments/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: listKey }),
  });
}
