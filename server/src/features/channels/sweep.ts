import { and, eq, inArray, lt } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { messages } from "../inbox/schema";
import { loadChannel } from "./configs";
import { ingestEventJob, queueDelivery } from "./jobs";
import { getAdapter } from "./registry";
import { webhookEvents } from "./schema";

/**
 * The safety net behind "stored, then queued": if the process died between the two, the work is
 * still in the database. Every minute, re-queue webhook events still pending and outbound messages
 * still queued long after their last attempt. Jobs are idempotent, so a second queueing is harmless.
 */
export async function sweepStuckWork(ctx: AppContext, olderThanMs = 2 * 60_000) {
  const cutoff = new Date(Date.now() - olderThanMs);
  const events = await ctx.db
    .select({
      id: webhookEvents.id,
      channelId: webhookEvents.channelId,
      payload: webhookEvents.payload,
      type: webhookEvents.channelType,
    })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.status, "pending"), lt(webhookEvents.receivedAt, cutoff)))
    .limit(200);
  for (const e of events) {
    const channel = e.channelId && (await loadChannel(ctx, e.channelId));
    if (!channel) continue;
    let key = "sweep";
    try {
      key = getAdapter(channel.type).provider!.webhook.orderingKey(JSON.parse(e.payload));
    } catch {}
    await ctx.jobs.send(ingestEventJob(ctx), { eventId: e.id }, { singletonKey: `${channel.id}:${key}` });
  }
  const queued = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.status, "queued"),
        lt(messages.updatedAt, new Date(Date.now() - Math.max(olderThanMs, 10 * 60_000))),
      ),
    )
    .limit(200);
  for (const m of queued) await queueDelivery(ctx, m.id);
  return { events: events.length, messages: queued.length };
}

export async function replayEvent(ctx: AppContext, eventId: string) {
  const [e] = await ctx.db
    .update(webhookEvents)
    .set({ status: "pending", attempts: 0, error: null, processedAt: null })
    .where(and(eq(webhookEvents.id, eventId), inArray(webhookEvents.status, ["processed", "failed", "pending"])))
    .returning({ id: webhookEvents.id, channelId: webhookEvents.channelId, payload: webhookEvents.payload });
  if (!e?.channelId) return false;
  const channel = await loadChannel(ctx, e.channelId);
  if (!channel) return false;
  const key = getAdapter(channel.type).provider!.webhook.orderingKey(JSON.parse(e.payload));
  await ctx.jobs.send(ingestEventJob(ctx), { eventId: e.id }, { singletonKey: `${channel.id}:${key}` });
  return true;
}
