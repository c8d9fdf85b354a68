import { fillTemplate, placeholders, type Template } from "@switchboard/contracts";
import { and, asc, eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { loadChannel } from "./configs";
import { getAdapter } from "./registry";
import { messageTemplates } from "./schema";

type Row = typeof messageTemplates.$inferSelect;

const bodyOf = (components: unknown[]) =>
  String(
    (components as { type?: string; text?: string }[]).find((c) => String(c.type).toUpperCase() === "BODY")?.text ?? "",
  );

export function renderTemplate(components: unknown[], params: string[]): string {
  return fillTemplate(bodyOf(components), params);
}

export function toTemplate(r: Row): Template {
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

export async function listTemplates(db: Db, channelId: string): Promise<Template[]> {
  const rows = await db
    .select()
    .from(messageTemplates)
    .where(eq(messageTemplates.channelId, channelId))
    .orderBy(asc(messageTemplates.name), asc(messageTemplates.language));
  return rows.map(toTemplate);
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

/** Pulls the WhatsApp Business Account's templates and upserts them. */
export async function syncTemplates(ctx: AppContext, channelId: string): Promise<number> {
  const channel = await loadChannel(ctx, channelId);
  const provider = channel && getAdapter(channel.type).provider;
  if (!channel || !provider?.listTemplates) throw new AppError("bad_request", "This channel has no templates");
  const templates = await provider.listTemplates(channel);
  for (const t of templates) {
    const values = {
      channelId,
      externalId: t.externalId,
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status.toUpperCase(),
      parameterFormat: t.parameterFormat,
      components: t.components,
      qualityScore: t.qualityScore,
      syncedAt: new Date(),
    };
    await ctx.db
      .insert(messageTemplates)
      .values(values)
      .onConflictDoUpdate({
        target: [messageTemplates.channelId, messageTemplates.name, messageTemplates.language],
        set: values,
      });
  }
  return templates.length;
}
