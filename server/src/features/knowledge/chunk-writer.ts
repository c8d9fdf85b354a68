import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type ChunkText, chunkArticle, chunkQa, vocabulary } from "./chunk";
import { knowledgeChunks, knowledgeTerms } from "./schema";

interface Source {
  articleId?: string;
  qaId?: string;
  title: string;
  language: string;
  published: boolean;
}

/**
 * Replaces a source's chunks. Called inside the transaction that saves the article or pair, so a
 * search never sees an article's new text with its old chunks (or none).
 */
/**
 * Removes a source's chunks and takes their lexemes out of the counts. Rows are taken in lexeme
 * order so two saves touching the same words queue behind each other instead of deadlocking.
 */
async function dropChunks(db: Db, source: { articleId?: string; qaId?: string }) {
  const mine = source.articleId ? sql`c.article_id = ${source.articleId}` : sql`c.qa_id = ${source.qaId!}`;
  await db.execute(sql`
    with old as (select u.lexeme, count(*)::int as n from knowledge_chunks c, unnest(c.tsv) u where ${mine} group by u.lexeme),
    locked as (select l.lexeme from knowledge_lexemes l join old using (lexeme) order by l.lexeme for update of l)
    update knowledge_lexemes l set chunks = greatest(0, l.chunks - old.n) from old, locked
    where l.lexeme = old.lexeme and locked.lexeme = old.lexeme`);
  await db
    .delete(knowledgeChunks)
    .where(source.articleId ? eq(knowledgeChunks.articleId, source.articleId) : eq(knowledgeChunks.qaId, source.qaId!));
}

/** Before deleting an article or pair (the cascade alone would leave its lexemes counted). */
export const dropArticleChunks = (db: Db, articleId: string) => dropChunks(db, { articleId });
export const dropQaChunks = (db: Db, qaId: string) => dropChunks(db, { qaId });

async function replaceChunks(db: Db, source: Source, chunks: ChunkText[]) {
  await dropChunks(db, source);
  const mine = source.articleId ? sql`c.article_id = ${source.articleId}` : sql`c.qa_id = ${source.qaId!}`;
  if (!chunks.length) return 0;
  const cfg = source.language;
  await db.insert(knowledgeChunks).values(
    chunks.map((c, position) => {
      const label = c.heading && c.heading !== source.title ? `${source.title} — ${c.heading}` : source.title;
      return {
        articleId: source.articleId ?? null,
        qaId: source.qaId ?? null,
        position,
        heading: c.heading,
        label,
        content: c.content,
        language: cfg,
        published: source.published,
        // The title and heading weigh more than the body (ts_rank_cd reads the weights).
        tsv: sql`setweight(to_tsvector(${cfg}::regconfig, ${label}), 'A') || to_tsvector(${cfg}::regconfig, ${c.content})`,
      };
    }),
  );
  await db.execute(sql`
    insert into knowledge_lexemes (lexeme, chunks)
    select u.lexeme, count(*)::int from knowledge_chunks c, unnest(c.tsv) u where ${mine} group by u.lexeme order by u.lexeme
    on conflict (lexeme) do update set chunks = knowledge_lexemes.chunks + excluded.chunks`);
  // Capped to stay far below the 65,535 parameters of one statement.
  const words = vocabulary(`${source.title}\n${chunks.map((c) => c.content).join("\n")}`).slice(0, 5000);
  if (words.length)
    await db
      .insert(knowledgeTerms)
      .values(words.map((word) => ({ word })))
      .onConflictDoNothing();
  return chunks.length;
}

export function writeArticleChunks(
  db: Db,
  a: { id: string; title: string; body: string; language: string; status: string },
) {
  return replaceChunks(
    db,
    { articleId: a.id, title: a.title, language: a.language, published: a.status === "published" },
    chunkArticle(a.title, a.body),
  );
}

export function writeQaChunks(
  db: Db,
  q: { id: string; question: string; answer: string; alternatives: string[]; language: string; status: string },
) {
  return replaceChunks(
    db,
    { qaId: q.id, title: q.question, language: q.language, published: q.status === "published" },
    [chunkQa(q.question, q.answer, q.alternatives)],
  );
}
