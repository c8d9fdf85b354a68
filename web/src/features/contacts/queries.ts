import type { ChannelType, ContactSort, ContactTablePage, CreateContactInput } from "@switchboard/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Contact, ContactDetail, ContactPage, Conversation, UpdateContactInput } from "@/lib/types";
import type { ListData } from "../inbox/cache";

export function useContactList(q: string) {
  return useInfiniteQuery({
    queryKey: qk.contactList(q),
    queryFn: ({ pageParam, signal }) =>
      api<ContactPage>("/api/contacts", {
        query: { q: q.trim() || undefined, cursor: pageParam ?? undefined, limit: 50 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
  });
}

export function useContact(id: string | null) {
  return useQuery({
    queryKey: qk.contact(id ?? "none"),
    queryFn: ({ signal }) => api<ContactDetail>(`/api/contacts/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useUpdateContact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateContactInput) => api<Contact>(`/api/contacts/${id}`, { method: "PATCH", body }),
    onSuccess: (contact) => {
      qc.setQueryData<ContactDetail>(qk.contact(id), (d) => (d ? { ...d, ...contact } : d));
      const summary = { name: contact.name, email: contact.email, phone: contact.phone, avatarUrl: contact.avatarUrl };
      const patchConv = (c: Conversation) =>
        c.contact.id === id ? { ...c, contact: { ...c.contact, ...summary } } : c;
      qc.setQueriesData<Conversation>({ queryKey: ["conversations", "detail"] }, (c) => (c ? patchConv(c) : c));
      qc.setQueriesData<ListData>({ queryKey: qk.conversationLists }, (d) =>
        d ? { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map(patchConv) })) } : d,
      );
      void qc.invalidateQueries({ queryKey: ["contacts", "list"] });
    },
  });
}

/** Merge `otherId` into `keepId`: identities, conversations and messages move; the other contact is removed. */
export function useMergeContacts() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ keepId, otherId }: { keepId: string; otherId: string }) =>
      api<ContactDetail>(`/api/contacts/${keepId}/merge`, { method: "POST", body: { otherContactId: otherId } }),
    onSuccess: (kept, { otherId }) => {
      qc.setQueryData(qk.contact(kept.id), kept);
      qc.removeQueries({ queryKey: qk.contact(otherId) });
      void qc.invalidateQueries({ queryKey: ["contacts", "list"] });
      void qc.invalidateQueries({ queryKey: qk.conversations });
    },
  });
}

export type ContactTableFilter = {
  q: string;
  channel: ChannelType | null;
  hasPhone: boolean | null;
  hasEmail: boolean | null;
  label: string | null;
  sort: ContactSort;
  dir: "asc" | "desc";
};

export const defaultTableFilter: ContactTableFilter = {
  q: "",
  channel: null,
  hasPhone: null,
  hasEmail: null,
  label: null,
  sort: "createdAt",
  dir: "desc",
};

/** The filter as the API's query (list and CSV export take the same one). */
export function tableQuery(f: ContactTableFilter) {
  return {
    q: f.q.trim() || undefined,
    channel: f.channel ?? undefined,
    hasPhone: f.hasPhone ?? undefined,
    hasEmail: f.hasEmail ?? undefined,
    label: f.label ?? undefined,
    sort: f.sort,
    dir: f.dir,
  };
}

export function useContactTable(f: ContactTableFilter) {
  return useInfiniteQuery({
    queryKey: ["contacts", "list", "table", tableQuery(f)],
    queryFn: ({ pageParam, signal }) =>
      api<ContactTablePage>("/api/contacts", {
        query: { ...tableQuery(f), cursor: pageParam ?? undefined, limit: 50 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
  });
}

export function useCreateContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateContactInput) => api<Contact>("/api/contacts", { method: "POST", body }),
    onSuccess: (c) => {
      qc.setQueryData(qk.contact(c.id), { ...c, conversations: [] });
      void qc.invalidateQueries({ queryKey: ["contacts", "list"] });
    },
  });
}

export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ deletedConversations: number }>(`/api/contacts/${id}`, { method: "DELETE" }),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: qk.contact(id) });
      void qc.invalidateQueries({ queryKey: ["contacts", "list"] });
      void qc.invalidateQueries({ queryKey: qk.conversations });
    },
  });
}

export function useDeleteConversation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/conversations/${id}`, { method: "DELETE" }),
    onSuccess: (_r, id) => {
      // Out of every loaded list at once, then refetched (counts, the next page).
      qc.setQueriesData<ListData>({ queryKey: qk.conversationLists }, (d) =>
        d ? { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== id) })) } : d,
      );
      qc.removeQueries({ queryKey: ["conversations", "detail", id] });
      void qc.invalidateQueries({ queryKey: qk.conversations });
      void qc.invalidateQueries({ queryKey: qk.contacts });
    },
  });
}
