import { and, asc, eq, isNotNull, lt } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { attachments, contactIdentities, conversations, messageParts, messages } from "./schema";

/* Reads the channel pipeline needs to deliver outbound messages and to settle sends in doubt. */

export type MessageRow = typeof messages.$inferSelect;

/** A message to deliver, with what delivery needs: the recipient's id on the channel and the reply window's start. */
export async function getMessageForDelivery(db: Db, id: string) {
  const [row] = await db
    .select({ m: messages, lastInboundAt: conversations.lastInboundAt, to: contactIdentities.externalId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(contactIdentities, eq(contactIdentities.id, conversations.identityId))
    .where(eq(messages.id, id))
    .limit(1);
  return row ?? null;
}

export function listMessageFiles(db: Db, messageId: string) {
  return db.select().from(attachments).where(eq(attachments.messageId, messageId));
}

/** Provider ids of the parts already sent, in order; only a gap-free prefix counts (parts go strictly in order). */
export async function listSentPartIds(db: Db, messageId: string): Promise<string[]> {
  const rows = await db
    .select({ index: messageParts.index, externalId: messageParts.externalId })
    .from(messageParts)
    .where(eq(messageParts.messageId, messageId))
    .orderBy(asc(messageParts.index));
  const ids: string[] = [];
  for (const r of rows) if (r.index === ids.length) ids.push(r.externalId);
  return ids;
}

/** The message one of our sent parts belongs to, by the part's provider id. */
export async function findSentPart(db: Db, channelId: string, externalId: string) {
  const [part] = await db
    .select({ messageExternalId: messages.externalId, status: messages.status })
    .from(messageParts)
    .innerJoin(messages, eq(messages.id, messageParts.messageId))
    .where(and(eq(messageParts.channelId, channelId), eq(messageParts.externalId, externalId)))
    .limit(1);
  return part ?? null;
}

/** A queued message of this channel with a part in flight, by its id (a provider's callback data). */
export async function findSendInFlight(db: Db, channelId: string, messageId: string) {
  const [m] = await db
    .select({ id: messages.id, sending: messages.sending })
    .from(messages)
    .where(
      and(
        eq(messages.id, messageId),
        eq(messages.channelId, channelId),
        eq(messages.status, "queued"),
        isNotNull(messages.sending),
      ),
    )
    .limit(1);
  return m ?? null;
}

/** Queued messages with a part in flight to this customer (by their id on the channel), oldest first. */
export function listSendsInFlightTo(db: Db, channelId: string, customerExternalId: string, limit = 20) {
  return db
    .select({ id: messages.id, sending: messages.sending })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(contactIdentities, eq(contactIdentities.id, conversations.identityId))
    .where(
      and(
        eq(messages.channelId, channelId),
        eq(messages.status, "queued"),
        isNotNull(messages.sending),
        eq(contactIdentities.externalId, customerExternalId),
      ),
    )
    .orderBy(asc(messages.createdAt))
    .limit(limit);
}

/** Messages still queued and untouched since `before` (the sweeper re-queues or fails them). */
export function listStaleQueuedMessages(db: Db, before: Date, limit = 200) {
  return db
    .select({
      id: messages.id,
      attempts: messages.attempts,
      errorCode: messages.errorCode,
      errorMessage: messages.errorMessage,
    })
    .from(messages)
    .where(and(eq(messages.status, "queued"), lt(messages.updatedAt, before)))
    .limit(limit);
}
