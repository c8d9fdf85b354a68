import type { AppContext } from "../../platform/context";
import { keyedSerial } from "../../platform/keyed-serial";
import { retiredSlaAlertJob } from "./alert-job";
import { registerSlaRealtime } from "./announce";
import { contactFieldsChanged } from "./contact-clocks";
import { conversationHandoff, conversationMessage, syncConversationClocks } from "./conversation-clocks";
import type { SlaLinks } from "./links";
import { syncTicketClocks, ticketMessage } from "./ticket-clocks";

/** Ticket changes that can move its clocks (the rest, a subject or a comment, cannot). */
const TICKET_FIELDS = new Set(["status", "priority", "team", "tags", "conversations"]);

/**
 * Wires clocks to the events of the features that own tickets and conversations (bus.on: once, in the
 * process that committed). Work for one subject runs one after another in this process, so a message
 * and the conversation update it causes do not race each other's reads. `now` is the event's own time
 * where it has one (the message's, the ticket's update), else the moment it is handled.
 */
export function registerSlaListeners(ctx: AppContext, links: SlaLinks) {
  const serial = keyedSerial(ctx.log, "sla clock update");

  ctx.bus.on("ticket.created", ({ ticket }) =>
    serial(ticket.id, () => syncTicketClocks(ctx, links, ticket, new Date(ticket.createdAt))),
  );
  ctx.bus.on("ticket.updated", ({ ticket, fields }) => {
    if (!fields.some((f) => TICKET_FIELDS.has(f))) return;
    return serial(ticket.id, () => syncTicketClocks(ctx, links, ticket, new Date(ticket.updatedAt)));
  });
  ctx.bus.after("message.created", async ({ message, conversation }) => {
    const now = new Date(message.createdAt);
    await serial(conversation.id, () => conversationMessage(ctx, links, conversation, message, now));
    for (const ticket of await links.ticketsOfConversation(ctx.db, conversation.id))
      await serial(ticket.id, () => ticketMessage(ctx, links, ticket, message, now));
  });
  ctx.bus.on("conversation.handoff", ({ conversation }) =>
    serial(conversation.id, () => conversationHandoff(ctx, links, conversation, new Date())),
  );
  // Bookkeeping after the AI's answer (bus.after): the clocks are dated by the emit.
  ctx.bus.after("conversation.updated", ({ conversation }, at) =>
    serial(conversation.id, () => syncConversationClocks(ctx, links, conversation, at)),
  );
  // A contact's fields can decide the policy (contact-field conditions): its running clocks re-pick it.
  ctx.bus.on("contact.updated", ({ contact }) => contactFieldsChanged(ctx, links, contact.id, new Date(), serial));
  registerSlaRealtime(ctx, links);
  ctx.jobs.register(retiredSlaAlertJob);
}
