import type { Article, ArticleSummary, QaPair } from "@switchboard/contracts";
import { and, arrayContains, count, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users } from "../agents/schema";
import { knowledgeArticles, knowledgeChunks, knowledgeQa } from "./schema";

type ArticleRow = typeof knowledgeArticles.$inferSelect;
type QaRow = typeof knowledgeQa.$inferSelect;
type Editor = { id: string | null; name: string | null } | null;

const editor = (e: Editor) => (e?.id ? { id: e.id, name: e.name ?? "" } : null);

function excerpt(body: string) {
  const plain = body
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/[#>*_`[\]()!-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > 160 ? `${plain.slice(0, 157)}…` : plain;
}

export function toArticle(a: ArticleRow, chunkCount: number, by: Editor): Article {
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    tags: a.tags,
    status: a.status,
    language: a.language as Article["language"],
    chunkCount,
    sourceUrl: a.sourceUrl,
    updatedBy: editor(by),
    updatedAt: a.updatedAt.toISOString(),
    createdAt: a.createdAt.toISOString(),
  };
}

export function toQa(q: QaRow, by: Editor): QaPair {
  return {
    id: q.id,
    question: q.question,
    answer: q.answer,
    alternatives: q.alternatives,
    tags: q.tags,
    status: q.status,
    language: q.language as QaPair["language"],
    updatedBy: editor(by),
    updatedAt: q.updatedAt.toISOString(),
    createdAt: q.createdAt.toISOString(),
  };
}

const likeOf = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
const chunkCount = sql<number>`(select count(*)::int from ${knowledgeChunks} where ${knowledgeChunks.articleId} = ${knowledgeArticles.id})`;

export async function getArticle(db: Db, id: string): Promise<Article | null> {
  const [row] = await db
    .select({ a: knowledgeArticles, n: chunkCount, by: { id: users.id, name: users.name } })
    .from(knowledgeArticles)
    .leftJoin(users, eq(users.id, knowledgeArticles.updatedById))
    .where(eq(knowledgeArticles.id, id));
  return row ? toArticle(row.a, row.n, row.by) : null;
}

interface ListFilter {
  q?: string;
  status?: "draft" | "published";
  tag?: string;
  offset: number;
  limit: number;
}

/** The admin list: newest edits first; `q` matches title or body (an editor's lookup, not retrieval). */
export async function listArticles(db: Db, f: ListFilter): Promise<{ items: ArticleSummary[]; total: number }> {
  const where: SQL[] = [];
  if (f.q) where.push(or(ilike(knowledgeArticles.title, likeOf(f.q)), ilike(knowledgeArticles.body, likeOf(f.q)))!);
  if (f.status) where.push(eq(knowledgeArticles.status, f.status));
  if (f.tag) where.push(arrayContains(knowledgeArticles.tags, [f.tag.toLowerCase()]));
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select({ a: knowledgeArticles, n: chunkCount, by: { id: users.id, name: users.name } })
      .from(knowledgeArticles)
      .leftJoin(users, eq(users.id, knowledgeArticles.updatedById))
      .where(cond)
      .orderBy(desc(knowledgeArticles.updatedAt), desc(knowledgeArticles.id))
      .offset(f.offset)
      .limit(f.limit),
    db.select({ n: count() }).from(knowledgeArticles).where(cond),
  ]);
  return {
    items: rows.map((r) => {
      const { body, ...rest } = toArticle(r.a, r.n, r.by);
      return { ...rest, excerpt: excerpt(body) };
    }),
    total: total?.n ?? 0,
  };
}

export async function getQa(db: Db, id: string): Promise<QaPair | null> {
  const [row] = await db
    .select({ q: knowledgeQa, by: { id: users.id, name: users.name } })
    .from(knowledgeQa)
    .leftJoin(users, eq(users.id, knowledgeQa.updatedById))
    .where(eq(knowledgeQa.id, id));
  return row ? toQa(row.q, row.by) : null;
}

export async function listQa(db: Db, f: ListFilter): Promise<{ items: QaPair[]; total: number }> {
  const where: SQL[] = [];
  if (f.q) where.push(or(ilike(knowledgeQa.question, likeOf(f.q)), ilike(knowledgeQa.answer, likeOf(f.q)))!);
  if (f.status) where.push(eq(knowledgeQa.status, f.status));
  if (f.tag) where.push(arrayContains(knowledgeQa.tags, [f.tag.toLowerCase()]));
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select({ q: knowledgeQa, by: { id: users.id, name: users.name } })
      .from(knowledgeQa)
      .leftJoin(users, eq(users.id, knowledgeQa.updatedById))
      .where(cond)
      .orderBy(desc(knowledgeQa.updatedAt), desc(knowledgeQa.id))
      .offset(f.offset)
      .limit(f.limit),
    db.select({ n: count() }).from(knowledgeQa).where(cond),
  ]);
  return { items: rows.map((r) => toQa(r.q, r.by)), total: total?.n ?? 0 };
}
