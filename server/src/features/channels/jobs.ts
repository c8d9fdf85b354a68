import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { drainChannelEvents } from "./ingest-event";

/**
 * Applies a channel's stored webhooks. Policy "stately" with singletonKey = channel: at most one
 * drain runs and one waits per channel, so every new webhook needs no more than a cheap no-op send.
 */
export const drainEventsJob = (ctx: AppContext) =>
  defineJob({
    name: "channels.drain-events",
    schema: z.object({ channelId: z.uuid() }),
    policy: "stately",
    retryLimit: 20,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 60,
    concurrency: 4,
    batchSize: 4,
    handler: async ({ channelId }) => {
      const next = await drainChannelEvents(ctx, channelId);
      if (next) await queueDrain(ctx, channelId, next);
    },
  });

export function queueDrain(ctx: AppContext, channelId: string, startAfter?: Date) {
  return ctx.jobs.send(
    drainEventsJob(ctx),
    { channelId },
    { singletonKey: channelId, ...(startAfter && startAfter.getTime() > Date.now() ? { startAfter } : {}) },
  );
}
