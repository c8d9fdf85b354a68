import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";

/** autovacuum's defaults for an ANALYZE: 50 rows plus a tenth of the table. */
const THRESHOLD = 50;
const SCALE = 0.1;

/**
 * Planner statistics for the vector list's filters, gathered right after a burst of writes changed
 * them noticeably. PGlite runs no autovacuum, so without this its tables were never analysed: the
 * planner guessed 8 chunks per embedding model and sorted every chunk by an exact cosine instead of
 * taking the HNSW index (the list took ~37 ms against ~10 ms on 1,500 chunks, on a loaded machine). A server whose autovacuum is off, or
 * has not come round yet (up to a minute), is in the same place right after an import or a model
 * change. The rule is autovacuum's: more than 50 + 10 % of the chunks added, removed or re-embedded
 * since the statistics were taken (`reltuples`: the chunk count the last ANALYZE, VACUUM or CREATE
 * INDEX saw), or chunks without any column statistics yet (pg_stats survives a restart, unlike
 * PGlite's activity counters). Returns whether it analysed.
 */
export async function refreshKnowledgeStatistics(db: Db, embedded: number): Promise<boolean> {
  const result = (await db.execute(sql`
    select (select count(*) from knowledge_chunks)::float8 as chunks,
           (select reltuples from pg_class where oid = 'knowledge_chunks'::regclass)::float8 as seen,
           exists (select 1 from pg_stats where schemaname = current_schema() and tablename = 'knowledge_chunks'
                   and attname = 'embedding_model') as analysed
  `)) as unknown as { rows: { chunks: number; seen: number; analysed: boolean }[] };
  const { chunks, seen, analysed } = result.rows[0]!;
  if (Number(chunks) === 0) return false;
  const base = Math.max(0, Number(seen));
  const changed = Math.max(Math.abs(Number(chunks) - base), embedded);
  if (analysed && changed <= THRESHOLD + SCALE * base) return false;
  // Only the columns the vector list filters on: with statistics on every column (tsv, label…)
  // the full-text statement got a plan ~10 % slower on PGlite; these three alone make the planner
  // take the HNSW index and leave the full-text plan as it was (measured on 1,500 chunks).
  await db.execute(sql`analyze knowledge_chunks (embedding_model, embedding_dims, published)`);
  return true;
}
