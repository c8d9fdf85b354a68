import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { deliverMessage } from "./deliver-message";
import { fetchMedia } from "./fetch-media";
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
