import {
  fillTemplate,
  placeholders,
  type Template,
  type TemplateDetail,
  type templateListQuery,
} from "@switchboard/contracts";
import { and, asc, eq, ne, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../../platform/db/client";
import { AppError, notFound } from "../../../platform/errors";
import { messageTemplates } from "../schema";
import { contentFromComponents } from "./wire";

export type TemplateRow = typeof messageTemplates.$inferSelect;

const bodyOf = (components: unknown[]) => contentFromComponents(components).body;

export function renderTemplate(components: unknown[], params: string[]): string {
  return fillTemplate(bodyOf(components), params);
}

/** The composer's shape (GET /api/channels/:id/templates). */
export function toTemplate(r: TemplateRow): Template {
  const bodyText = bodyOf(r.components);
  return {
    id: r.id,
    name: r.name,
    language: r.language,
    category: r.category,
    status: r.status,
    parameterFormat: r.parameterFormat,
    components: r.components,
    bodyText,
    parameterCount: placeholders(bodyText).length,
  };
}

/** The templates page's shape: everything about one template, the storage key of its media excepted. */
export function toTemplateDetail(r: TemplateRow): TemplateDetail {
  const content = contentFromComponents(r.components);
  const m = r.headerMedia;
  return {
    id: r.id,
    channelId: r.channelId,
    externalId: r.externalId,
    name: r.name,
    language: r.language,
    category: r.category,
    status: r.status,
    rejectedReason: r.rejectedReason,
    qualityScore: r.qualityScore,
    parameterFormat: r.parameterFormat,
    components: r.components,
    definition: r.definition ?? null,
    content,
    headerMedia: m
      ? { fileName: m.fileName, contentType: m.contentType, size: m.size, mediaId: m.mediaId ?? null }
      : null,
    bodyText: content.body,
    parameterCount: placeholders(content.body).length,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listTemplates(db: Db, channelId: string): Promise<Template[]> {
  const rows = await db
    .select()
    .from(messageTemplates)
    // Drafts exist only here: the composer cannot send them.
    .where(and(eq(messageTemplates.channelId, channelId), ne(messageTemplates.status, "DRAFT")))
    .orderBy(asc(messageTemplates.name), asc(messageTemplates.language));
  return rows.map(toTemplate);
}

export async function listTemplateDetails(db: Db, q: z.infer<typeof templateListQuery>): Promise<TemplateDetail[]> {
  const where: SQL[] = [];
  if (q.channel) where.push(eq(messageTemplates.channelId, q.channel));
  if (q.status) where.push(eq(messageTemplates.status, q.status));
  const rows = await db
    .select()
    .from(messageTemplates)
    .where(and(...where))
    .orderBy(asc(messageTemplates.name), asc(messageTemplates.language))
    // Meta caps an account at 6,000 templates; one page is the whole list.
    .limit(6000);
  return rows.map(toTemplateDetail);
}

export async function templateRow(db: Db, id: string): Promise<TemplateRow> {
  const [row] = await db.select().from(messageTemplates).where(eq(messageTemplates.id, id)).limit(1);
  if (!row) throw notFound("Template");
  return row;
}

/** Checks a template send against the synced list and returns the text the agent will see in the thread. */
export async function checkTemplate(
  db: Db,
  channelId: string,
  t: { name: string; language: string; bodyParameters: string[] },
): Promise<string> {
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.channelId, channelId),
        eq(messageTemplates.name, t.name),
        eq(messageTemplates.language, t.language),
      ),
    )
    .limit(1);
  const field = (msg: string) =>
    new AppError("validation_failed", msg, { fieldErrors: { template: [msg] }, formErrors: [] });
  if (!row) throw field(`No template "${t.name}" (${t.language}) on this number; sync templates first`);
  if (row.status !== "APPROVED") throw field(`Template "${t.name}" is ${row.status.toLowerCase()}, not approved`);
  const expected = placeholders(bodyOf(row.components)).length;
  if (expected !== t.bodyParameters.length)
    throw field(`Template "${t.name}" needs ${expected} parameter(s), got ${t.bodyParameters.length}`);
  return renderTemplate(row.components, t.bodyParameters);
}
