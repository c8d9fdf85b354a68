import type { DeliveryStatus } from "@switchboard/contracts";
import { and, eq, gt, inArray, lt } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { getConversation, getMessage } from "./queries";
import { messages, parkedStatuses } from "./schema";

/** Statuses that `next` may replace: delivery only moves forward, and read may come without delivered. */
const REPLACEABLE: Record<DeliveryStatus, DeliveryStatus[]> = {
  queued: [],
  sent: ["queued"],
  delivered: ["queued", "sent"],
  read: ["queued", "sent", "delivered"],
  failed: ["queued", "sent"],
};

/** Applied in this order when several parked statuses of one message are released at once. */
const RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, failed: 2, delivered: 3, read: 4 };

/**
 * How long a status for an unknown message id waits for its message. Our own send's answer comes
 * within seconds to minutes; a status still unmatched after a day belongs to a message some other
 * tool sent from the same number, and is dropped.
 */
export const PARKED_STATUS_TTL_MS = 24 * 3600_000;

type StatusUpdate = {
  channelId: string;
  externalId: string;
  status: DeliveryStatus;
  error?: { code: string; message: string };
};

/**
 * A provider status for one of our messages. When we do not know the message id (yet), the status
 * is parked and "parked" is returned: the caller goes on with the customer's later events at once,
 * and the status is applied when the message gets that id (`applyParkedStatuses`).
 */
export async function updateDeliveryStatus(
  ctx: AppContext,
  p: StatusUpdate,
): Promise<"updated" | "unchanged" | "parked"> {
  const r = await setStatus(ctx, p);
  if (r !== "missing") return r;
  await ctx.db
    .insert(parkedStatuses)
    .values({
      channelId: p.channelId,
      externalId: p.externalId,
      status: p.status,
      errorCode: p.error?.code ?? null,
      errorMessage: p.error?.message ?? null,
    })
    .onConflictDoNothing();
  // The message may have received its id between our UPDATE and the INSERT above, after its own
  // applyParkedStatuses had looked: look once more, so a parked status is never stranded by that race.
  await applyParkedStatuses(ctx, p.channelId, p.externalId);
  return "parked";
}

/**
 * Applies the statuses parked for a provider message id, now that a message carries it. Call it
 * wherever an outbound message gets its provider id (deliver-message, recorded echoes). Cheap when
 * nothing is parked (one indexed DELETE). Returns how many were applied.
 */
export async function applyParkedStatuses(ctx: AppContext, channelId: string, externalId: string): Promise<number> {
  const [exists] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId)))
    .limit(1);
  if (!exists) return 0;
  // DELETE ... RETURNING claims the rows: two concurrent callers never both apply one status.
  const claimed = await ctx.db
    .delete(parkedStatuses)
    .where(
      and(
        eq(parkedStatuses.channelId, channelId),
        eq(parkedStatuses.externalId, externalId),
        gt(parkedStatuses.receivedAt, new Date(Date.now() - PARKED_STATUS_TTL_MS)),
      ),
    )
    .returning();
  claimed.sort((a, b) => RANK[a.status] - RANK[b.status]);
  for (const s of claimed)
    await setStatus(ctx, {
      channelId,
      externalId,
      status: s.status,
      error: s.errorCode ? { code: s.errorCode, message: s.errorMessage ?? "" } : undefined,
    });
  return claimed.length;
}

/** Drops parked statuses whose message never appeared (called by the sweeper). */
export async function dropExpiredParkedStatuses(db: Db, now = Date.now()): Promise<number> {
  const gone = await db
    .delete(parkedStatuses)
    .where(lt(parkedStatuses.receivedAt, new Date(now - PARKED_STATUS_TTL_MS)))
    .returning({ id: parkedStatuses.id });
  return gone.length;
}

async function setStatus(ctx: AppContext, p: StatusUpdate): Promise<"updated" | "unchanged" | "missing"> {
  const updated = await ctx.db
    .update(messages)
    .set({
      status: p.status,
      ...(p.status === "failed"
        ? {
            errorCode: p.error?.code ?? "failed",
            errorMessage: p.error?.message || "The provider could not deliver this message",
          }
        : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(messages.channelId, p.channelId),
        eq(messages.externalId, p.externalId),
        inArray(messages.status, REPLACEABLE[p.status]),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  if (!updated.length) {
    const [exists] = await ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.channelId, p.channelId), eq(messages.externalId, p.externalId)))
      .limit(1);
    return exists ? "unchanged" : "missing";
  }
  const message = await getMessage(ctx.db, updated[0]!.id);
  const conversation = await getConversation(ctx.db, updated[0]!.conversationId);
  if (message && conversation) ctx.bus.emit("message.updated", { message, conversation });
  return "updated";
}
