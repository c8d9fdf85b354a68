import type {
  ContactConsent,
  ContactField,
  ContactImport,
  StartContactImportInput,
  UpdateConsentInput,
} from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRealtimeEvent } from "@/features/realtime/realtime-provider";
import { api } from "@/lib/api";

const importKey = (id: string) => ["contacts", "imports", id] as const;

export function useContactFields() {
  return useQuery({
    queryKey: ["contacts", "fields"],
    queryFn: ({ signal }) => api<{ items: ContactField[] }>("/api/contact-fields", { signal }),
    select: (d) => d.items,
  });
}

/** One import, kept current by the socket's contact_import.updated events (and a fetch on open). */
export function useContactImport(id: string | null) {
  const qc = useQueryClient();
  useRealtimeEvent((event) => {
    if (event.type !== "contact_import.updated" || event.import.id !== id) return;
    qc.setQueryData(importKey(id), event.import);
    // The table behind the wizard shows the new contacts once the import ends.
    if (!["queued", "running"].includes(event.import.status))
      void qc.invalidateQueries({ queryKey: ["contacts", "list"] });
  });
  return useQuery({
    queryKey: importKey(id ?? "none"),
    queryFn: ({ signal }) => api<ContactImport>(`/api/contacts/imports/${id}`, { signal }),
    enabled: !!id,
    // Events are the fast path; a slow poll covers a socket that reconnected and missed one.
    refetchInterval: (q) => (["queued", "running"].includes(q.state.data?.status ?? "") ? 5000 : false),
  });
}

export function useUploadImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return api<ContactImport>("/api/contacts/imports", { method: "POST", body: form });
    },
    onSuccess: (imp) => qc.setQueryData(importKey(imp.id), imp),
  });
}

export function useStartImport(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StartContactImportInput) =>
      api<ContactImport>(`/api/contacts/imports/${id}/start`, { method: "POST", body }),
    onSuccess: (imp) => qc.setQueryData(importKey(id), imp),
  });
}

export function useCancelImport(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<ContactImport>(`/api/contacts/imports/${id}/cancel`, { method: "POST" }),
    onSuccess: (imp) => qc.setQueryData(importKey(id), imp),
  });
}

const consentKey = (id: string) => ["contacts", "consent", id] as const;

export function useConsent(contactId: string) {
  return useQuery({
    queryKey: consentKey(contactId),
    queryFn: ({ signal }) => api<ContactConsent>(`/api/contacts/${contactId}/consent`, { signal }),
  });
}

export function useUpdateConsent(contactId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateConsentInput) =>
      api<ContactConsent>(`/api/contacts/${contactId}/consent`, { method: "PATCH", body }),
    onSuccess: (c) => qc.setQueryData(consentKey(contactId), c),
  });
}
