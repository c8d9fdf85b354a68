import type { InboxFilters } from "@/features/inbox/filters";

export const qk = {
  setup: ["setup"] as const,
  me: ["me"] as const,
  agents: ["agents"] as const,
  channels: ["channels"] as const,
  channel: (id: string) => ["channels", id] as const,
  channelEvents: (id: string) => ["channels", id, "events"] as const,
  templates: (channelId: string) => ["templates", channelId] as const,
  sandbox: ["sandbox"] as const,
  sandboxThread: (channelId: string, customerId: string) => ["sandbox", "thread", channelId, customerId] as const,
  conversations: ["conversations"] as const,
  conversationLists: ["conversations", "list"] as const,
  conversationList: (filters: InboxFilters, meId: string) => ["conversations", "list", meId, filters] as const,
  conversation: (id: string) => ["conversations", "detail", id] as const,
  messagesAll: ["messages"] as const,
  messages: (conversationId: string) => ["messages", conversationId] as const,
  contacts: ["contacts"] as const,
  contactList: (q: string) => ["contacts", "list", q] as const,
  contact: (id: string) => ["contacts", "detail", id] as const,
};
