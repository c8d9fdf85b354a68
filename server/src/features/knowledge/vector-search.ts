import type { KnowledgeHit } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";

/**
 * Below this cosine a chunk is not in the vector list at all: every chunk has *some* similarity,
 * and without a floor each question would drag the nearest unrelated chunks into the fused results.
 */
export const MIN_SIMILARITY = 0.3;
/**
 * Without pgvector, an exact cosine for every chunk is too slow: in SQL (unnest + sum per chunk) it
 * cost about 0.2 ms a chunk of 256 dimensions and 1.3–2.4 ms at 1536 on PGlite, seconds at 10,000
 * chunks. So the fallback ranks all chunks of the model by the Hamming distance of their sign bits
 * (binary quantisation: bit_count of an XOR, microseconds per chunk) and computes the exact cosine
 * for the best RESCORE only (2× the list depth), in this process from the stored arrays (arrayHits).
 * With the cosine still in SQL, 10,000 chunks took (2 shared cores under heavy load, so upper
 * bounds) PGlite 186 ms at 256 dims, 332 ms at 1536; PostgreSQL 80 ms and 234 ms. Past ~50,000
 * chunks, install pgvector.
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
  if (via === "pgvector") return hitsFor(db, pgvectorList);
  if (via === "best" && (await hasPgvector(db))) {
    // PGlite tests this path (it loads pgvector); a server's pgvector may be older or refuse a
    // cast, and then the array list still answers.
    const hits = await hitsFor(db, pgvectorList).catch(() => null);
    if (hits) return hits;
  }
  return arrayHits(db, opts, n);
}

interface CandidateRow extends Row {
  /** array_send(embedding): the real[] in PostgreSQL's binary array format. */
  embedding: Uint8Array | string;
}

/**
 * The list without pgvector: the best RESCORE chunks by Hamming distance of the sign bits (SQL),
 * each with its embedding in binary and its content, then the exact cosine here. In SQL the cosine
 * (unnest of both arrays, sum per chunk) cost ~0.05–0.2 ms a chunk of 256 dimensions, the whole
 * list's time, and the planner computed it twice for a chunk that passed the similarity floor (once
 * in the filter, once for the order); here it is microseconds. The arithmetic is PostgreSQL's
 * `sum(a * b)` over real: each product and each partial sum rounded to single precision, in array
 * order, so the similarities, the floor and the order are the ones the SQL gave.
 */
async function arrayHits(
  db: Db,
  opts: { model: string; vector: number[]; limit: number },
  n: SQL,
): Promise<VectorHit[]> {
  const result = (await db.execute(sql`
    select c.id as chunk_id, array_send(c.embedding) as embedding, c.heading, c.content, c.article_id, c.qa_id,
           coalesce(a.title, qa.question) as title
    from (
      select c.id from knowledge_chunks c
      where c.embedding_dims = ${n} and c.embedding_model = ${opts.model} and c.published
      order by bit_count(c.embedding_bits # ${signBits(opts.vector)}::varbit), c.id
      limit ${RESCORE}
    ) s
    join knowledge_chunks c on c.id = s.id
    left join knowledge_articles a on a.id = c.article_id
    left join knowledge_qa qa on qa.id = c.qa_id
  `)) as unknown as { rows: CandidateRow[] };
  const query = Float32Array.from(opts.vector);
  const scored: Row[] = [];
  for (const r of result.rows) {
    const similarity = dot(query, r.embedding);
    if (similarity !== null && similarity >= MIN_SIMILARITY) scored.push({ ...r, similarity });
  }
  // As SQL's `order by similarity desc, id` (a uuid orders as its lowercase text).
  scored.sort((a, b) => b.similarity - a.similarity || (a.chunk_id < b.chunk_id ? -1 : 1));
  return toHits(scored.slice(0, opts.limit));
}

/**
 * PostgreSQL's sum(a * b) over two real[] of one length, from the binary form of the stored one:
 * ndim, has-nulls flag, element type, (length, lower bound) per dimension, then (byte length, value)
 * per element, big-endian. null when the stored array does not fit the query (another size, nulls).
 */
export function dot(query: Float32Array, stored: Uint8Array | string): number | null {
  const bytes = typeof stored === "string" ? Buffer.from(stored.replace(/^\\x/, ""), "hex") : stored;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 20 || view.getInt32(0) !== 1 || view.getInt32(4) !== 0) return null;
  const len = view.getInt32(12);
  if (len !== query.length || bytes.byteLength !== 20 + 8 * len) return null;
  let sum = 0;
  for (let i = 0, at = 24; i < len; i++, at += 8) sum = Math.fround(sum + Math.fround(query[i]! * view.getFloat32(at)));
  return sum;
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
  return toHits(result.rows);
}

function toHits(rows: Row[]): VectorHit[] {
  return rows.map((r, i) => ({
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
