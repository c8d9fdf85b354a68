import { and, asc, eq, isNull, lte, or } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { applyEvent } from "./apply-event";
import { type LoadedChannel, loadChannel, recordChannelHealth } from "./configs";
import { backoffMs } from "./pacing";
import { yieldToIntake } from "./intake-pressure";
import { getAdapter } from "./registry";
import { webhookEvents } from "./schema";

const MAX_ATTEMPTS = 6;
const BATCH = 200;
const PARALLEL_KEYS = 4;

type EventRow = typeof webhookEvents.$inferSelect;

/**
 * Drains a channel's stored webhooks, oldest first. Only one drain per channel runs at a time (the
 * job's queue policy), events of one customer are applied strictly in order, different customers
 * in parallel. A failing event is retried later with backoff; the customer's later events wait
 * behind it; after the last attempt it is marked failed with its reason and can be replayed.
 * Returns when nothing is due; the earliest deferred retry is returned so it can be scheduled.
 */
export async function drainChannelEvents(ctx: AppContext, channelId: string): Promise<Date | null> {
  const channel = await loadChannel(ctx, channelId);
  for (let round = 0; round < 50; round++) {
    const now = new Date();
    const rows = await ctx.db
      .select()
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.channelId, channelId),
          eq(webhookEvents.status, "pending"),
          or(isNull(webhookEvents.nextAttemptAt), lte(webhookEvents.nextAttemptAt, now)),
        ),
      )
      .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id))
      .limit(BATCH);
    if (!rows.length) break;
    if (!channel) {
      for (const r of rows) await markFailed(ctx, r, "The channel was removed");
      continue;
    }
    const groups = new Map<string, EventRow[]>();
    for (const r of rows) groups.set(r.orderingKey, [...(groups.get(r.orderingKey) ?? []), r]);
    const queue = [...groups.values()];
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        for (const ev of g) {
          if (!(await processOne(ctx, channel, ev))) break; // later events of this customer wait
          await yieldToIntake();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_KEYS, queue.length) }, worker));
    if (rows.length < BATCH) break;
  }
  const [next] = await ctx.db
    .select({ at: webhookEvents.nextAttemptAt })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.channelId, channelId), eq(webhookEvents.status, "pending")))
    .orderBy(asc(webhookEvents.nextAttemptAt))
    .limit(1);
  return next ? (next.at ?? new Date()) : null;
}

/** Applies one stored webhook. False when it must be retried later. */
async function processOne(ctx: AppContext, channel: LoadedChannel, ev: EventRow): Promise<boolean> {
  const attempts = ev.attempts + 1;
  try {
    const provider = getAdapter(channel.type).provider!;
    for (const e of provider.parse(JSON.parse(ev.payload), channel)) await applyEvent(ctx, channel, e);
  } catch (err) {
    const message = (err as Error).message;
    if (attempts >= MAX_ATTEMPTS) {
      await markFailed(ctx, ev, message);
      return true;
    }
    await ctx.db
      .update(webhookEvents)
      .set({
        attempts,
        error: message.slice(0, 1000),
        nextAttemptAt: new Date(Date.now() + backoffMs(attempts, 1000, 60_000)),
      })
      .where(eq(webhookEvents.id, ev.id));
    return false;
  }
  await ctx.db
    .update(webhookEvents)
    .set({ status: "processed", error: null, attempts, processedAt: new Date() })
    .where(eq(webhookEvents.id, ev.id));
  await recordChannelHealth(ctx, channel.id, { event: true });
  return true;
}

async function markFailed(ctx: AppContext, ev: EventRow, error: string) {
  await ctx.db
    .update(webhookEvents)
    .set({ status: "failed", error: error.slice(0, 1000), attempts: ev.attempts + 1, processedAt: new Date() })
    .where(eq(webhookEvents.id, ev.id));
  if (ev.channelId) await recordChannelHealth(ctx, ev.channelId, { error: `Webhook processing failed: ${error}` });
  ctx.log.warn({ eventId: ev.id, error }, "webhook event failed");
}
