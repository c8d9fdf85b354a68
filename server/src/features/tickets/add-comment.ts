import type { TicketActor, TicketComment } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { getTicket } from "./queries";
import { ticketComments, ticketEvents, tickets } from "./schema";

/**
 * An internal comment (Markdown, for the team only), with its `commented` event and the ticket's
 * updated_at, in one transaction. Allowed on closed tickets too: a note about a finished ticket changes
 * none of its fields.
 */
export async function addTicketComment(
  ctx: AppContext,
  actor: TicketActor,
  ticketId: string,
  body: string,
): Promise<TicketComment> {
  const comment = await ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .update(tickets)
      .set({ updatedAt: new Date() })
      .where(eq(tickets.id, ticketId))
      .returning({ id: tickets.id });
    if (!t) throw notFound("Ticket");
    const [c] = await tx
      .insert(ticketComments)
      .values({ ticketId, body, authorType: actor.type, authorId: actor.id, authorName: actor.name })
      .returning();
    await tx.insert(ticketEvents).values({
      ticketId,
      kind: "commented",
      field: null,
      fromValue: null,
      toValue: c!.id,
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name,
    });
    return c!;
  });
  const ticket = (await getTicket(ctx.db, ticketId))!;
  ctx.bus.emit("ticket.updated", { ticket, fields: ["comment"] });
  return {
    id: comment.id,
    ticketId,
    body: comment.body,
    author: { type: comment.authorType, id: comment.authorId, name: comment.authorName },
    createdAt: comment.createdAt.toISOString(),
  };
}
