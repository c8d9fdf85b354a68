import { and, eq, inArray, lt } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { dropExpiredParkedStatuses, listStaleQueuedMessages } from "../inbox";
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
  const stale = await resumePendingDrains(ctx, olderThanMs);
  await dropExpiredParkedStatuses(ctx.db);
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

/**
 * Requests a drain for every channel with webhook events pending for longer than `olderThanMs`.
 * Run at start-up with 0: a drain request lost in a crash (it is sent after the answer) is made
 * again at once, not a sweep later. Events waiting out a retry have their own wake-up job, but a
 * request for them is harmless (the drain skips what is not due).
 */
export async function resumePendingDrains(ctx: AppContext, olderThanMs: number) {
  const stale = await ctx.db
    .selectDistinct({ channelId: webhookEvents.channelId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.status, "pending"), lt(webhookEvents.receivedAt, new Date(Date.now() - olderThanMs))))
    .limit(200);
  for (const e of stale) if (e.channelId) await queueDrain(ctx, e.channelId);
  return stale;
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
