import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { embedPendingChunks, recordEmbeddingFailure, recordEmbeddingSuccess } from "./embed-chunks";
import type { EmbedderSource } from "./embedder";

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
      if (!embedder) return recordEmbeddingSuccess(ctx.db, null);
      try {
        const n = await embedPendingChunks(ctx.db, embedder, { signal });
        await recordEmbeddingSuccess(ctx.db, embedder.model);
        if (n) ctx.log.info({ chunks: n, model: embedder.model }, "knowledge chunks embedded");
      } catch (err) {
        await recordEmbeddingFailure(ctx.db, embedder.model, (err as Error).message || String(err));
        throw err;
      }
    },
  });

/** Queues an embedding run; call after the chunk writes committed. Never fails the caller. */
export async function requestEmbedding(ctx: Pick<AppContext, "jobs" | "log">): Promise<void> {
  try {
    await ctx.jobs.send(knowledgeEmbedJobHandle, {});
  } catch (err) {
    ctx.log.warn({ err }, "could not queue knowledge embedding");
  }
}
