import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { qk } from "@/lib/query-keys";
import type { Conversation, ConversationPage, DeliveryStatus, Message, MessagePage } from "@/lib/types";
import { compareForSort, type InboxFilters, matchesFilters } from "./filters";

export type ListData = InfiniteData<ConversationPage, string | null>;
export type MessagesData = InfiniteData<MessagePage, string | null>;

/** Put (or remove) one conversation in a loaded list, keeping the list's order (its sort). */
function placeInList(
  data: ListData,
  conv: Conversation,
  verdict: boolean | "unknown",
  sort: InboxFilters["sort"] = "newest",
): ListData {
  const newer = (a: Conversation, b: Conversation) => compareForSort(sort, a, b) < 0;
  const present = data.pages.some((p) => p.items.some((c) => c.id === conv.id));
  if (verdict === "unknown") {
    if (!present) return data;
    return {
      ...data,
      pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (c.id === conv.id ? conv : c)) })),
    };
  }
  let pages = present ? data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== conv.id) })) : data.pages;
  if (!verdict) return present ? { ...data, pages } : data;
  let placed = false;
  pages = pages.map((p, pi) => {
    if (placed) return p;
    const idx = p.items.findIndex((c) => newer(conv, c));
    const isLast = pi === pages.length - 1;
    if (idx >= 0 || (isLast && p.nextCursor === null)) {
      placed = true;
      const items = p.items.slice();
      items.splice(idx >= 0 ? idx : items.length, 0, conv);
      return { ...p, items };
    }
    return p;
  });
  return { ...data, pages };
}

export function findConversation(qc: QueryClient, id: string): Conversation | undefined {
  const detail = qc.getQueryData<Conversation>(qk.conversation(id));
  if (detail) return detail;
  for (const [, data] of qc.getQueriesData<ListData>({ queryKey: qk.conversationLists })) {
    for (const page of data?.pages ?? []) {
      const hit = page.items.find((c) => c.id === id);
      if (hit) return hit;
    }
  }
  return undefined;
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let firstScheduled = 0;
/** Debounced refetch of the conversation lists (at most ~every 10 s under sustained traffic). */
export function scheduleListRefresh(qc: QueryClient, delay = 2000) {
  const now = Date.now();
  if (!refreshTimer) firstScheduled = now;
  clearTimeout(refreshTimer);
  const wait = Math.max(0, Math.min(delay, firstScheduled + 10_000 - now));
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void qc.invalidateQueries({ queryKey: qk.conversationLists });
    void qc.invalidateQueries({ queryKey: qk.conversationCountsAll });
  }, wait);
}

export function upsertConversation(qc: QueryClient, conv: Conversation, meId: string, refresh = true) {
  qc.setQueryData(qk.conversation(conv.id), conv);
  for (const [key, data] of qc.getQueriesData<ListData>({ queryKey: qk.conversationLists })) {
    if (!data?.pages) continue;
    const filters = key[3] as InboxFilters | undefined;
    if (!filters) continue;
    qc.setQueryData<ListData>(key, placeInList(data, conv, matchesFilters(conv, filters, meId), filters.sort));
  }
  if (refresh) scheduleListRefresh(qc);
}

/**
 * The conversation left what this agent may see (reassigned, moved to another team): out of every
 * list now; an open thread refetches and shows "not found" (the server answers 404).
 */
export function dropConversation(qc: QueryClient, id: string) {
  for (const [key, data] of qc.getQueriesData<ListData>({ queryKey: qk.conversationLists })) {
    if (!data?.pages?.some((p) => p.items.some((c) => c.id === id))) continue;
    qc.setQueryData<ListData>(key, {
      ...data,
      pages: data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== id) })),
    });
  }
  void qc.invalidateQueries({ queryKey: qk.conversation(id) });
  void qc.invalidateQueries({ queryKey: qk.conversationCountsAll });
}

const rank: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

function merge(prev: Message, next: Message): Message {
  // Events can overtake each other: never move a delivery status backwards.
  if (next.status !== "failed" && prev.status !== "failed" && rank[prev.status] > rank[next.status]) {
    return { ...next, status: prev.status };
  }
  return next;
}

/** The cached copy of a message (the same object until something updates it). */
export function findMessage(qc: QueryClient, conversationId: string, id: string): Message | undefined {
  const data = qc.getQueryData<MessagesData>(qk.messages(conversationId));
  for (const p of data?.pages ?? []) {
    const hit = p.items.find((m) => m.id === id);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Insert or update a message. `ifAbsent` is for answers to our own requests: realtime events for the
 * same message can overtake them, and are newer (a send's answer is still `queued` when the socket
 * has already said `failed`).
 */
export function upsertMessage(qc: QueryClient, msg: Message, opts: { ifAbsent?: boolean } = {}) {
  if (opts.ifAbsent && findMessage(qc, msg.conversationId, msg.id)) return;
  qc.setQueryData<MessagesData>(qk.messages(msg.conversationId), (data) => {
    if (!data) return data;
    let found = false;
    const pages = data.pages.map((p) => {
      const i = p.items.findIndex((m) => m.id === msg.id);
      if (i < 0) return p;
      found = true;
      const items = p.items.slice();
      items[i] = merge(items[i]!, msg);
      return { ...p, items };
    });
    if (found) return { ...data, pages };
    const newest = pages[0];
    if (!newest) return data;
    // The server's copy of a message I am sending can arrive (realtime) before the send answers: it
    // replaces its optimistic placeholder instead of showing twice for a moment.
    const items = newest.items.slice();
    const placeholder = msg.id.startsWith("temp-")
      ? -1
      : items.findIndex(
          (m) =>
            m.id.startsWith("temp-") &&
            msg.senderType === "agent" &&
            m.sender.id === msg.sender.id &&
            m.private === msg.private &&
            m.content === msg.content,
        );
    if (placeholder >= 0) items.splice(placeholder, 1);
    let at = items.length;
    while (at > 0 && items[at - 1]!.createdAt > msg.createdAt && !items[at - 1]!.id.startsWith("temp-")) at--;
    items.splice(at, 0, msg);
    pages[0] = { ...newest, items };
    return { ...data, pages };
  });
}

export function removeMessage(qc: QueryClient, conversationId: string, id: string) {
  qc.setQueryData<MessagesData>(qk.messages(conversationId), (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((m) => m.id !== id) })) } : data,
  );
}

/** Reflect a new message in the conversation's list rows (preview, time, position). */
export function bumpConversation(qc: QueryClient, msg: Message, meId: string) {
  if (msg.private) return;
  const conv = findConversation(qc, msg.conversationId);
  if (!conv || conv.lastMessageAt > msg.createdAt) return;
  const preview = msg.content || (msg.attachments[0] ? `📎 ${msg.attachments[0].fileName}` : conv.lastMessagePreview);
  upsertConversation(
    qc,
    {
      ...conv,
      lastMessageAt: msg.createdAt,
      lastMessagePreview: preview,
      lastMessageSender:
        msg.senderType === "customer" ? null : { type: msg.senderType, id: msg.sender.id, name: msg.sender.name },
      waitingSince: msg.direction === "inbound" ? (conv.waitingSince ?? msg.createdAt) : null,
      lastInboundAt: msg.direction === "inbound" ? msg.createdAt : conv.lastInboundAt,
    },
    meId,
  );
}
