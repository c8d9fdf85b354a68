import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { EventBus } from "../../platform/bus";
import { getChannelForReply } from "../channels/catalog";
import { messageParts, messages } from "./schema";
import { announceSystemEvents, insertSystemEvent } from "./system-events";

/*
 * The delivery state of outbound messages: status, attempts, the error shown to the agent, the part
 * at the provider right now (`sending`) and the parts already sent (`message_parts`). The channel
 * pipeline decides what happens (deliver-message.ts, reconcile-send.ts); these use-cases are the only
 * code that writes it, so `messages.status` has one owner. Each is one guarded statement (or one
 * transaction): only a `queued` message becomes sent or failed, only a `failed` one is queued again.
 */

export type SendingPart = NonNullable<typeof messages.$inferSelect.sending>;

/** Counts one attempt; the new count, or null when the message is gone. */
export async function countDeliveryAttempt(db: Db, id: string): Promise<number | null> {
  const [r] = await db
    .update(messages)
    .set({ attempts: sql`${messages.attempts} + 1`, updatedAt: new Date() })
    .where(eq(messages.id, id))
    .returning({ attempts: messages.attempts });
  return r?.attempts ?? null;
}

/** The reason shown under a message that is still queued (a retry is scheduled, or we are checking). */
export async function setDeliveryError(db: Db, id: string, code: string, message: string): Promise<void> {
  await db
    .update(messages)
    .set({ errorCode: code, errorMessage: message, updatedAt: new Date() })
    .where(eq(messages.id, id));
}

/**
 * Shown under a message whose send was interrupted while we wait for the provider's evidence.
 * `updated_at` stays the last attempt's: the sweeper measures staleness from it.
 */
export async function markDeliveryInDoubt(db: Db, id: string): Promise<void> {
  await db
    .update(messages)
    .set({
      errorCode: "in_doubt",
      errorMessage: "Sending was interrupted; checking whether it arrived before sending it again.",
    })
    .where(eq(messages.id, id));
}

/** A part goes to the provider now: recorded first, so a crash leaves the send visibly in doubt. */
export async function markMessageSending(db: Db, id: string, sending: SendingPart): Promise<void> {
  await db.update(messages).set({ sending, updatedAt: new Date() }).where(eq(messages.id, id));
}

/** The part in flight was not taken (the provider answered with an error) or is settled otherwise. */
export async function clearMessageSending(db: Db, id: string): Promise<void> {
  await db.update(messages).set({ sending: null }).where(eq(messages.id, id));
}

/** A sent part's provider id, and the end of its "sending" state, in one transaction. */
export async function recordMessagePart(
  db: Db,
  p: { messageId: string; channelId: string; index: number; externalId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(messageParts).values(p).onConflictDoNothing();
    await tx.update(messages).set({ sending: null }).where(eq(messages.id, p.messageId));
  });
}

/** The one write that gives a message its provider id: queued -> sent. */
export async function markMessageSent(db: Db, id: string, externalId: string): Promise<void> {
  await db
    .update(messages)
    .set({ status: "sent", externalId, errorCode: null, errorMessage: null, sending: null, updatedAt: new Date() })
    .where(and(eq(messages.id, id), eq(messages.status, "queued")));
}

/**
 * queued -> failed, with a reason the agent can read (already cleaned by the caller). The thread gets
 * one "not delivered" line in the same transaction: only the call that moves the message out of
 * `queued` writes it, so retries, the sweeper and a second process cannot write it twice. Given a
 * `bus`, the line is announced after commit (older callers without one still mark the message).
 */
export async function markMessageFailed(
  db: Db,
  id: string,
  code: string,
  reason: string,
  bus?: EventBus,
): Promise<void> {
  const eventId = await db.transaction(async (tx) => {
    const [failed] = await tx
      .update(messages)
      .set({ status: "failed", errorCode: code, errorMessage: reason, updatedAt: new Date() })
      .where(and(eq(messages.id, id), eq(messages.status, "queued")))
      .returning({ conversationId: messages.conversationId, channelId: messages.channelId });
    if (!failed) return null;
    const channel = await getChannelForReply(tx, failed.channelId);
    const on = channel ? ` on ${channelLabel[channel.type] ?? channel.type}` : "";
    return insertSystemEvent(
      tx,
      { id: failed.conversationId, channelId: failed.channelId },
      { type: "delivery_failed", actor: { type: "system" }, messageId: id, code, reason, channelType: channel?.type },
      `Message not delivered${on}: ${reason}`,
    );
  });
  if (eventId && bus) await announceSystemEvents({ db, bus }, [eventId]);
}

const channelLabel: Record<string, string> = {
  webchat: "the website",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  instagram: "Instagram",
  x: "X",
};

/** Re-sent without evidence either way (Telegram): the thread says "May have been sent twice". */
export async function flagPossibleDuplicate(db: Db, id: string): Promise<void> {
  await db
    .update(messages)
    .set({ sending: null, metadata: sql`${messages.metadata} || '{"possibleDuplicate": true}'::jsonb` })
    .where(eq(messages.id, id));
}

/**
 * An agent's Retry: failed -> queued with the attempts reset. Parts already sent stay recorded (the
 * retry resumes from the first unsent one); a send left in doubt is not waited for (a decision to send).
 */
export async function requeueFailedMessage(db: Db, id: string): Promise<void> {
  await db
    .update(messages)
    .set({ status: "queued", attempts: 0, errorCode: null, errorMessage: null, sending: null, updatedAt: new Date() })
    .where(and(eq(messages.id, id), eq(messages.status, "failed")));
}
