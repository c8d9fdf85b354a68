/**
 * The contracts' plain values, without Zod. The schemas in the other files are built from these, and
 * a client that needs only values (the console's first screen, whose JS has a size budget) imports
 * `@switchboard/contracts/values` and stays free of Zod; `@switchboard/contracts` re-exports them too.
 * Nothing here may import Zod or anything else at run time.
 */

export const channelTypes = ["webchat", "whatsapp", "telegram", "instagram", "x"] as const;
/** The channels that talk to an outside provider (everything but the website widget). */
export const providerTypes = ["whatsapp", "telegram", "instagram", "x"] as const;
export type ProviderType = (typeof providerTypes)[number];
export function isProviderType(t: string): t is ProviderType {
  return (providerTypes as readonly string[]).includes(t);
}

export const conversationStatuses = ["open", "pending", "resolved"] as const;
/** What the conversation list can filter on: a status, the snoozed ones, or everything. */
export const conversationListStatuses = [...conversationStatuses, "snoozed", "all"] as const;
export const priorities = ["low", "normal", "high", "urgent"] as const;
export const senderTypes = ["customer", "ai", "agent", "system"] as const;
export const deliveryStatuses = ["queued", "sent", "delivered", "read", "failed"] as const;

/** Ticket statuses (issue 10): pending waits on the customer, on_hold on a third party; closed is final. */
export const ticketStatuses = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const ticketTypes = ["question", "problem", "incident", "task"] as const;
export const ticketSorts = ["created", "updated", "priority", "due", "sla"] as const;
/** The statuses a customer can be told about (a ticket starts as new: nothing to tell). */
export const ticketNoticeStatuses = ["open", "pending", "on_hold", "solved", "closed"] as const;
/** What a status notice's text and its WhatsApp template's parameters may use, written {{ticket.number}}. */
export const ticketNoticeVariables = ["ticket.number", "ticket.subject", "ticket.status", "contact.name"] as const;

export const roles = ["admin", "agent"] as const;
export const availabilities = ["online", "away", "offline"] as const;
/** Which conversations an agent sees: every one, their teams', or only those assigned to them (admins: all). */
export const visibilities = ["all", "teams", "assigned"] as const;

export * from "./templates";
export * from "./list-values";

/** Phone calls (features/calls): provider status, the dashboard category, AMD verdicts, recording states. */
export const callStatuses = [
  "queued",
  "dialing",
  "initiated",
  "ringing",
  "in_progress",
  "completed",
  "busy",
  "no_answer",
  "failed",
  "canceled",
] as const;
export const callCategories = [
  "queued",
  "ringing",
  "in_progress",
  "completed",
  "failed",
  "busy",
  "no_answer",
  "voicemail",
  "canceled",
] as const;
export const answeredByValues = [
  "human",
  "machine_start",
  "machine_end_beep",
  "machine_end_silence",
  "machine_end_other",
  "fax",
  "unknown",
] as const;
export const recordingStates = ["none", "pending", "stored", "absent", "failed"] as const;
