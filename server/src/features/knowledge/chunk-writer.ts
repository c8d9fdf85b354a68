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
async function replaceChunks(db: Db, source: Source, chunks: ChunkText[]) {
  const where = source.articleId
    ? eq(knowledgeChunks.articleId, source.articleId)
    : eq(knowledgeChunks.qaId, source.qaId!);
  await db.delete(knowledgeChunks).where(where);
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
