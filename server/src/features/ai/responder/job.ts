import type { AppContext } from "../../../platform/context";
import { defineJob } from "../../../platform/jobs";
import { respondSpec } from "./job-spec";
import { runTurn } from "./run-turn";

/**
 * One AI turn for a conversation. Turns of one conversation never overlap, across processes: a named
 * lock (advisory on PostgreSQL), so two jobs of one burst cannot both answer it; the second finds
 * nothing pending. Retries re-read everything (a recorded reply leaves nothing pending: idempotent).
 */
export const respondJob = (ctx: AppContext) =>
  defineJob({
    ...respondSpec,
    retryLimit: 3,
    retryDelaySeconds: 2,
    workers: 2,
    batchSize: 1,
    // A customer is waiting: look often when every worker was busy as the job came in.
    pollingIntervalSeconds: 0.5,
    // Longer than a turn can take (the answer and the guard pass, each up to AI_TIMEOUT_SECONDS with
    // retries inside it), so a slow turn is never retried while it still runs.
    expireInSeconds: Math.max(180, Math.ceil((2 * ctx.config.ai.timeoutMs) / 1000) + 60),
    handler: async ({ conversationId }) => {
      await ctx.database.lock(`ai.respond:${conversationId}`, () => runTurn(ctx, conversationId));
    },
  });
