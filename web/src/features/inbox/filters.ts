import type { ConversationSort } from "@switchboard/contracts/values";
import type { Conversation, Priority, StatusFilter } from "@/lib/types";

export type InboxView = "mine" | "unassigned" | "all";

export interface InboxFilters {
  view: InboxView;
  status: StatusFilter;
  channelId: string | null;
  priority: Priority | null;
  /** Only conversations carrying this label. */
  label: string | null;
  sort: ConversationSort;
  q: string;
}

export const defaultFilters: InboxFilters = {
  view: "all",
  status: "open",
  channelId: null,
  priority: null,
  label: null,
  sort: "newest",
  q: "",
};

export function filtersToQuery(f: InboxFilters) {
  return {
    assignee: f.view === "mine" ? "me" : f.view === "unassigned" ? "unassigned" : "any",
    status: f.status,
    channelId: f.channelId ?? undefined,
    priority: f.priority ?? undefined,
    label: f.label ?? undefined,
    sort: f.sort === "newest" ? undefined : f.sort,
    q: f.q.trim() || undefined,
    limit: 50,
  };
}

/** The filters the tab counts depend on (not the view, the search or the sort). */
export function countsQuery(f: InboxFilters) {
  return {
    status: f.status,
    channelId: f.channelId ?? undefined,
    priority: f.priority ?? undefined,
    label: f.label ?? undefined,
  };
}

const priorityRank: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const waitingKey = (c: Conversation) => c.waitingSince ?? "\uffff";

/**
 * Negative when a comes before b in a list with this sort: the same order as the server's, so a
 * conversation updated live lands where a refetch would put it.
 */
export function compareForSort(sort: ConversationSort, a: Conversation, b: Conversation): number {
  if (sort === "newest") return a.lastMessageAt > b.lastMessageAt ? -1 : a.lastMessageAt < b.lastMessageAt ? 1 : 0;
  if (sort === "priority") {
    const d = priorityRank[a.priority] - priorityRank[b.priority];
    if (d) return d;
  }
  const wa = waitingKey(a);
  const wb = waitingKey(b);
  return wa < wb ? -1 : wa > wb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function isSnoozed(c: Pick<Conversation, "snoozedUntil">, now = Date.now()): boolean {
  return !!c.snoozedUntil && new Date(c.snoozedUntil).getTime() > now;
}

/**
 * Whether a conversation belongs in a list with these filters, as far as the client can tell.
 * "unknown" when a full-text search is involved: only the server can answer that.
 */
export function matchesFilters(c: Conversation, f: InboxFilters, meId: string): boolean | "unknown" {
  if (f.view === "mine" && c.assignee?.id !== meId) return false;
  if (f.view === "unassigned" && c.assignee !== null) return false;
  if (f.channelId && c.channelId !== f.channelId) return false;
  if (f.priority && c.priority !== f.priority) return false;
  if (f.label && !c.labels?.some((l) => l.id === f.label)) return false;
  const snoozed = isSnoozed(c);
  if (f.status === "snoozed" && !snoozed) return false;
  if (f.status !== "snoozed" && f.status !== "all" && (c.status !== f.status || snoozed)) return false;
  return f.q.trim() ? "unknown" : true;
}

const STORAGE_KEY = "sb.inbox.filters";

export function loadFilters(): InboxFilters {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return defaultFilters;
    const saved = JSON.parse(raw) as Partial<InboxFilters>;
    return { ...defaultFilters, ...saved, q: "" };
  } catch {
    return defaultFilters;
  }
}

export function saveFilters(f: InboxFilters) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...f, q: "" }));
  } catch {
    // ignore
  }
}
