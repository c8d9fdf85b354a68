import type { Ticket, TicketComment, TicketEvent } from "@switchboard/contracts";
import { and, asc, eq, inArray, isNull, notInArray, or } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { teamRefs, userRefs } from "../agents";
import { contactSummaries } from "../inbox";
import { slaStatesOf } from "../sla";
import { type TicketRow, ticketComments, ticketConversations, ticketEvents, tickets } from "./schema";

/**
 * Rows -> public tickets. Names come from the agents' and the inbox's public queries (one statement
 * each, whatever the page size), links from our own table, SLA states from the sla feature: 5
 * statements for any page.
 */
export async function toTickets(db: Db, rows: TicketRow[]): Promise<Ticket[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [people, teamsById, contacts, links, slas] = await Promise.all([
    userRefs(
      db,
      rows.flatMap((r) => (r.assigneeId ? [r.assigneeId] : [])),
    ),
    teamRefs(
      db,
      rows.flatMap((r) => (r.teamId ? [r.teamId] : [])),
    ),
    contactSummaries(
      db,
      rows.flatMap((r) => (r.requesterId ? [r.requesterId] : [])),
    ),
    db
      .select({ ticketId: ticketConversations.ticketId, conversationId: ticketConversations.conversationId })
      .from(ticketConversations)
      .where(inArray(ticketConversations.ticketId, ids))
      .orderBy(asc(ticketConversations.createdAt), asc(ticketConversations.conversationId)),
    slaStatesOf(db, "ticket", ids),
  ]);
  return rows.map((r) => {
    const assignee = r.assigneeId ? people.get(r.assigneeId) : undefined;
    return {
      id: r.id,
      number: r.number,
      subject: r.subject,
      description: r.description,
      priority: r.priority,
      status: r.status,
      type: r.type,
      assignee: assignee ? { id: assignee.id, name: assignee.name, avatarUrl: assignee.avatarUrl } : null,
      team: (r.teamId && teamsById.get(r.teamId)) || null,
      requester: (r.requesterId && contacts.get(r.requesterId)) || null,
      tags: r.tags,
      customFields: r.customFields,
      dueAt: r.dueAt?.toISOString() ?? null,
      createdBy: { type: r.createdByType, id: r.createdById, name: r.createdByName },
      conversationIds: links.filter((l) => l.ticketId === r.id).map((l) => l.conversationId),
      solvedAt: r.solvedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      sla: slas.get(r.id) ?? { state: "none", nextDeadlineAt: null, targets: [] },
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

export async function getTicketRow(db: Db, id: string): Promise<TicketRow | null> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id)).limit(1);
  return row ?? null;
}

export async function getTicket(db: Db, id: string): Promise<Ticket | null> {
  const row = await getTicketRow(db, id);
  return row ? ((await toTickets(db, [row]))[0] ?? null) : null;
}

/** Several tickets in one read (toTickets' statements, whatever the count): SLA alerts fire in batches. */
export async function getTickets(db: Db, ids: string[]): Promise<Map<string, Ticket>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(tickets).where(inArray(tickets.id, ids));
  return new Map((await toTickets(db, rows)).map((t) => [t.id, t]));
}

export async function listTicketComments(db: Db, ticketId: string): Promise<TicketComment[]> {
  const rows = await db
    .select()
    .from(ticketComments)
    .where(eq(ticketComments.ticketId, ticketId))
    .orderBy(asc(ticketComments.createdAt), asc(ticketComments.id));
  return rows.map((c) => ({
    id: c.id,
    ticketId: c.ticketId,
    body: c.body,
    author: { type: c.authorType, id: c.authorId, name: c.authorName },
    createdAt: c.createdAt.toISOString(),
  }));
}

export async function listTicketEvents(db: Db, ticketId: string): Promise<TicketEvent[]> {
  const rows = await db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.seq));
  return rows.map((e) => ({
    id: e.id,
    kind: e.kind,
    field: e.field,
    from: e.fromValue ?? null,
    to: e.toValue ?? null,
    actor: { type: e.actorType, id: e.actorId, name: e.actorName },
    createdAt: e.createdAt.toISOString(),
  }));
}

/**
 * The unsolved tickets whose requester is the contact, or that have no requester and are linked to one
 * of its conversations (the SLA feature re-picks their policies when the contact's fields change).
 */
export async function unsolvedTicketsOfContact(db: Db, contactId: string, conversationIds: string[]): Promise<Ticket[]> {
  const linked = conversationIds.length
    ? and(
        isNull(tickets.requesterId),
        inArray(
          tickets.id,
          db
            .select({ id: ticketConversations.ticketId })
            .from(ticketConversations)
            .where(inArray(ticketConversations.conversationId, conversationIds)),
        ),
      )
    : undefined;
  const rows = await db
    .select()
    .from(tickets)
    .where(and(notInArray(tickets.status, ["solved", "closed"]), or(eq(tickets.requesterId, contactId), linked)));
  return toTickets(db, rows);
}

/** The tickets a conversation is linked to (the SLA feature times their replies on it). */
export async function ticketsOfConversation(db: Db, conversationId: string): Promise<Ticket[]> {
  const rows = await db
    .select({ t: tickets })
    .from(tickets)
    .innerJoin(ticketConversations, eq(ticketConversations.ticketId, tickets.id))
    .where(eq(ticketConversations.conversationId, conversationId));
  return toTickets(
    db,
    rows.map((r) => r.t),
  );
}
