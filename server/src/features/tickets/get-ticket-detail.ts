import type { TicketDetail } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import type { VisibilityScope } from "../agents";
import { getConversations, scopeAllowsConversation } from "../inbox";
import { getTicket, listTicketComments, listTicketEvents } from "./queries";

/**
 * A ticket with its comments, its activity log and the linked conversations the caller may see
 * (the ids of all of them stay in conversationIds: that a ticket has a link is the ticket's fact).
 */
export async function getTicketDetail(db: Db, id: string, scope: VisibilityScope): Promise<TicketDetail> {
  const ticket = await getTicket(db, id);
  if (!ticket) throw notFound("Ticket");
  const [convs, comments, events] = await Promise.all([
    getConversations(db, ticket.conversationIds),
    listTicketComments(db, id),
    listTicketEvents(db, id),
  ]);
  const conversations = ticket.conversationIds
    .map((c) => convs.get(c))
    .filter((c) => c !== undefined && scopeAllowsConversation(scope, c))
    .map((c) => c!);
  return { ...ticket, conversations, comments, events };
}
