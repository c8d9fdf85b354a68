import { z } from "zod";
import type { AppContext } from "../../../platform/context";

/**
 * The responder's job as producers see it (the handler is in job.ts, which queues it again). Policy
 * "short": one waiting job per conversation (singletonKey), so every message of a burst that arrives
 * while it waits out `replyDelaySeconds` collapses into it; a message arriving while the turn runs
 * queues the next one, and the running turn's draft is then refused as stale (record-ai-reply.ts).
 */
export const respondSpec = {
  name: "ai.respond",
  schema: z.object({ conversationId: z.uuid() }),
  policy: "short",
} as const;

export function queueResponse(ctx: AppContext, conversationId: string, delaySeconds: number) {
  return ctx.jobs.send(
    respondSpec,
    { conversationId },
    {
      singletonKey: conversationId,
      ...(delaySeconds > 0 ? { startAfter: new Date(Date.now() + delaySeconds * 1000) } : {}),
    },
  );
}

/** Inline turns in flight per process before new ones go through the queue's workers. */
const INLINE_LIMIT = 8;

/**
 * A turn with no wait: run here, now, with a queued backstop (Jobs.sendAndRun). The customer's
 * message is already stored, so a crash mid-turn leaves the backstop job to answer it
 * (ai-backstop-crash.test.ts). AI_BACKSTOP_SECONDS (30) is longer than a turn normally takes (the
 * model's answer and the guard pass), so the backstop rarely runs while the first turn still writes;
 * if it does, the turn lock serialises them and the second finds nothing pending.
 */
export function respondNow(ctx: AppContext, conversationId: string) {
  // Urgent: the bookkeeping of the customer's message (bus.after) waits for this answer.
  return ctx.bus.urgent(
    ctx.jobs.sendAndRun(
      respondSpec,
      { conversationId },
      { singletonKey: conversationId, backstopSeconds: ctx.config.ai.backstopSeconds, limit: INLINE_LIMIT },
    ),
  );
}
