import type { KnowledgeEmbeddingStatus } from "@switchboard/contracts";
import { and, asc, count, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { Embedder } from "./embedder";
import { knowledgeChunks, knowledgeEmbeddingState } from "./schema";
import { ensureVectorIndex, signBits } from "./vector-search";

/** Chunks per provider call: OpenAI takes 2048 inputs, Gemini's batch 100; 64 keeps one call's text well under their token caps. */
export const EMBED_BATCH = 64;

const stale = (model: string) =>
  or(
    isNull(knowledgeChunks.embedding),
    isNull(knowledgeChunks.embeddingModel),
    ne(knowledgeChunks.embeddingModel, model),
  );

/**
 * Embeds every chunk lacking an embedding from `embedder.model`, a batch at a time. Each batch is
 * written only if its chunks still have the content that was embedded (an edit meanwhile replaced
 * them with new rows, which a later batch or run picks up). Returns how many chunks were embedded.
 */
export async function embedPendingChunks(
  db: Db,
  embedder: Embedder,
  opts: { signal?: AbortSignal; maxBatches?: number } = {},
): Promise<number> {
  let done = 0;
  const dimsSeen = new Set<number>();
  for (let batch = 0; batch < (opts.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    if (opts.signal?.aborted) break;
    const rows = await db
      .select({ id: knowledgeChunks.id, label: knowledgeChunks.label, content: knowledgeChunks.content })
      .from(knowledgeChunks)
      .where(stale(embedder.model))
      .orderBy(asc(knowledgeChunks.id))
      .limit(EMBED_BATCH);
    if (!rows.length) break;
    // The label (title and heading) is embedded with the text: it names the topic the body assumes.
    const vectors = await embedder.embed(
      rows.map((r) => `${r.label}\n\n${r.content}`),
      { signal: opts.signal, purpose: "document" },
    );
    if (vectors.length !== rows.length)
      throw new Error(`The provider returned ${vectors.length} embeddings for ${rows.length} texts`);
    await db.transaction(async (tx) => {
      for (const [i, r] of rows.entries()) {
        const v = vectors[i]!;
        dimsSeen.add(v.length);
        await tx
          .update(knowledgeChunks)
          .set({
            embedding: v,
            embeddingModel: embedder.model,
            embeddingDims: v.length,
            embeddingBits: sql`${signBits(v)}::varbit`,
          })
          .where(and(eq(knowledgeChunks.id, r.id), eq(knowledgeChunks.content, r.content)));
      }
    });
    done += rows.length;
  }
  for (const dims of dimsSeen) await ensureVectorIndex(db, dims);
  return done;
}

/** Remembers the model in force and clears the last error (a run went through). */
export async function recordEmbeddingSuccess(db: Db, model: string | null): Promise<void> {
  await db
    .insert(knowledgeEmbeddingState)
    .values({ id: "default", model, lastError: null, lastErrorAt: null })
    .onConflictDoUpdate({
      target: knowledgeEmbeddingState.id,
      set: { model, lastError: null, lastErrorAt: null, updatedAt: new Date() },
    });
}

export async function recordEmbeddingFailure(db: Db, model: string, message: string): Promise<void> {
  const now = new Date();
  const lastError = message.slice(0, 500);
  await db
    .insert(knowledgeEmbeddingState)
    .values({ id: "default", model, lastError, lastErrorAt: now })
    .onConflictDoUpdate({
      target: knowledgeEmbeddingState.id,
      set: { model, lastError, lastErrorAt: now, updatedAt: now },
    });
}

/** Live counts for the model in force (or the last one recorded when `model` is undefined). */
export async function embeddingStatus(db: Db, model: string | null): Promise<KnowledgeEmbeddingStatus> {
  const [state] = await db.select().from(knowledgeEmbeddingState).where(eq(knowledgeEmbeddingState.id, "default"));
  const [totals] = await db
    .select({
      total: count(),
      embedded: model
        ? sql<number>`count(*) filter (where ${knowledgeChunks.embeddingModel} = ${model} and ${knowledgeChunks.embedding} is not null)`.mapWith(
            Number,
          )
        : sql<number>`0`.mapWith(Number),
    })
    .from(knowledgeChunks);
  const sameModel = state && state.model === model;
  return {
    model,
    embedded: totals?.embedded ?? 0,
    total: totals?.total ?? 0,
    lastError: sameModel ? state.lastError : null,
    lastErrorAt: sameModel && state.lastErrorAt ? state.lastErrorAt.toISOString() : null,
  };
}
