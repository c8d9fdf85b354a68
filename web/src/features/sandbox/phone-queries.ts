import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { ContactDetail, ConversationPage, PhoneMessage } from "@/lib/types";

/** What the simulated customer's phone shows, polled every second. */
export function useSandboxThread(channelId: string, customerId: string) {
  return useQuery({
    queryKey: qk.sandboxThread(channelId, customerId),
    queryFn: ({ signal }) =>
      api<{ items: PhoneMessage[] }>(`/api/sandbox/${channelId}/thread`, { query: { customerId }, signal }),
    select: (d) => d.items,
    enabled: !!customerId,
    refetchInterval: 1_000,
    staleTime: 0,
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[2] === channelId ? prev : undefined),
  });
}

export function useCustomerSays(channelId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { customerId: string; customerName: string; text: string }) =>
      api<{ externalId: string; webhookStatus: number }>(`/api/sandbox/${channelId}/messages`, {
        method: "POST",
        body,
      }),
    onSettled: (_d, _e, v) => qc.invalidateQueries({ queryKey: qk.sandboxThread(channelId, v.customerId) }),
  });
}

export function markPhoneRead(channelId: string, customerId: string) {
  return api<void>(`/api/sandbox/${channelId}/read`, { method: "POST", body: { customerId } });
}

/**
 * The inbox conversation of this simulated customer, once it exists. The sandbox API doesn't say, so look
 * through the channel's recent conversations: by number (WhatsApp), by name, then by the contact's identities.
 */
export function useSandboxConversation(channelId: string, customerId: string, started: boolean) {
  return useQuery({
    queryKey: ["sandbox", "conversation", channelId, customerId],
    queryFn: async ({ signal }) => {
      const page = await api<ConversationPage>("/api/conversations", {
        query: { channelId, status: "all", assignee: "any", limit: 20 },
        signal,
      });
      const byPhone = page.items.find((c) => c.contact.phone?.replace(/\D/g, "") === customerId);
      if (byPhone) return byPhone;
      for (const c of page.items.slice(0, 10)) {
        const contact = await api<ContactDetail>(`/api/contacts/${c.contact.id}`, { signal });
        if (contact.identities.some((i) => i.channelId === channelId && i.externalId === customerId)) return c;
      }
      return null;
    },
    enabled: !!customerId && started,
    refetchInterval: (query) => (query.state.data ? 15_000 : 2_000),
  });
}
