import type { Conversation, ServerEvent, Ticket } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";

/**
 * What the SLA feature needs from the features whose subjects it times, handed in by the composition
 * root (app.ts): tickets and the inbox read the SLA state for their payloads, so importing them here
 * would make a cycle. Their own exported queries, never their tables.
 */
export interface SlaLinks {
  getTicket(db: Db, id: string): Promise<Ticket | null>;
  /** The tickets linked to a conversation. */
  ticketsOfConversation(db: Db, conversationId: string): Promise<Ticket[]>;
  getConversation(db: Db, id: string): Promise<Conversation | null>;
  /** Several of each in one read: a batch of due alerts reads its subjects together. */
  getTickets(db: Db, ids: string[]): Promise<Map<string, Ticket>>;
  getConversations(db: Db, ids: string[]): Promise<Map<string, Conversation>>;
  /**
   * The contact's subjects that can still run clocks: unresolved conversations and unsolved tickets
   * (requested by it, or without a requester and linked to one of its conversations).
   */
  subjectsOfContact(db: Db, contactId: string): Promise<{ conversations: Conversation[]; tickets: Ticket[] }>;
  /** A contact's custom fields (its attributes), for contact-field conditions; null when it is gone. */
  contactFields(db: Db, contactId: string): Promise<Record<string, unknown> | null>;
  /** Pushes a conversation's event to the agents who may see it (the inbox's realtime audience). */
  toConversationAudience(
    target: { assigneeId: string | null; teamId: string | null; channelId: string },
    event: ServerEvent,
  ): void;
}
