/** The conversation list's plain values (no Zod: the console's first screen imports them). */

/** newest: last activity first; oldest_waiting: the customer waiting longest first; priority: urgent first, then waiting. */
export const conversationSorts = ["newest", "oldest_waiting", "priority"] as const;
export type ConversationSort = (typeof conversationSorts)[number];

/** What a bulk request may do to every selected conversation. */
export const bulkActions = [
  "resolve",
  "reopen",
  "pending",
  "snooze",
  "assign",
  "priority",
  "label",
  "unlabel",
] as const;
export type BulkAction = (typeof bulkActions)[number];
/** At most this many conversations per bulk request (one request stays well under a second or two). */
export const BULK_MAX = 500;

/** The chip colours offered when a label is made (any #rrggbb is accepted). */
export const labelColors = [
  "#ef4444",
  "#f97316",
  "#eab308",
  "#22c55e",
  "#14b8a6",
  "#3b82f6",
  "#6366f1",
  "#a855f7",
  "#ec4899",
  "#64748b",
] as const;
