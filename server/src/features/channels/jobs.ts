import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { acquireDrainLease, markDrainRequested } from "./drain-lease";
import { drainChannelEvents } from "./ingest-event";

/**
 * Applies a channel's stored webhooks. One drain per channel runs at a time, across processes: the
 * drain lease in PostgreSQL (drain-lease.ts), not a pg-boss singleton. (A stately queue also skips
 * keys its last statistics pass saw active, for up to that interval: a hot channel stalled for
 * seconds after every pass, and a crashed job held the slot.) Policy "short" keeps at most one
 * waiting job per channel; while a drain runs, new webhooks only mark its lease (`again`), so a
 * burst costs no queue writes at all. A retry's later wake-up lives in its own queue (below).
 */
export const drainEventsJob = (ctx: AppContext) =>
  defineJob({
    // Not "channels.drain-events": that queue was created stately, and a policy cannot change in place.
    name: "channels.drain",
    schema: z.object({ channelId: z.uuid() }),
    policy: "short",
    retryLimit: 20,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 60,
    // Independent workers, one job each: a long drain of one channel never holds another's back.
    workers: 4,
    batchSize: 1,
    // A drain requested while the workers finish the previous one would otherwise wait up to 2 s
    // for the next look (measured: a ~1 s floor on webhook-to-visible at 150 msg/s).
    pollingIntervalSeconds: 0.5,
    handler: async ({ channelId }, { signal }) => {
      const lease = await acquireDrainLease(ctx, channelId, signal);
      if ("busyUntil" in lease) {
        // The holder drains again for us; if it died, its lease runs out then and this wakes the channel.
        await queueDrainWakeup(ctx, channelId, new Date(lease.busyUntil.getTime() + 250));
        return;
      }
      try {
        for (;;) {
          const r = await drainChannelEvents(ctx, channelId, lease.signal);
          if (r.nextRetryAt) await queueDrainWakeup(ctx, channelId, r.nextRetryAt);
          if (r.more) {
            // Hand over to a fresh job: bounded runs, and other channels' drains take turns.
            await lease.release();
            await queueDrain(ctx, channelId);
            return;
          }
          if (lease.signal.aborted) {
            // Lost the lease, or the job its claim (shutdown): let go so another drain can go on at once.
            await lease.release();
            return;
          }
          if (await lease.releaseUnlessRequested()) return;
        }
      } catch (err) {
        await lease.release().catch(() => {});
        throw err;
      }
    },
  });

/** Queues a drain job (collapsed: one waiting job per channel). */
export function queueDrain(ctx: AppContext, channelId: string) {
  return ctx.jobs.send(drainEventsJob(ctx), { channelId }, { singletonKey: channelId });
}

/** Asks for a drain: a running drain takes the request over (no queue write), else a job is queued. */
export async function requestDrain(ctx: AppContext, channelId: string) {
  if (!(await markDrainRequested(ctx, channelId))) await queueDrain(ctx, channelId);
}

/**
 * A deferred "drain this channel" for an event waiting out its backoff. Keyed by channel and due
 * second (policy "short": one waiting job per key), so repeated drains ask for it once; when it
 * fires it only requests an immediate drain, which the stately drain queue collapses.
 */
export const drainWakeupJob = (ctx: AppContext) =>
  defineJob({
    name: "channels.drain-wakeup",
    schema: z.object({ channelId: z.uuid() }),
    policy: "short",
    retryLimit: 5,
    handler: async ({ channelId }) => {
      await requestDrain(ctx, channelId);
    },
  });

function queueDrainWakeup(ctx: AppContext, channelId: string, at: Date) {
  const due = Math.ceil(Math.max(Date.now(), at.getTime()) / 1000) * 1000;
  return ctx.jobs.send(
    drainWakeupJob(ctx),
    { channelId },
    { singletonKey: `${channelId}:${due / 1000}`, startAfter: new Date(due) },
  );
}
