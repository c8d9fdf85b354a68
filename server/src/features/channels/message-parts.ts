import type { AppContext } from "../../platform/context";
import {
  clearMessageSending,
  getConversation,
  getMessage,
  listSentPartIds,
  markMessageSending,
  markMessageSent,
  recordMessagePart,
} from "../inbox";
import type { PartInFlight, SendProgress } from "./adapter";

/**
 * Where a multi-part send stands, in PostgreSQL (never process memory): `messages.sending` says a
 * part is at the provider right now, `message_parts` holds the ids of the parts already sent. Any
 * process can resume the send, or recognise an echo of one of our parts. The inbox owns those
 * columns and tables; this module is the pipeline's side of them.
 */

export function sentPartIds(ctx: AppContext, messageId: string): Promise<string[]> {
  return listSentPartIds(ctx.db, messageId);
}

/** Records a sent part's provider id and ends the "sending" state, in one transaction. */
export async function recordPart(
  ctx: AppContext,
  p: { messageId: string; channelId: string; index: number; externalId: string },
): Promise<void> {
  await recordMessagePart(ctx.db, p);
}

export async function markSending(ctx: AppContext, messageId: string, part: PartInFlight): Promise<void> {
  await markMessageSending(ctx.db, messageId, {
    startedAt: new Date().toISOString(),
    part: part.index,
    kind: part.kind,
    text: part.text,
    of: part.of,
    standsFor: part.standsFor,
  });
}

export async function clearSending(ctx: AppContext, messageId: string): Promise<void> {
  await clearMessageSending(ctx.db, messageId);
}

/**
 * The progress an adapter reports to while it sends. `afterAccepted` runs between the provider's
 * answer and the record: the crash window (tests use it to die there).
 */
export async function partProgress(
  ctx: AppContext,
  m: { id: string; channelId: string },
  afterAccepted?: (index: number, externalId: string) => Promise<void>,
): Promise<SendProgress> {
  return {
    sent: await sentPartIds(ctx, m.id),
    beforePart: (part) => markSending(ctx, m.id, part),
    afterPart: async (index, externalId) => {
      await afterAccepted?.(index, externalId);
      await recordPart(ctx, { messageId: m.id, channelId: m.channelId, index, externalId });
    },
  };
}

/**
 * The one place a message receives its provider id and becomes `sent`. Statuses that arrived before
 * the id was known (parked orphans) are applied right after this update.
 */
export async function recordSent(ctx: AppContext, id: string, externalId: string): Promise<void> {
  await markMessageSent(ctx.db, id, externalId);
  await announce(ctx, id);
}

export async function announce(ctx: AppContext, id: string) {
  const message = await getMessage(ctx.db, id);
  const conversation = message && (await getConversation(ctx.db, message.conversationId));
  if (message && conversation) ctx.bus.emit("message.updated", { message, conversation });
}
