import type { Conversation, Priority, StatusFilter } from "@/lib/types";

export type InboxView = "mine" | "unassigned" | "all";

export interface InboxFilters {
  view: InboxView;
  status: StatusFilter;
  channelId: string | null;
  priority: Priority | null;
  q: string;
}

export const defaultFilters: InboxFilters = { view: "all", status: "open", channelId: null, priority: null, q: "" };

export function filtersToQuery(f: InboxFilters) {
  return {
    assignee: f.view === "mine" ? "me" : f.view === "unassigned" ? "unassigned" : "any",
    status: f.status,
    channelId: f.channelId ?? undefined,
    priority: f.priority ?? undefined,
    q: f.q.trim() || undefined,
    limit: 50,
  };
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
