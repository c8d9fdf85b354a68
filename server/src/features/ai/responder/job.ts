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
    expireInSeconds: 180,
    handler: async ({ conversationId }) => {
      await ctx.database.lock(`ai.respond:${conversationId}`, () => runTurn(ctx, conversationId));
    },
  });
