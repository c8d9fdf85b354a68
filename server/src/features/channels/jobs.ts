import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { deliverMessage } from "./deliver-message";
import { fetchMedia } from "./fetch-media";
import { drainChannelEvents } from "./ingest-event";

/**
 * Applies a channel's stored webhooks. Policy "stately" with singletonKey = channel: at most one
 * drain runs and one waits per channel, so every new webhook needs no more than a cheap no-op send.
 * Only immediate drains ever enter this queue: a retry's later wake-up lives in its own queue
 * (below), so it never occupies the channel's waiting slot and delays the other customers.
 */
export const drainEventsJob = (ctx: AppContext) =>
  defineJob({
    name: "channels.drain-events",
    schema: z.object({ channelId: z.uuid() }),
    policy: "stately",
    retryLimit: 20,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 60,
    // Independent workers, one job each: a long drain of one channel never holds another's back.
    workers: 4,
    batchSize: 1,
    handler: async ({ channelId }, { signal }) => {
      const r = await drainChannelEvents(ctx, channelId, signal);
      if (r.more) await queueDrain(ctx, channelId);
      if (r.nextRetryAt) await queueDrainWakeup(ctx, channelId, r.nextRetryAt);
    },
  });

export function queueDrain(ctx: AppContext, channelId: string) {
  return ctx.jobs.send(drainEventsJob(ctx), { channelId }, { singletonKey: channelId });
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
      await queueDrain(ctx, channelId);
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

/** One outbound message to a provider. Retries are scheduled by the handler itself (it knows the provider's retry-after). */
export const deliverMessageJob = (ctx: AppContext) =>
  defineJob({
    name: "channels.deliver-message",
    schema: z.object({ messageId: z.uuid() }),
    // One job per message at a time (singletonKey = message id): a retry and a sweep never send twice.
    policy: "stately",
    retryLimit: 2,
    concurrency: 4,
    handler: ({ messageId }) => deliverMessage(ctx, messageId),
  });

export const mediaRefSchema = z.object({
  kind: z.enum(["image", "audio", "video", "document", "sticker"]),
  id: z.string().optional(),
  url: z.string().optional(),
  mimeType: z.string().optional(),
  fileName: z.string().optional(),
});

/** Inbound media: the message is stored first, the file follows (a slow provider never delays or loses the text). */
export const fetchMediaJob = (ctx: AppContext) =>
  defineJob({
    name: "channels.fetch-media",
    schema: z.object({ messageId: z.uuid(), channelId: z.uuid(), ref: mediaRefSchema }),
    retryLimit: 6,
    retryDelaySeconds: 5,
    concurrency: 2,
    handler: (p) => fetchMedia(ctx, p),
  });

export function queueDelivery(ctx: AppContext, messageId: string, startAfter?: Date) {
  return ctx.jobs.send(
    deliverMessageJob(ctx),
    { messageId },
    { singletonKey: messageId, ...(startAfter ? { startAfter } : {}) },
  );
}
