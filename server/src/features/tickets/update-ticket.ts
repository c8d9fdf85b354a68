import type { PatchTicketBody, Ticket, TicketActor, TicketStatus } from "@switchboard/contracts";
import { and, eq, inArray } from "drizzle-orm";
import type { TicketStatusChange } from "../../platform/bus";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import type { VisibilityScope } from "../agents";
import { getTicket } from "./queries";
import { checkReferences, linkableConversations } from "./references";
import { ticketConversations, ticketEvents, tickets } from "./schema";
import { checkTransition, statusTimes } from "./transitions";

type Change = { field: string; from: unknown; to: unknown };

const iso = (d: Date | null) => d?.toISOString() ?? null;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Custom fields compare by content, not key order (jsonb does not keep it). */
const sorted = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Changes any field of a ticket and links or unlinks conversations, in one transaction that locks the
 * row: each field that really changes is one `changed` event (old -> new; assignee, team and requester
 * as ids), each link one `linked` / `unlinked` event; a request that changes nothing writes nothing and
 * announces nothing. Status moves follow transitions.ts; giving a `new` ticket an assignee makes it
 * `open` (its own status event). `ticket.updated` goes out after the commit.
 */
export async function updateTicket(
  ctx: AppContext,
  actor: TicketActor,
  role: "admin" | "agent" | "ai",
  id: string,
  patch: PatchTicketBody,
  scope: VisibilityScope | undefined,
): Promise<Ticket> {
  await checkReferences(ctx.db, patch);
  const toLink = await linkableConversations(ctx.db, patch.linkConversationIds ?? [], scope, "linkConversationIds");
  const result = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(tickets).where(eq(tickets.id, id)).for("update");
    if (!row) throw notFound("Ticket");
    if (row.status === "closed" && patch.status !== "open")
      throw new AppError("invalid_transition", "A closed ticket cannot be changed; an admin may reopen it");

    const changes: Change[] = [];
    const set: Partial<typeof tickets.$inferInsert> = {};
    const field = <K extends keyof typeof tickets.$inferInsert>(
      name: string,
      key: K,
      next: (typeof tickets.$inferInsert)[K] | undefined,
      show: (v: unknown) => unknown = (v) => v,
    ) => {
      if (next === undefined) return;
      const before = show(row[key as keyof typeof row]);
      const after = show(next);
      if (same(before, after)) return;
      changes.push({ field: name, from: before, to: after });
      set[key] = next;
    };
    field("subject", "subject", patch.subject);
    field("description", "description", patch.description);
    field("priority", "priority", patch.priority);
    field("type", "type", patch.type);
    field("assignee", "assigneeId", patch.assigneeId);
    field("team", "teamId", patch.teamId);
    field("requester", "requesterId", patch.requesterId);
    field("tags", "tags", patch.tags);
    field("customFields", "customFields", patch.customFields, (v) => sorted(v as Record<string, unknown>));
    field(
      "dueAt",
      "dueAt",
      patch.dueAt === undefined ? undefined : patch.dueAt === null ? null : new Date(patch.dueAt),
      (v) => iso(v as Date | null),
    );

    let status: TicketStatus | undefined = patch.status;
    if (status === undefined && row.status === "new" && set.assigneeId) status = "open";
    if (status !== undefined && status !== row.status) {
      checkTransition(row.status, status, role);
      changes.push({ field: "status", from: row.status, to: status });
      const now = new Date();
      Object.assign(set, { status }, statusTimes(status, row, now));
    }

    const linkedNow = new Set(
      (
        await tx
          .select({ id: ticketConversations.conversationId })
          .from(ticketConversations)
          .where(eq(ticketConversations.ticketId, id))
      ).map((r) => r.id),
    );
    const link = toLink.map((c) => c.id).filter((c) => !linkedNow.has(c));
    const unlink = (patch.unlinkConversationIds ?? []).filter((c) => linkedNow.has(c) && !link.includes(c));
    if (!changes.length && !link.length && !unlink.length) return { fields: [] as string[], statusChange: undefined };

    await tx
      .update(tickets)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(tickets.id, id));
    if (link.length)
      await tx.insert(ticketConversations).values(link.map((conversationId) => ({ ticketId: id, conversationId })));
    if (unlink.length)
      await tx
        .delete(ticketConversations)
        .where(and(eq(ticketConversations.ticketId, id), inArray(ticketConversations.conversationId, unlink)));
    const by = { actorType: actor.type, actorId: actor.id, actorName: actor.name, ticketId: id };
    const written = await tx
      .insert(ticketEvents)
      .values([
        ...changes.map((c) => ({ ...by, kind: "changed" as const, field: c.field, fromValue: c.from, toValue: c.to })),
        ...link.map((c) => ({ ...by, kind: "linked" as const, field: "conversation", fromValue: null, toValue: c })),
        ...unlink.map((c) => ({
          ...by,
          kind: "unlinked" as const,
          field: "conversation",
          fromValue: c,
          toValue: null,
        })),
      ])
      .returning({ id: ticketEvents.id, field: ticketEvents.field, kind: ticketEvents.kind });
    const statusEvent = written.find((w) => w.kind === "changed" && w.field === "status");
    const moved = changes.find((c) => c.field === "status");
    const statusChange: TicketStatusChange | undefined =
      statusEvent && moved
        ? { eventId: statusEvent.id, from: moved.from as TicketStatus, to: moved.to as TicketStatus }
        : undefined;
    return {
      fields: [...changes.map((c) => c.field), ...(link.length || unlink.length ? ["conversations"] : [])],
      statusChange,
    };
  });
  const ticket = (await getTicket(ctx.db, id))!;
  if (result.fields.length)
    ctx.bus.emit("ticket.updated", { ticket, fields: result.fields, statusChange: result.statusChange });
  return ticket;
}
