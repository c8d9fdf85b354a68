import type { KnowledgeLanguage } from "@switchboard/contracts";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { dropArticleChunks, writeArticleChunks } from "./chunk-writer";
import { detectLanguage } from "./language";
import { knowledgeArticles } from "./schema";

export interface ArticleInput {
  title: string;
  body: string;
  tags: string[];
  status: "draft" | "published";
  language: "auto" | KnowledgeLanguage;
  sourceUrl?: string | null;
}

const resolveLanguage = (choice: ArticleInput["language"], title: string, body: string) =>
  choice === "auto" ? detectLanguage(`${title}\n${body}`) : choice;

/** Creates an article and its chunks in one transaction (the caller's, when it passes one). */
export async function createArticle(db: Db, actor: AuditActor, input: ArticleInput, opts: { audit?: boolean } = {}) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(knowledgeArticles)
      .values({
        title: input.title,
        body: input.body,
        tags: input.tags,
        status: input.status,
        language: resolveLanguage(input.language, input.title, input.body),
        sourceUrl: input.sourceUrl ?? null,
        updatedById: actor.type === "user" ? (actor.id ?? null) : null,
      })
      .returning();
    await writeArticleChunks(tx, row!);
    if (opts.audit !== false)
      await recordAudit(tx, actor, {
        action: "knowledge.article_created",
        summary: `Created knowledge article "${row!.title}"`,
        target: { type: "knowledge_article", id: row!.id },
        details: { status: row!.status },
      });
    return row!;
  });
}

/**
 * Saves an edit and re-chunks in the same transaction. The row is locked first, so two admins
 * saving at once leave the chunks of whichever saved last, never a mix.
 */
export async function updateArticle(db: Db, actor: AuditActor, id: string, patch: Partial<ArticleInput>) {
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).for("update");
    if (!old) throw notFound("Article");
    const title = patch.title ?? old.title;
    const body = patch.body ?? old.body;
    // The stored language is what was detected or chosen; sending `auto` again re-detects it.
    const language = patch.language !== undefined ? resolveLanguage(patch.language, title, body) : old.language;
    const [row] = await tx
      .update(knowledgeArticles)
      .set({
        title,
        body,
        tags: patch.tags ?? old.tags,
        status: patch.status ?? old.status,
        language,
        updatedById: actor.type === "user" ? (actor.id ?? null) : old.updatedById,
        updatedAt: sql`now()`,
      })
      .where(eq(knowledgeArticles.id, id))
      .returning();
    await writeArticleChunks(tx, row!);
    await recordAudit(tx, actor, {
      action:
        patch.status && patch.status !== old.status ? `knowledge.article_${patch.status}` : "knowledge.article_updated",
      summary: `Edited knowledge article "${row!.title}"`,
      target: { type: "knowledge_article", id },
      details: { fields: Object.keys(patch) },
    });
    return row!;
  });
}

/** Chunks go with the article (ON DELETE CASCADE). */
export async function deleteArticle(db: Db, actor: AuditActor, id: string) {
  await db.transaction(async (tx) => {
    await dropArticleChunks(tx, id);
    const [row] = await tx.delete(knowledgeArticles).where(eq(knowledgeArticles.id, id)).returning();
    if (!row) throw notFound("Article");
    await recordAudit(tx, actor, {
      action: "knowledge.article_deleted",
      summary: `Deleted knowledge article "${row.title}"`,
      target: { type: "knowledge_article", id },
    });
  });
}
