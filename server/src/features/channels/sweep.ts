import { and, eq, inArray, lt } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { listStaleQueuedMessages } from "../inbox";
import { loadChannel } from "./configs";
import { giveUp, MAX_DELIVERY_ATTEMPTS } from "./deliver-message";
import { queueDelivery } from "./job-definitions";
import { queueDrain } from "./jobs";
import { webhookEvents } from "./schema";

/**
 * The safety net behind "stored, then queued": if the process died between the two, the work is
 * still in the database. Every minute, re-queue webhook events still pending and outbound messages
 * still queued long after their last attempt. Jobs are idempotent, so a second queueing is harmless.
 */
export async function sweepStuckWork(ctx: AppContext, olderThanMs = 2 * 60_000) {
  const cutoff = new Date(Date.now() - olderThanMs);
  const stale = await ctx.db
    .selectDistinct({ channelId: webhookEvents.channelId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.status, "pending"), lt(webhookEvents.receivedAt, cutoff)))
    .limit(200);
  for (const e of stale) if (e.channelId) await queueDrain(ctx, e.channelId);
  // Queued messages long after their last attempt: re-queued while attempts remain; past the bound they
  // are failed here (with the last reason), never re-queued forever.
  const queued = await listStaleQueuedMessages(ctx.db, new Date(Date.now() - Math.max(olderThanMs, 10 * 60_000)));
  let failed = 0;
  for (const m of queued) {
    if (m.attempts >= MAX_DELIVERY_ATTEMPTS) {
      await giveUp(ctx, m);
      failed++;
    } else await queueDelivery(ctx, m.id);
  }
  return { channels: stale.length, messages: queued.length - failed, failed };
}

export async function replayEvent(ctx: AppContext, eventId: string) {
  const [e] = await ctx.db
    .update(webhookEvents)
    .set({ status: "pending", attempts: 0, error: null, processedAt: null, nextAttemptAt: null })
    .where(and(eq(webhookEvents.id, eventId), inArray(webhookEvents.status, ["processed", "failed", "pending"])))
    .returning({ id: webhookEvents.id, channelId: webhookEvents.channelId });
  if (!e?.channelId || !(await loadChannel(ctx, e.channelId))) return false;
  await queueDrain(ctx, e.channelId);
  return true;
}
