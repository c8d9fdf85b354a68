import type { KnowledgeHit, KnowledgeSearchResult } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";
import type { Logger } from "../../platform/logger";
import type { Embedder } from "./embedder";
import { type SearchOptions, searchKnowledge } from "./search";
import { type VectorHit, vectorSearch } from "./vector-search";

/** How deep the text list and the vector list go before fusion (as each list inside searchKnowledge). */
const DEPTH = 40;
/** The reciprocal rank fusion constant searchKnowledge uses, so the three lists weigh alike. */
const RRF_K = 60;

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Text retrieval (searchKnowledge: full-text and trigram, already fused) plus, when an embedder is
 * given, the embedding list: the question is embedded (the embedder has its timeout), the nearest
 * chunks by cosine are ranked (vector-search.ts), and the lists are fused by reciprocal rank: a
 * chunk's score is its text score (Σ 1/(60 + rank) over full-text and trigram) + 1/(60 + vectorRank).
 * Any failure of the embedding side (provider down, timeout, no chunk embedded yet) leaves the
 * text results as they are: a search never fails because of embeddings.
 */
export async function hybridSearch(
  db: Db,
  opts: SearchOptions,
  embedder: Embedder | null,
  log?: Pick<Logger, "warn">,
): Promise<KnowledgeSearchResult> {
  if (!embedder) return searchKnowledge(db, opts);
  const [text, vector] = await Promise.all([
    searchKnowledge(db, { ...opts, limit: Math.max(DEPTH, opts.limit) }),
    nearest(db, embedder, opts.query).catch((err: Error) => {
      log?.warn({ err: err.message, model: embedder.model }, "query embedding failed; text-only knowledge results");
      return [] as VectorHit[];
    }),
  ]);
  if (!vector.length) return { ...text, results: text.results.slice(0, opts.limit) };
  const byChunk = new Map<string, KnowledgeHit>();
  for (const hit of text.results) byChunk.set(hit.chunkId, { ...hit });
  for (const v of vector) {
    const had = byChunk.get(v.chunkId);
    const add = 1 / (RRF_K + v.vectorRank);
    if (had)
      byChunk.set(v.chunkId, {
        ...had,
        score: round(had.score + add),
        vectorRank: v.vectorRank,
        vectorSimilarity: v.vectorSimilarity,
      });
    else
      byChunk.set(v.chunkId, {
        ...v,
        score: round(add),
        textRank: null,
        trigramRank: null,
        textScore: null,
        trigramSimilarity: null,
      });
  }
  const results = [...byChunk.values()]
    .sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1))
    .slice(0, opts.limit);
  return { ...text, results };
}

async function nearest(db: Db, embedder: Embedder, query: string): Promise<VectorHit[]> {
  const [vec] = await embedder.embed([query.slice(0, 2000)], { purpose: "query" });
  if (!vec?.length) return [];
  return vectorSearch(db, { model: embedder.model, vector: vec, limit: DEPTH });
}
