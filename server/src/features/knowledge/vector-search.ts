import type { KnowledgeHit } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";

/**
 * Below this cosine a chunk is not in the vector list at all: every chunk has *some* similarity,
 * and without a floor each question would drag the nearest unrelated chunks into the fused results.
 */
export const MIN_SIMILARITY = 0.3;
/**
 * Without pgvector, the exact cosine in SQL (unnest + sum per chunk) costs about 0.2 ms per chunk of
 * 256 dimensions and 1.3–2.4 ms at 1536 on PGlite: seconds at 10,000 chunks. So the fallback ranks
 * all chunks of the model by the Hamming distance of their sign bits (binary quantisation: bit_count
 * of an XOR, microseconds per chunk) and computes the exact cosine for the best RESCORE only (2× the
 * list depth). Measured on 10,000 chunks (2 shared cores under heavy load, so upper bounds):
 * PGlite 186 ms at 256 dims, 332 ms at 1536; PostgreSQL 80 ms and 234 ms. Past ~50,000 chunks,
 * install pgvector.
 */
export const RESCORE = 80;
/** pgvector's HNSW index takes vectors up to 2,000 dimensions; larger ones are ranked by an exact scan. */
const HNSW_MAX_DIMS = 2000;

export interface VectorHit
  extends Omit<KnowledgeHit, "score" | "textRank" | "trigramRank" | "textScore" | "trigramSimilarity"> {
  vectorRank: number;
  vectorSimilarity: number;
}

interface Row {
  chunk_id: string;
  similarity: number;
  heading: string | null;
  content: string;
  article_id: string | null;
  qa_id: string | null;
  title: string;
}

/** One bit per dimension: 1 where the component is positive (the binary-quantised embedding). */
export function signBits(v: number[]): string {
  return v.map((x) => (x > 0 ? "1" : "0")).join("");
}

/**
 * Whether the database has pgvector, asked once per database handle: the extension is created by a
 * migration before the server serves (or never), so the answer does not change under a running
 * process. Asking on every search cost the responder a round trip per question. This is a fact
 * about the database, not state shared between requests: a second process asks its own handle.
 */
const pgvectorOf = new WeakMap<Db, Promise<boolean>>();
export function hasPgvector(db: Db): Promise<boolean> {
  let known = pgvectorOf.get(db);
  if (!known) {
    known = (
      db.execute(sql`select 1 as ok from pg_extension where extname = 'vector'`) as unknown as Promise<{
        rows: unknown[];
      }>
    ).then((r) => r.rows.length > 0);
    // A failed check (a connection blip) is asked again next time rather than remembered.
    known.catch(() => pgvectorOf.delete(db));
    pgvectorOf.set(db, known);
  }
  return known;
}

const dimsOf = (n: number) => {
  if (!Number.isInteger(n) || n < 1 || n > 16000) throw new Error(`Unsupported embedding size ${n}`);
  return sql.raw(String(n));
};

/**
 * With pgvector: an HNSW index on `embedding::vector(N)` for chunks of N dimensions (partial on
 * embedding_dims, so models of several sizes can coexist while a re-embed runs). Created on demand
 * by the embedding job the first time it writes vectors of that size. Plain CREATE INDEX blocks
 * chunk writes while it builds, once per size.
 */
export async function ensureVectorIndex(db: Db, dims: number): Promise<void> {
  if (dims > HNSW_MAX_DIMS || !(await hasPgvector(db))) return;
  const n = dimsOf(dims);
  const name = sql.raw(`knowledge_chunks_embedding_${dims}_idx`);
  // The index only speeds the list up: a concurrent creator's duplicate, or a pgvector older than
  // 0.5 (no HNSW), leaves the exact `<=>` scan, never a failed embedding run.
  await db
    .execute(
      sql`create index if not exists ${name} on knowledge_chunks using hnsw ((embedding::vector(${n})) vector_cosine_ops) where embedding_dims = ${n}`,
    )
    .catch(() => undefined);
}

/**
 * Published chunks nearest to the question's embedding (unit vectors, so cosine = dot product),
 * among those embedded by the same model with the same size. pgvector: `<=>` (cosine distance)
 * over the HNSW index, the model and published filters applied to its candidates. Without it:
 * Hamming distance over the sign bits, then the exact cosine over real[] for the best RESCORE.
 */
export async function vectorSearch(
  db: Db,
  opts: { model: string; vector: number[]; limit: number },
  /** Which list answers: the best available (default), or one of them (tests compare the two). */
  via: "best" | "pgvector" | "array" = "best",
): Promise<VectorHit[]> {
  const dims = opts.vector.length;
  const n = dimsOf(dims);
  const literal = `[${opts.vector.join(",")}]`;
  const pgvectorList = sql`
      select id, similarity from (
        select c.id, (1 - (c.embedding::vector(${n}) <=> ${literal}::vector(${n})))::float8 as similarity
        from knowledge_chunks c
        where c.embedding_dims = ${n} and c.embedding_model = ${opts.model} and c.published
        order by c.embedding::vector(${n}) <=> ${literal}::vector(${n})
        limit ${opts.limit}
      ) v where similarity >= ${MIN_SIMILARITY}`;
  const arrayList = sql`
      select id, similarity from (
        select e.id, (select sum(a * b) from unnest(e.embedding, ${`{${opts.vector.join(",")}}`}::real[]) as t(a, b))::float8 as similarity
        from (
          -- Ids only: carrying each embedding (6 kB at 1536 dims) through the sort costs more than the ranking.
          select c.id from knowledge_chunks c
          where c.embedding_dims = ${n} and c.embedding_model = ${opts.model} and c.published
          order by bit_count(c.embedding_bits # ${signBits(opts.vector)}::varbit), c.id
          limit ${RESCORE}
        ) s
        join knowledge_chunks e on e.id = s.id
      ) v where similarity >= ${MIN_SIMILARITY}
      order by similarity desc, id limit ${opts.limit}`;
  if (via === "pgvector") return hitsFor(db, pgvectorList);
  if (via === "best" && (await hasPgvector(db))) {
    // PGlite tests this path (it loads pgvector); a server's pgvector may be older or refuse a
    // cast, and then the array list still answers.
    const hits = await hitsFor(db, pgvectorList).catch(() => null);
    if (hits) return hits;
  }
  return hitsFor(db, arrayList);
}

async function hitsFor(db: Db, list: SQL): Promise<VectorHit[]> {
  const result = (await db.execute(sql`
    with v as (${list})
    select v.id as chunk_id, v.similarity, c.heading, c.content, c.article_id, c.qa_id,
           coalesce(a.title, qa.question) as title
    from v
    join knowledge_chunks c on c.id = v.id
    left join knowledge_articles a on a.id = c.article_id
    left join knowledge_qa qa on qa.id = c.qa_id
    order by v.similarity desc, v.id
  `)) as unknown as { rows: Row[] };
  return result.rows.map((r, i) => ({
    chunkId: r.chunk_id,
    vectorRank: i + 1,
    vectorSimilarity: Math.round(Number(r.similarity) * 1e4) / 1e4,
    heading: r.heading,
    content: r.content,
    source: r.article_id
      ? { type: "article", id: r.article_id, title: r.title }
      : { type: "qa", id: r.qa_id!, title: r.title },
  }));
}
