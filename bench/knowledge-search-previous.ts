/**
 * The retrieval statement as it was before the issue 8 tuning (main at 2cb7f35), kept verbatim so
 * the knowledge-search benchmark can time it beside the current one in the same run: on a shared
 * machine only a same-run comparison says whether a change helped. Bench-only; never imported by
 * the server.
 */
import type { KnowledgeHit, KnowledgeLanguage, KnowledgeSearchResult } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { Db } from "../server/src/platform/db/client";
import { queryWords } from "../server/src/features/knowledge/chunk";
import { detectLanguage } from "../server/src/features/knowledge/language";

/** How deep each ranked list goes before fusion, and the usual RRF constant (Cormack et al., 2009). */
const LIST_DEPTH = 40;
const RRF_K = 60;
/**
 * A word in more than 2 % of the chunks (at least 200) is "common": when the question also has
 * rarer words, only those decide which chunks are ranked, and the common ones still add to the rank.
 */
const COMMON_SHARE = 0.02;
const MIN_COMMON = 200;
/**
 * How many chunks the full-text list may rank: ranking reads each candidate's tsvector, so the
 * candidates are the chunks holding the question's rarest words, up to about this many.
 */
const DF_BUDGET = 300;

interface SearchOptions {
  query: string;
  limit: number;
  language?: KnowledgeLanguage;
}

interface Row {
  chunk_id: string;
  score: number;
  text_rank: number | null;
  trigram_rank: number | null;
  text_score: number | null;
  trigram_similarity: number | null;
  heading: string | null;
  content: string;
  article_id: string | null;
  qa_id: string | null;
  title: string;
  terms: string[] | null;
}

/**
 * Published knowledge ranked for a question, in one statement:
 * 1. typo correction: each query word the knowledge base does not contain is replaced by its two
 *    nearest words by trigram similarity (`knowledge_terms`, GIN trigram index): "refnd" -> "refund";
 * 2. full-text list: the words (and corrections) OR-ed into a tsquery, parsed with the query's
 *    language, `english` and `simple` (so it meets chunks indexed with any of them), ranked by
 *    ts_rank (title/heading weighted A; ts_rank_cd measured about twice as slow on the 100k-chunk
 *    benchmark) over the GIN tsvector index; the chunks ranked are those holding the question's
 *    rarest words when it has some (knowledge_lexemes), so a common word never ranks the corpus;
 * 3. trigram list: word similarity of the raw query to each chunk's title and heading (GIN
 *    trigram index), which catches a misspelt topic even when correction picked other words;
 * 4. reciprocal rank fusion of the two lists: score = Σ 1 / (60 + rank).
 * Drafts are never returned (`published` is kept on every chunk by the writer).
 */
