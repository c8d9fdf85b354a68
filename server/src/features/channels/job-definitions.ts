import { z } from "zod";
import type { AppContext } from "../../platform/context";

/*
 * The outbound and media jobs as producers see them: name, payload and queue policy, without the
 * handler. The handlers (delivery-jobs.ts) import the code that queues these jobs again (a failed
 * send re-queues itself, a status wakes the delivery), so keeping the definitions here, importing
 * nothing of ours, is what keeps the module graph free of cycles. `Jobs.send` takes them as they
 * are (a JobHandle: name and payload schema); the worker runs the handler registered under the
 * same name.
 */

/** One outbound message to a provider. Retries are scheduled by the handler itself (it knows the provider's retry-after). */
export const deliverMessageSpec = {
  name: "channels.deliver-message",
  schema: z.object({ messageId: z.uuid() }),
  // One job per message at a time (singletonKey = message id): a retry and a sweep never send twice.
  policy: "stately",
  retryLimit: 2,
  concurrency: 4,
} as const;

export const mediaRefSchema = z.object({
  kind: z.enum(["image", "audio", "video", "document", "sticker"]),
  id: z.string().optional(),
  url: z.string().optional(),
  mimeType: z.string().optional(),
  fileName: z.string().optional(),
});

/** Inbound media: the message is stored first, the file follows (a slow provider never delays or loses the text). */
export const fetchMediaSpec = {
  name: "channels.fetch-media",
  schema: z.object({ messageId: z.uuid(), channelId: z.uuid(), ref: mediaRefSchema }),
  retryLimit: 6,
  retryDelaySeconds: 5,
  concurrency: 2,
} as const;

export function queueDelivery(ctx: AppContext, messageId: string, startAfter?: Date) {
  return ctx.jobs.send(
    deliverMessageSpec,
    { messageId },
    { singletonKey: messageId, ...(startAfter ? { startAfter } : {}) },
  );
}

export function queueMediaFetch(ctx: AppContext, payload: z.infer<typeof fetchMediaSpec.schema>) {
  return ctx.jobs.send(fetchMediaSpec, payload);
}
