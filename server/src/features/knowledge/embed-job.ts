import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { embedPendingChunks, recordEmbeddingFailure, recordEmbeddingSuccess } from "./embed-chunks";
import type { EmbedderSource } from "./embedder";
import { refreshKnowledgeStatistics } from "./statistics";

const schema = z.object({});

/** Producer side (chunk writes, settings changes) without the handler's dependencies. */
export const knowledgeEmbedJobHandle: JobHandle<typeof schema> = { name: "knowledge.embed", schema };

/**
 * Embeds the chunks that lack an embedding from the current model (new or edited chunks, or all of
 * them after a model change). `stately`: one run waiting and one running at most, so a burst of
 * saves queues one run, which embeds whatever is missing when it starts. A provider failure is
 * recorded (GET /api/knowledge/embeddings shows it) and retried with backoff; after the retries the
 * rows stay unembedded (search is text-only for them) until the next save or settings change.
 */
export const knowledgeEmbedJob = (ctx: AppContext, embedders: EmbedderSource) =>
  defineJob({
    ...knowledgeEmbedJobHandle,
    policy: "stately",
    retryLimit: 3,
    retryDelaySeconds: 5,
    expireInSeconds: 30 * 60,
    handler: async (_payload, { signal }) => {
      const embedder = await embedders();
      if (!embedder) {
        await recordEmbeddingSuccess(ctx.db, null);
        return refreshStatistics(ctx, 0);
      }
      try {
        const n = await embedPendingChunks(ctx.db, embedder, { signal });
        await recordEmbeddingSuccess(ctx.db, embedder.model);
        if (n) ctx.log.info({ chunks: n, model: embedder.model }, "knowledge chunks embedded");
        await refreshStatistics(ctx, n);
      } catch (err) {
        await recordEmbeddingFailure(ctx.db, embedder.model, (err as Error).message || String(err));
        throw err;
      }
    },
  });

/**
 * The job runs after every burst of chunk writes (with or without an embedder), so it is where the
 * planner's statistics are brought up to date (statistics.ts). Never fails the run: stale
 * statistics only cost speed.
 */
async function refreshStatistics(ctx: AppContext, embedded: number): Promise<void> {
  try {
    if (await refreshKnowledgeStatistics(ctx.db, embedded))
      ctx.log.debug({ embedded }, "knowledge statistics refreshed");
  } catch (err) {
    ctx.log.warn({ err }, "could not refresh knowledge statistics");
  }
}

/** Queues an embedding run; call after the chunk writes committed. Never fails the caller. */
export async function requestEmbedding(ctx: Pick<AppContext, "jobs" | "log">): Promise<void> {
  try {
    await ctx.jobs.send(knowledgeEmbedJobHandle, {});
  } catch (err) {
    ctx.log.warn({ err }, "could not queue knowledge embedding");
  }
}
