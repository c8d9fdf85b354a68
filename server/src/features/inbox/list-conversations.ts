import type { ConversationCounts, ConversationSort, ListConversationsQuery } from "@switchboard/contracts";
import { slaStatesOf } from "../sla";
import { and, eq, gt, ilike, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { decodeListCursor, encodeListCursor } from "./cursor";
import { conversationLabels } from "./labels/schema";
import { type ConversationRow, conversationQuery, toConversation } from "./queries";
import { contacts, conversations, messages } from "./schema";
import { scopeWhere, type VisibilityScope } from "./visibility";

/** `scope`: the caller's visibility (agents/visibility.ts); absent means every conversation. */
type ListQuery = Omit<ListConversationsQuery, "sort" | "limit"> & { userId: string; scope?: VisibilityScope };

/** Every filter but the keyset, shared by the list and the tab counts. */
function filters(q: Omit<ListQuery, "cursor">, opts: { assignee: boolean }): SQL[] {
  const where: SQL[] = [];
  // Visibility is one more condition of the same statement, never a filter after the fact.
  const visible = q.scope ? scopeWhere(q.scope) : undefined;
  if (visible) where.push(visible);
  const now = new Date();
  const notSnoozed = or(isNull(conversations.snoozedUntil), lt(conversations.snoozedUntil, now))!;
  if (q.status === "snoozed") where.push(isNotNull(conversations.snoozedUntil), gt(conversations.snoozedUntil, now));
  else if (q.status !== "all") where.push(eq(conversations.status, q.status), notSnoozed);
  if (opts.assignee) {
    if (q.assignee === "me") where.push(eq(conversations.assigneeId, q.userId));
    else if (q.assignee === "unassigned") where.push(isNull(conversations.assigneeId));
    else if (q.assignee !== "any") where.push(eq(conversations.assigneeId, q.assignee));
  }
  if (q.channelId) where.push(eq(conversations.channelId, q.channelId));
  if (q.priority) where.push(eq(conversations.priority, q.priority));
  if (q.label) {
    where.push(
      sql`exists (select 1 from ${conversationLabels} cl where cl.conversation_id = ${conversations.id} and cl.label_id = ${q.label})`,
    );
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(
      or(
        ilike(contacts.name, like),
        ilike(contacts.email, like),
        ilike(contacts.phone, like),
        sql`exists (select 1 from ${messages} m where m.conversation_id = ${conversations.id} and to_tsvector('simple', m.content) @@ plainto_tsquery('simple', ${q.q}))`,
      )!,
    );
  }
  return where;
}

// Nobody waiting sorts after everyone waiting (nulls last) and the keys stay comparable as a row.
const waiting = sql`coalesce(${conversations.waitingSince}, 'infinity'::timestamptz)`;
const priorityRank = sql`(case ${conversations.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)`;

/**
 * Each sort as its keys (ending with the id, so the order is total) and one direction for all of
 * them, so the next page is a single row comparison against the last row's keys.
 */
const sorts: Record<ConversationSort, { keys: { expr: SQL; cast: string }[]; dir: "asc" | "desc" }> = {
  newest: { keys: [{ expr: sql`${conversations.lastMessageAt}`, cast: "timestamptz" }], dir: "desc" },
  oldest_waiting: { keys: [{ expr: waiting, cast: "timestamptz" }], dir: "asc" },
  priority: {
    keys: [
      { expr: priorityRank, cast: "int" },
      { expr: waiting, cast: "timestamptz" },
    ],
    dir: "asc",
  },
};

export async function listConversations(
  db: Db,
  q: ListConversationsQuery & { userId: string; scope?: VisibilityScope },
) {
  const sort = sorts[q.sort];
  const where = filters(q, { assignee: true });
  const cursor = decodeListCursor(q.cursor, q.sort, sort.keys.length);
  if (cursor) {
    const mine = sql.join([...sort.keys.map((k) => k.expr), sql`${conversations.id}`], sql`, `);
    const theirs = sql.join(
      [...sort.keys.map((k, i) => sql`${cursor.keys[i]}::${sql.raw(k.cast)}`), sql`${cursor.id}::uuid`],
      sql`, `,
    );
    where.push(sort.dir === "desc" ? sql`(${mine}) < (${theirs})` : sql`(${mine}) > (${theirs})`);
  }
  const order = [...sort.keys.map((k) => k.expr), sql`${conversations.id}`].map((e) =>
    sort.dir === "desc" ? sql`${e} desc` : sql`${e} asc`,
  );
  const keyColumns = sort.keys.map((k) => sql<string>`(${k.expr})::text`);
  const rows = (await conversationQuery(db, { k0: keyColumns[0]!, k1: keyColumns[1] ?? sql<string>`''` })
    .where(and(...where))
    .orderBy(...order)
    .limit(q.limit + 1)) as (ConversationRow & { k0: string; k1: string })[];
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  // The rows' SLA badges: one statement for the page (the sla feature's clocks).
  const slas = await slaStatesOf(
    db,
    "conversation",
    page.map((r) => r.c.id),
  );
  return {
    items: page.map((r) => {
      const c = toConversation(r);
      const sla = slas.get(c.id);
      return sla ? { ...c, sla } : c;
    }),
    nextCursor:
      rows.length > q.limit && last
        ? encodeListCursor(q.sort, [last.k0, last.k1].slice(0, sort.keys.length), last.c.id)
        : null,
  };
}

/**
 * The Mine / Unassigned / All numbers under the same status, channel, label and priority filters
 * (not the text search: counting a search would cost a scan per keystroke). One statement over the
 * status index.
 */
export async function countConversations(db: Db, q: Omit<ListQuery, "cursor" | "q">): Promise<ConversationCounts> {
  const where = filters({ ...q, q: undefined }, { assignee: false });
  const [row] = await db
    .select({
      mine: sql<number>`count(*) filter (where ${conversations.assigneeId} = ${q.userId})`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where ${conversations.assigneeId} is null)`.mapWith(Number),
      all: sql<number>`count(*)`.mapWith(Number),
    })
    .from(conversations)
    .where(and(...where));
  return row ?? { mine: 0, unassigned: 0, all: 0 };
}
