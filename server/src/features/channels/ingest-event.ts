import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { applyEvent, RetryLater } from "./apply-event";
import { loadChannel, recordChannelHealth } from "./configs";
import { getAdapter } from "./registry";
import { webhookEvents } from "./schema";

const MAX_ATTEMPTS = 6;

/**
 * Processes one stored webhook: parse with the channel's adapter, apply every event in order.
 * Never fails permanently inside the queue (ordered queues would stall): after the last attempt
 * the event is marked failed with its reason and can be replayed from the channel page.
 */
export async function ingestEvent(ctx: AppContext, eventId: string): Promise<void> {
  const [ev] = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).limit(1);
  if (!ev || ev.status === "processed" || ev.status === "orphan" || !ev.channelId) return;
  const channel = await loadChannel(ctx, ev.channelId);
  const attempts = ev.attempts + 1;
  const fail = async (error: string) => {
    await ctx.db
      .update(webhookEvents)
      .set({ status: "failed", error: error.slice(0, 1000), attempts, processedAt: new Date() })
      .where(eq(webhookEvents.id, ev.id));
    await recordChannelHealth(ctx, ev.channelId!, { error: `Webhook processing failed: ${error}` });
    ctx.log.warn({ eventId, error }, "webhook event failed");
  };
  if (!channel) return fail("The channel was removed");
  const provider = getAdapter(channel.type).provider!;
  try {
    for (const e of provider.parse(JSON.parse(ev.payload), channel)) await applyEvent(ctx, channel, e);
  } catch (err) {
    const message = (err as Error).message;
    if (attempts < MAX_ATTEMPTS) {
      await ctx.db
        .update(webhookEvents)
        .set({ attempts, error: message.slice(0, 1000) })
        .where(eq(webhookEvents.id, ev.id));
      // Thrown: the queue retries with exponential backoff and jitter.
      throw err instanceof RetryLater ? err : new Error(`webhook event ${eventId}: ${message}`);
    }
    return fail(message);
  }
  await ctx.db
    .update(webhookEvents)
    .set({ status: "processed", error: null, attempts, processedAt: new Date() })
    .where(eq(webhookEvents.id, ev.id));
  await recordChannelHealth(ctx, channel.id, { event: true });
}
