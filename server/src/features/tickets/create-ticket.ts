import type { CreateTicketBody, Ticket, TicketActor } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import type { VisibilityScope } from "../agents";
import { prefillFromConversation } from "./prefill";
import { getTicket } from "./queries";
import { checkReferences, linkableConversations } from "./references";
import { ticketConversations, ticketEvents, tickets } from "./schema";

/**
 * Creates a ticket (console, API, or the AI's create_ticket) in one transaction: the row, its links
 * and its `created` event, then `ticket.created` after the commit. With linked conversations the
 * requester defaults to the first one's contact, and a missing subject or description is prefilled
 * from its thread (prefill.ts). A ticket given an assignee starts `open`: `new` means nobody took it yet.
 * `scope`: the caller's visibility (conversations they cannot see are unknown); undefined for the AI.
 */
export async function createTicket(
  ctx: AppContext,
  actor: TicketActor,
  input: CreateTicketBody,
  scope: VisibilityScope | undefined,
): Promise<Ticket> {
  const linked = await linkableConversations(ctx.db, input.conversationIds, scope);
  const first = linked[0];
  const requesterId = input.requesterId !== undefined ? input.requesterId : (first?.contact.id ?? null);
  await checkReferences(ctx.db, { assigneeId: input.assigneeId, teamId: input.teamId, requesterId });
  const prefill =
    first && (input.subject === undefined || input.description === undefined)
      ? await prefillFromConversation(ctx.db, first)
      : null;
  const assigneeId = input.assigneeId ?? null;
  const status = input.status === "new" && assigneeId ? "open" : input.status;
  const values = {
    subject: input.subject ?? prefill?.subject ?? "",
    description: input.description ?? prefill?.description ?? "",
    priority: input.priority,
    status,
    type: input.type,
    assigneeId,
    teamId: input.teamId ?? null,
    requesterId,
    tags: input.tags,
    customFields: input.customFields,
    dueAt: input.dueAt ? new Date(input.dueAt) : null,
  };
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tickets)
      .values({ ...values, createdByType: actor.type, createdById: actor.id, createdByName: actor.name })
      .returning({ id: tickets.id });
    const ticketId = row!.id;
    if (linked.length)
      await tx.insert(ticketConversations).values(linked.map((c) => ({ ticketId, conversationId: c.id })));
    await tx.insert(ticketEvents).values({
      ticketId,
      kind: "created",
      field: null,
      fromValue: null,
      toValue: {
        subject: values.subject,
        status: values.status,
        priority: values.priority,
        type: values.type,
        assignee: values.assigneeId,
        team: values.teamId,
        requester: values.requesterId,
        tags: values.tags,
        dueAt: values.dueAt?.toISOString() ?? null,
        conversations: linked.map((c) => c.id),
      },
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name,
    });
    return ticketId;
  });
  const ticket = (await getTicket(ctx.db, id))!;
  ctx.bus.emit("ticket.created", { ticket });
  return ticket;
}