export async function searchKnowledgePrevious(db: Db, opts: SearchOptions): Promise<KnowledgeSearchResult> {
  const words = queryWords(opts.query);
  const language = opts.language ?? detectLanguage(opts.query);
  if (!words.length) return { results: [], language, terms: [] };
  const raw = opts.query.slice(0, 200);
  // Title/heading similarity helps a short, search-box query ("refnd policy"); a whole sentence is
  // never similar enough to a title, and probing the trigram index for it costs milliseconds.
  const useTrigram = words.length <= 5 && raw.length <= 80;
  const cfgs = [...new Set([language, "english", "simple"])];
  const tsquery = sql.join(
    cfgs.map((c) => sql`to_tsquery(${c}::regconfig, (select expr from q))`),
    sql` || `,
  );
  const matchQuery = sql.join(
    cfgs.map((c) => sql`to_tsquery(${c}::regconfig, (select expr from qm))`),
    sql` || `,
  );
  const lexemesOf = sql`${sql.join(
    cfgs.map((c) => sql`tsvector_to_array(to_tsvector(${c}::regconfig, term))`),
    sql` || `,
  )}`;
  const wordArray = sql`array[${sql.join(
    words.map((w) => sql`${w}`),
    sql`, `,
  )}]::text[]`;
  const result = (await db.execute(sql`
    with words as (
      -- Stop words ("the", "how", "de") would match half the corpus under \`simple\`: dropped first.
      select w from unnest(${wordArray}) as w
      where numnode(plainto_tsquery('english', w)) > 0 and numnode(plainto_tsquery(${language}::regconfig, w)) > 0
    ),
    -- A range, not "=", so the lookup takes the primary key: the trigram index also answers "=",
    -- and the planner picks it, at milliseconds per word.
    known as (select t.word from words join knowledge_terms t on t.word >= words.w and t.word <= words.w),
    fixes as (
      select f.word from words
      cross join lateral (
        select t.word from knowledge_terms t
        where length(words.w) >= 4 and t.word % words.w
        order by similarity(t.word, words.w) desc, t.word limit 2
      ) f
      where words.w not in (select word from known)
    ),
    terms as (select w as term from words union select word from fixes),
    -- How many chunks hold each term (its most frequent lexeme under the query's dictionaries).
    freq as (
      select term, (select coalesce(max(l.chunks), 0) from knowledge_lexemes l
                    where l.lexeme = any(${lexemesOf})) as df
      from terms
    ),
    cap as (select greatest(${MIN_COMMON}, (select reltuples from pg_class where oid = 'knowledge_chunks'::regclass) * ${COMMON_SHARE}) as v),
    -- The rarest words first, until together they are in DF_BUDGET chunks (always at least one).
    rare as (
      select term from (
        select term, sum(df) over (order by df, term) - df as before
        from freq where df > 0 and df <= (select v from cap)
      ) r where before < ${DF_BUDGET}
    ),
    q as (select string_agg(term, ' | ') as expr from terms),
    qm as (select coalesce((select string_agg(term, ' | ') from rare), (select expr from q)) as expr),
    tq as (select ${tsquery} as query, ${matchQuery} as match),
    fts as (
      select c.id, ts_rank(c.tsv, (select query from tq), 1) as v,
             row_number() over (order by ts_rank(c.tsv, (select query from tq), 1) desc, c.id) as rk
      from knowledge_chunks c
      where c.published and c.tsv @@ (select match from tq)
      order by rk limit ${LIST_DEPTH}
    ),
    tri as (
      select c.id, word_similarity(${raw}, c.label) as v,
             row_number() over (order by word_similarity(${raw}, c.label) desc, c.id) as rk
      from knowledge_chunks c
      where ${useTrigram} and c.published and ${raw} <% c.label
      order by rk limit ${LIST_DEPTH}
    ),
    fused as (
      select id, sum(1.0 / (${RRF_K} + rk))::float8 as score,
             min(rk) filter (where src = 'fts')::int as text_rank,
             min(rk) filter (where src = 'tri')::int as trigram_rank,
             max(v) filter (where src = 'fts')::float8 as text_score,
             max(v) filter (where src = 'tri')::float8 as trigram_similarity
      from (select id, rk, v, 'fts' as src from fts union all select id, rk, v, 'tri' from tri) x
      group by id
      order by score desc, id
      limit ${opts.limit}
    )
    select f.id as chunk_id, f.score, f.text_rank, f.trigram_rank, f.text_score, f.trigram_similarity, c.heading, c.content, c.article_id, c.qa_id,
           coalesce(a.title, qa.question) as title,
           (select array_agg(term order by term) from terms) as terms
    from fused f
    join knowledge_chunks c on c.id = f.id
    left join knowledge_articles a on a.id = c.article_id
    left join knowledge_qa qa on qa.id = c.qa_id
    order by f.score desc, f.id
  `)) as unknown as { rows: Row[] };
  const rows = result.rows;
  const results: KnowledgeHit[] = rows.map((r) => ({
    chunkId: r.chunk_id,
    score: Math.round(Number(r.score) * 1e6) / 1e6,
    textRank: r.text_rank === null ? null : Number(r.text_rank),
    trigramRank: r.trigram_rank === null ? null : Number(r.trigram_rank),
    textScore: r.text_score === null ? null : Math.round(Number(r.text_score) * 1e6) / 1e6,
    trigramSimilarity: r.trigram_similarity === null ? null : Math.round(Number(r.trigram_similarity) * 1e4) / 1e4,
    heading: r.heading,
    content: r.content,
    source: r.article_id
      ? { type: "article", id: r.article_id, title: r.title }
      : { type: "qa", id: r.qa_id!, title: r.title },
  }));
  return { results, language, terms: rows[0]?.terms ?? words };
}
