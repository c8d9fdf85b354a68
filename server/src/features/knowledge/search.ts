import type { KnowledgeHit, KnowledgeLanguage, KnowledgeSearchResult } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { executeNamed } from "../../platform/db/named";
import { queryWords } from "./chunk";
import { detectLanguage } from "./language";

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
 * How many chunks the full-text list may rank: ranking reads each candidate's tsvector (ts_rank
 * was two thirds of the statement's time on the 100k-chunk benchmark), so the candidates are the
 * chunks holding the question's rarest words, up to about this many.
 */
const DF_BUDGET = 300;

export interface SearchOptions {
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
 *    nearest words by trigram similarity (`knowledge_terms`, nearest first from its GiST trigram
 *    index): "refnd" -> "refund";
 * 2. full-text list: the words (and corrections) OR-ed into a tsquery, parsed with the query's
 *    language, `english` and `simple` (so it meets chunks indexed with any of them), ranked by
 *    ts_rank (title/heading weighted A; ts_rank_cd measured about twice as slow on the 100k-chunk
 *    benchmark) over the GIN tsvector index; the chunks ranked are those holding the question's
 *    rarest words when it has some (knowledge_lexemes), so a common word never ranks the corpus,
 *    and also another of its words when the rarest alone is in more than DF_BUDGET chunks;
 * 3. trigram list: word similarity of the raw query to each chunk's title and heading (GIN
 *    trigram index), which catches a misspelt topic even when correction picked other words;
 * 4. reciprocal rank fusion of the two lists: score = Σ 1 / (60 + rank).
 * Drafts are never returned (`published` is kept on every chunk by the writer).
 */
export async function searchKnowledge(db: Db, opts: SearchOptions): Promise<KnowledgeSearchResult> {
  const words = queryWords(opts.query);
  const language = opts.language ?? detectLanguage(opts.query);
  if (!words.length) return { results: [], language, terms: [] };
  const raw = opts.query.slice(0, 200);
  // Title/heading similarity helps a short, search-box query ("refnd policy"); a whole sentence is
  // never similar enough to a title, and probing the trigram index for it costs milliseconds.
  const useTrigram = words.length <= 5 && raw.length <= 80;
  // Each dictionary once: a repeated parse costs the GIN scan and ts_rank as much again.
  const cfgs = [...new Set([language, "english", "simple"])];
  const parsed = (expr: SQL) =>
    sql.join(
      cfgs.map((c) => sql`to_tsquery(${c}::regconfig, ${expr})`),
      sql` || `,
    );
  const lexemesOf = sql.join(
    cfgs.map((c) => sql`tsvector_to_array(to_tsvector(${c}::regconfig, term))`),
    sql` || `,
  );
  const statement = sql`
    with words as materialized (
      -- Stop words ("the", "how", "de") would match half the corpus under \`simple\`: dropped first.
      -- (An empty to_tsvector, not plainto_tsquery: same words, without a NOTICE sent per stop word.)
      select w from unnest(${sql.param(words)}::text[]) as w
      where to_tsvector('english', w) <> ''::tsvector and to_tsvector(${language}::regconfig, w) <> ''::tsvector
    ),
    -- A range, not "=", so the lookup takes the primary key: the trigram index also answers "=",
    -- and the planner picks it, at milliseconds per word.
    known as (select t.word from words join knowledge_terms t on t.word >= words.w and t.word <= words.w),
    fixes as (
      select f.word from words
      cross join lateral (
        -- The 20 nearest by the GiST index, then the same "similar enough, most similar first,
        -- ties alphabetical" as a scan would give, unless more than 20 words tie for second place.
        select n.word from (
          select t.word from knowledge_terms t order by t.word <-> words.w limit 20
        ) n
        where n.word % words.w
        order by similarity(n.word, words.w) desc, n.word limit 2
      ) f
      where length(words.w) >= 4 and words.w not in (select word from known)
    ),
    terms as materialized (select w as term from words union select word from fixes),
    -- How many chunks hold each term (its most frequent lexeme under the query's dictionaries).
    freq as materialized (
      select term, (select coalesce(max(l.chunks), 0) from knowledge_lexemes l
                    where l.lexeme = any(${lexemesOf})) as df
      from terms
    ),
    cap as (select greatest(${sql.raw(String(MIN_COMMON))}, (select reltuples from pg_class where oid = 'knowledge_chunks'::regclass) * ${sql.raw(String(COMMON_SHARE))}) as v),
    -- The rarest words first, until together they are in DF_BUDGET chunks (always at least one).
    counted as materialized (
      select term, df, sum(df) over (order by df, term) - df as before from freq where df > 0
    ),
    rare as (select term, df from counted where df <= (select v from cap) and before < ${sql.raw(String(DF_BUDGET))}),
    q as materialized (select string_agg(term, ' | ') as expr from terms),
    -- When even the rarest word is in more than DF_BUDGET chunks, the chunks ranked must also hold
    -- another of the question's words: one holding a single word of it ranks below nearly every
    -- chunk sharing two, and ranking is what costs (about 650 candidates become 40 to 110 on the
    -- 100k-chunk benchmark, where each topic word is in about 500 chunks).
    others as (select term from counted where term not in (select term from rare)),
    qm as materialized (
      select case
        when (select min(df) from rare) > ${sql.raw(String(DF_BUDGET))} and exists (select from others)
          then '(' || (select string_agg(term, ' | ') from rare) || ') & (' || (select string_agg(term, ' | ') from others) || ')'
        else coalesce((select string_agg(term, ' | ') from rare), (select expr from q))
      end as expr
    ),
    tq as (select ${parsed(sql`q.expr`)} as query, ${parsed(sql`qm.expr`)} as match from q, qm),
    fts as (
      select c.id, ts_rank(c.tsv, (select query from tq), 1) as v,
             row_number() over (order by ts_rank(c.tsv, (select query from tq), 1) desc, c.id) as rk
      from knowledge_chunks c
      where c.published and c.tsv @@ (select match from tq)
      order by rk limit ${sql.raw(String(LIST_DEPTH))}
    ),
    tri as (
      select c.id, word_similarity(${raw}, c.label) as v,
             row_number() over (order by word_similarity(${raw}, c.label) desc, c.id) as rk
      from knowledge_chunks c
      where ${useTrigram} and c.published and ${raw} <% c.label
      order by rk limit ${sql.raw(String(LIST_DEPTH))}
    ),
    fused as (
      select id, sum(1.0 / (${sql.raw(String(RRF_K))} + rk))::float8 as score,
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
  `;
  // Named: the text is one of two (the query's language is English or not), parsed once per connection.
  const { rows } = await executeNamed<Row>(db, "knowledge_search", statement);
  const results: KnowledgeHit[] = rows.map((r) => ({
    chunkId: r.chunk_id,
    score: Math.round(Number(r.score) * 1e6) / 1e6,
    textRank: r.text_rank === null ? null : Number(r.text_rank),
    trigramRank: r.trigram_rank === null ? null : Number(r.trigram_rank),
    textScore: r.text_score === null ? null : Math.round(Number(r.text_score) * 1e6) / 1e6,
    trigramSimilarity: r.trigram_similarity === null ? null : Math.round(Number(r.trigram_similarity) * 1e4) / 1e4,
    // The embedding list is fused in by hybrid-search.ts.
    vectorRank: null,
    vectorSimilarity: null,
    heading: r.heading,
    content: r.content,
    source: r.article_id
      ? { type: "article", id: r.article_id, title: r.title }
      : { type: "qa", id: r.qa_id!, title: r.title },
  }));
  return { results, language, terms: rows[0]?.terms ?? words };
}
