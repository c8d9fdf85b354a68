import type { ListTicketsQuery, Ticket } from "@switchboard/contracts";
import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { nextDeadlineExpr, slaStateCondition } from "../sla";
import { toTickets } from "./queries";
import { ticketConversations, tickets } from "./schema";

const ms = (col: SQL | AnyPgColumn) => sql`floor(extract(epoch from ${col}) * 1000)`;
const rank = sql`(case ${tickets.priority} when 'urgent' then 4 when 'high' then 3 when 'normal' then 2 else 1 end)`;
/** Past any real date, so tickets without a due date sort last in "due soonest first". */
const NO_DUE = "99999999999999";

type Key = { expr: SQL | AnyPgColumn; type: "numeric" | "timestamptz" };
const num = (expr: SQL): Key => ({ expr, type: "numeric" });
const time = (expr: AnyPgColumn): Key => ({ expr, type: "timestamptz" });

/**
 * Each sort is a tuple of keys ending with the id, in one direction, so the next page is one row
 * comparison. Created and updated compare the columns themselves, so they walk their indexes
 * (`tickets_created_idx`, `tickets_updated_idx`); priority and due are expressions (numeric keys,
 * timestamps as whole milliseconds, the columns' precision, so keys are exact).
 */
const sorts: Record<ListTicketsQuery["sort"], { keys: Key[]; dir: "asc" | "desc" }> = {
  created: { keys: [time(tickets.createdAt)], dir: "desc" },
  updated: { keys: [time(tickets.updatedAt)], dir: "desc" },
  priority: { keys: [num(rank), num(ms(tickets.createdAt))], dir: "desc" },
  due: { keys: [num(sql`coalesce(${ms(tickets.dueAt)}, ${NO_DUE})`), num(ms(tickets.createdAt))], dir: "asc" },
  // The soonest running SLA deadline (stored by the sla feature), tickets without one last.
  sla: {
    keys: [num(sql`coalesce(${ms(nextDeadlineExpr("ticket", tickets.id))}, ${NO_DUE})`), num(ms(tickets.createdAt))],
    dir: "asc",
  },
};

function encodeCursor(sort: string, keys: string[], id: string) {
  return Buffer.from(JSON.stringify({ s: sort, k: keys, id })).toString("base64url");
}

function decodeCursor(cursor: string | undefined, sort: string, count: number): { keys: string[]; id: string } | null {
  if (!cursor) return null;
  let v: { s?: unknown; k?: unknown; id?: unknown };
  try {
    v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new AppError("bad_request", "Invalid cursor");
  }
  const ok =
    v?.s === sort &&
    Array.isArray(v.k) &&
    v.k.length === count &&
    v.k.every((k) => typeof k === "string" && /^[0-9 :.+\-T]{1,40}$/.test(k)) &&
    typeof v.id === "string" &&
    /^[0-9a-f-]{36}$/i.test(v.id);
  if (!ok) throw new AppError("bad_request", "Invalid cursor");
  return { keys: v.k as string[], id: v.id as string };
}

export function ticketFilters(q: ListTicketsQuery, me: string): SQL[] {
  const where: SQL[] = [];
  if (q.status === "unsolved") where.push(inArray(tickets.status, ["new", "open", "pending", "on_hold"]));
  else if (q.status) where.push(eq(tickets.status, q.status));
  if (q.priority) where.push(eq(tickets.priority, q.priority));
  if (q.type) where.push(eq(tickets.type, q.type));
  if (q.assignee === "unassigned") where.push(isNull(tickets.assigneeId));
  else if (q.assignee) where.push(eq(tickets.assigneeId, q.assignee === "me" ? me : q.assignee));
  if (q.team === "none") where.push(isNull(tickets.teamId));
  else if (q.team) where.push(eq(tickets.teamId, q.team));
  if (q.tag) where.push(sql`${tickets.tags} @> array[${q.tag}]::text[]`);
  if (q.sla) where.push(slaStateCondition("ticket", tickets.id, q.sla));
  if (q.q) {
    const like = sql`${tickets.subject} ilike ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
    const n = /^#?(\d{1,9})$/.exec(q.q)?.[1];
    where.push(n ? sql`(${tickets.number} = ${Number(n)} or ${like})` : like);
  }
  if (q.requester) where.push(eq(tickets.requesterId, q.requester));
  if (q.conversation)
    where.push(
      inArray(
        tickets.id,
        sql`(select ${ticketConversations.ticketId} from ${ticketConversations} where ${ticketConversations.conversationId} = ${q.conversation})`,
      ),
    );
  return where;
}

/** One page of tickets under the filters, in the chosen order (keyset cursor). */
export async function listTickets(
  db: Db,
  me: string,
  q: ListTicketsQuery,
): Promise<{ items: Ticket[]; nextCursor: string | null }> {
  const sort = sorts[q.sort];
  const where = ticketFilters(q, me);
  const cursor = decodeCursor(q.cursor, q.sort, sort.keys.length);
  const tuple = sql.join([...sort.keys.map((k) => sql`${k.expr}`), sql`${tickets.id}`], sql`, `);
  if (cursor) {
    const values = sql.join(
      [...cursor.keys.map((k, i) => sql`${k}::${sql.raw(sort.keys[i]!.type)}`), sql`${cursor.id}::uuid`],
      sql`, `,
    );
    where.push(sort.dir === "desc" ? sql`(${tuple}) < (${values})` : sql`(${tuple}) > (${values})`);
  }
  const order = [...sort.keys.map((k) => k.expr), tickets.id].map((k) =>
    sort.dir === "desc" ? sql`${k} desc` : sql`${k} asc`,
  );
  // Keys as the database prints them (timestamps to the microsecond, in the session's zone), read back with the same cast.
  const keys = sql<string[]>`array[${sql.join(
    sort.keys.map((k) => sql`(${k.expr})::text`),
    sql`, `,
  )}]`;
  const rows = await db
    .select({ t: tickets, keys })
    .from(tickets)
    .where(where.length ? and(...where) : undefined)
    .orderBy(...order)
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: await toTickets(
      db,
      page.map((r) => r.t),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor(q.sort, parseKeys(last.keys), last.t.id) : null,
  };
}

/** A text[] comes back as an array from node-postgres and PGlite alike; a string literal is parsed just in case. */
function parseKeys(v: string[] | string): string[] {
  return Array.isArray(v) ? v.map(String) : v.replace(/^\{|\}$/g, "").split(",");
}
