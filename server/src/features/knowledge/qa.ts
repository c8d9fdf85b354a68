import type { KnowledgeLanguage } from "@switchboard/contracts";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { dropQaChunks, writeQaChunks } from "./chunk-writer";
import { detectLanguage } from "./language";
import { knowledgeQa } from "./schema";

export interface QaInput {
  question: string;
  answer: string;
  alternatives: string[];
  tags: string[];
  status: "draft" | "published";
  language: "auto" | KnowledgeLanguage;
}

const resolveLanguage = (choice: QaInput["language"], question: string, answer: string) =>
  choice === "auto" ? detectLanguage(`${question}\n${answer}`) : choice;

export async function createQa(db: Db, actor: AuditActor, input: QaInput, opts: { audit?: boolean } = {}) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(knowledgeQa)
      .values({
        question: input.question,
        answer: input.answer,
        alternatives: input.alternatives,
        tags: input.tags,
        status: input.status,
        language: resolveLanguage(input.language, input.question, input.answer),
        updatedById: actor.type === "user" ? (actor.id ?? null) : null,
      })
      .returning();
    await writeQaChunks(tx, row!);
    if (opts.audit !== false)
      await recordAudit(tx, actor, {
        action: "knowledge.qa_created",
        summary: `Created Q&A "${row!.question.slice(0, 80)}"`,
        target: { type: "knowledge_qa", id: row!.id },
      });
    return row!;
  });
}

/** Edit and re-chunk in one transaction, the row locked (see updateArticle). */
export async function updateQa(db: Db, actor: AuditActor, id: string, patch: Partial<QaInput>) {
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(knowledgeQa).where(eq(knowledgeQa.id, id)).for("update");
    if (!old) throw notFound("Q&A pair");
    const question = patch.question ?? old.question;
    const answer = patch.answer ?? old.answer;
    const [row] = await tx
      .update(knowledgeQa)
      .set({
        question,
        answer,
        alternatives: patch.alternatives ?? old.alternatives,
        tags: patch.tags ?? old.tags,
        status: patch.status ?? old.status,
        language: patch.language !== undefined ? resolveLanguage(patch.language, question, answer) : old.language,
        updatedById: actor.type === "user" ? (actor.id ?? null) : old.updatedById,
        updatedAt: sql`now()`,
      })
      .where(eq(knowledgeQa.id, id))
      .returning();
    await writeQaChunks(tx, row!);
    await recordAudit(tx, actor, {
      action: "knowledge.qa_updated",
      summary: `Edited Q&A "${row!.question.slice(0, 80)}"`,
      target: { type: "knowledge_qa", id },
      details: { fields: Object.keys(patch) },
    });
    return row!;
  });
}

export async function deleteQa(db: Db, actor: AuditActor, id: string) {
  await db.transaction(async (tx) => {
    await dropQaChunks(tx, id);
    const [row] = await tx.delete(knowledgeQa).where(eq(knowledgeQa.id, id)).returning();
    if (!row) throw notFound("Q&A pair");
    await recordAudit(tx, actor, {
      action: "knowledge.qa_deleted",
      summary: `Deleted Q&A "${row.question.slice(0, 80)}"`,
      target: { type: "knowledge_qa", id },
    });
  });
}
