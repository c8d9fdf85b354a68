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
