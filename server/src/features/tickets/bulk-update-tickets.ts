import type { BulkTicketsBody, Ticket, TicketActor, TicketStatus } from "@switchboard/contracts";
import { inArray, sql } from "drizzle-orm";
import type { TicketStatusChange } from "../../platform/bus";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { toTickets } from "./queries";
import { checkReferences } from "./references";
import { type TicketRow, ticketEvents, tickets } from "./schema";
import { checkTransition, statusTimes } from "./transitions";

type Change = { field: string; from: unknown; to: unknown };
type Next = Pick<TicketRow, "status" | "priority" | "assigneeId" | "teamId" | "tags" | "solvedAt" | "closedAt">;

/** One ticket's new values under the bulk change, and what really changed (the same rules as updateTicket). */
function plan(row: TicketRow, c: BulkTicketsBody["changes"], role: "admin" | "agent" | "ai", now: Date) {
  if (row.status === "closed" && c.status !== "open")
    throw new AppError("invalid_transition", `Ticket #${row.number} is closed; an admin may reopen it`);
  const next: Next = { ...row };
  const changes: Change[] = [];
  if (c.priority !== undefined && c.priority !== row.priority) {
    next.priority = c.priority;
    changes.push({ field: "priority", from: row.priority, to: c.priority });
  }
  if (c.assigneeId !== undefined && c.assigneeId !== row.assigneeId) {
    next.assigneeId = c.assigneeId;
    changes.push({ field: "assignee", from: row.assigneeId, to: c.assigneeId });
  }
  if (c.teamId !== undefined && c.teamId !== row.teamId) {
    next.teamId = c.teamId;
    changes.push({ field: "team", from: row.teamId, to: c.teamId });
  }
  if (c.addTags || c.removeTags) {
    const remove = new Set(c.removeTags ?? []);
    const tags = [...new Set([...row.tags, ...(c.addTags ?? [])])].filter((t) => !remove.has(t));
    if (JSON.stringify(tags) !== JSON.stringify(row.tags)) {
      next.tags = tags;
      changes.push({ field: "tags", from: row.tags, to: tags });
    }
  }
  let status: TicketStatus | undefined = c.status;
  if (status === undefined && row.status === "new" && next.assigneeId && next.assigneeId !== row.assigneeId)
    status = "open";
  if (status !== undefined && status !== row.status) {
    try {
      checkTransition(row.status, status, role);
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, `Ticket #${row.number}: ${e.message}`);
      throw e;
    }
    changes.push({ field: "status", from: row.status, to: status });
    Object.assign(next, { status }, statusTimes(status, row, now));
  }
  return { next, changes };
}

/**
 * The same change on up to 500 tickets in one transaction: every ticket is locked and checked first
 * (an unknown id is a 404, a refused transition a 409-style invalid_transition, and nothing is
 * written); then one UPDATE from a jsonb recordset, one INSERT of all the `changed` events, and
 * after the commit one read-back (toTickets: 5 statements) and one `ticket.updated` per changed
 * ticket — the same event a single PATCH emits, so the sla feature and the status notices react alike.
 */
export async function bulkUpdateTickets(
  ctx: AppContext,
  actor: TicketActor,
  role: "admin" | "agent" | "ai",
  body: BulkTicketsBody,
): Promise<{ items: Ticket[]; changed: number }> {
  const { ids, changes: c } = body;
  await checkReferences(ctx.db, { assigneeId: c.assigneeId, teamId: c.teamId });
  const changed = await ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(tickets).where(inArray(tickets.id, ids)).orderBy(tickets.id).for("update");
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      throw new AppError("not_found", "Some tickets do not exist", {
        fieldErrors: { ids: [`Unknown ticket ${missing.slice(0, 5).join(", ")}`] },
      });
    }
    const now = new Date();
    const plans = rows.map((row) => ({ row, ...plan(row, c, role, now) })).filter((p) => p.changes.length);
    if (!plans.length) return new Map<string, { fields: string[]; statusChange?: TicketStatusChange }>();
    const values = plans.map(({ row, next }) => ({
      id: row.id,
      status: next.status,
      priority: next.priority,
      assignee_id: next.assigneeId,
      team_id: next.teamId,
      tags: next.tags,
      solved_at: next.solvedAt?.toISOString() ?? null,
      closed_at: next.closedAt?.toISOString() ?? null,
    }));
    await tx.execute(sql`
      update ${tickets} set
        status = v.status, priority = v.priority, assignee_id = v.assignee_id, team_id = v.team_id,
        tags = array(select jsonb_array_elements_text(v.tags)), solved_at = v.solved_at, closed_at = v.closed_at,
        updated_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as v(id uuid, status text, priority text, assignee_id uuid, team_id uuid, tags jsonb, solved_at timestamptz, closed_at timestamptz)
      where ${tickets.id} = v.id`);
    const by = { actorType: actor.type, actorId: actor.id, actorName: actor.name };
    const written = await tx
      .insert(ticketEvents)
      .values(
        plans.flatMap(({ row, changes }) =>
          changes.map((ch) => ({
            ...by,
            ticketId: row.id,
            kind: "changed" as const,
            field: ch.field,
            fromValue: ch.from,
            toValue: ch.to,
          })),
        ),
      )
      .returning({ id: ticketEvents.id, ticketId: ticketEvents.ticketId, field: ticketEvents.field });
    const statusEvents = new Map(written.filter((w) => w.field === "status").map((w) => [w.ticketId, w.id]));
    return new Map(
      plans.map((p) => {
        const moved = p.changes.find((ch) => ch.field === "status");
        const eventId = statusEvents.get(p.row.id);
        const statusChange: TicketStatusChange | undefined =
          moved && eventId ? { eventId, from: moved.from as TicketStatus, to: moved.to as TicketStatus } : undefined;
        return [p.row.id, { fields: p.changes.map((ch) => ch.field), statusChange }];
      }),
    );
  });
  const rows = await ctx.db.select().from(tickets).where(inArray(tickets.id, ids));
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const items = await toTickets(ctx.db, rows);
  for (const ticket of items) {
    const change = changed.get(ticket.id);
    if (change) ctx.bus.emit("ticket.updated", { ticket, ...change });
  }
  return { items, changed: changed.size };
}
