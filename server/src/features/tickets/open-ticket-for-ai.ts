import { type CreateTicketToolArgs, createTicketBody, type Ticket } from "@switchboard/contracts";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { getConversations } from "../inbox";
import { AI_ACTOR } from "./actor";
import { addTicketComment } from "./add-comment";
import { createTicket } from "./create-ticket";
import { getTicket } from "./queries";
import { ticketConversations, tickets } from "./schema";

/**
 * The AI agent's create_ticket, applied after its turn was recorded: a ticket created by `ai`, linked
 * to the conversation, requester = its contact, team = its team, description = the model's summary.
 * When the conversation already has an unsolved ticket, the summary becomes a comment on it instead:
 * a customer asking twice must not leave the team two tickets for one problem.
 */
export async function openTicketForAi(
  ctx: AppContext,
  conversationId: string,
  args: CreateTicketToolArgs,
): Promise<{ ticket: Ticket; created: boolean } | null> {
  const [open] = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .innerJoin(ticketConversations, eq(ticketConversations.ticketId, tickets.id))
    .where(
      and(
        eq(ticketConversations.conversationId, conversationId),
        inArray(tickets.status, ["new", "open", "pending", "on_hold"]),
      ),
    )
    .orderBy(desc(tickets.createdAt))
    .limit(1);
  if (open) {
    await addTicketComment(ctx, AI_ACTOR, open.id, `**${args.subject}** (${args.priority})\n\n${args.summary}`);
    return { ticket: (await getTicket(ctx.db, open.id))!, created: false };
  }
  const conversation = (await getConversations(ctx.db, [conversationId])).get(conversationId);
  if (!conversation) return null;
  const input = createTicketBody.parse({
    subject: args.subject,
    priority: args.priority,
    description: args.summary,
    teamId: conversation.team?.id ?? null,
    conversationIds: [conversationId],
  });
  return { ticket: await createTicket(ctx, AI_ACTOR, input, undefined), created: true };
}
