import type { KnowledgeImport } from "@switchboard/contracts";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type AuditActor, recordAudit } from "../audit";
import { createArticle } from "./articles";
import { articleFromText, articlesFromMarkdown, qaFromCsv, type RowError } from "./import-documents";
import { createQa } from "./qa";
import { knowledgeImports } from "./schema";

type ImportRow = typeof knowledgeImports.$inferSelect;

export function toImport(r: ImportRow): KnowledgeImport {
  return {
    id: r.id,
    kind: r.kind,
    source: r.source,
    status: r.status,
    articlesCreated: r.articlesCreated,
    qaCreated: r.qaCreated,
    errors: r.errors,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Runs a stored import: every item and the import's result are written in one transaction, so a
 * crash (and the job's retry) either finds it done or starts from nothing, never half imported.
 * The row is locked so a second worker picking up the same job waits, then sees it done.
 */
export async function runImport(db: Db, importId: string, by?: AuditActor): Promise<KnowledgeImport | null> {
  const done = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(knowledgeImports)
      .where(and(eq(knowledgeImports.id, importId), inArray(knowledgeImports.status, ["queued", "running"])))
      .for("update");
    if (!row) return null;
    const actor: AuditActor = by ?? { type: "user", id: row.createdById };
    const { split, status, tags } = row.options;
    const text = row.payload ?? "";
    const errors: RowError[] = [];
    let articles = 0;
    let qa = 0;
    if (row.kind === "csv") {
      const parsed = qaFromCsv(text);
      errors.push(...parsed.errors);
      for (const item of parsed.items) {
        await createQa(
          tx,
          actor,
          {
            ...item,
            tags: [...new Set([...tags, ...item.tags.map((t) => t.toLowerCase())])],
            status,
            language: "auto",
          },
          { audit: false },
        );
        qa++;
      }
    } else {
      const items =
        row.kind === "text" ? [articleFromText(row.source, text)] : articlesFromMarkdown(row.source, text, split);
      for (const item of items) {
        if (!item.body.trim() && !item.title.trim()) continue;
        await createArticle(
          tx,
          actor,
          { ...item, tags, status, language: "auto", sourceUrl: row.kind === "url" ? row.source : null },
          { audit: false },
        );
        articles++;
      }
    }
    if (!articles && !qa && !errors.length) errors.push({ row: null, message: "Nothing to import: the file is empty" });
    const [updated] = await tx
      .update(knowledgeImports)
      .set({
        status: articles || qa ? "done" : "failed",
        articlesCreated: articles,
        qaCreated: qa,
        errors: errors.slice(0, 500),
        payload: null,
        finishedAt: sql`now()`,
      })
      .where(eq(knowledgeImports.id, importId))
      .returning();
    // One entry per import, not per item (a 5,000-row CSV is one admin action).
    await recordAudit(tx, actor, {
      action: "knowledge.imported",
      summary: `Imported ${row.source} into the knowledge base (${articles} articles, ${qa} Q&A pairs, ${errors.length} errors)`,
      target: { type: "knowledge_import", id: importId },
      details: { kind: row.kind, articles, qa, errors: errors.length },
    });
    return updated!;
  });
  return done ? toImport(done) : null;
}
