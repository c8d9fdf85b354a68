import { and, eq, isNotNull, notInArray } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { loadChannel } from "../configs";
import { getAdapter } from "../registry";
import { messageTemplates } from "../schema";
import { announceTemplate } from "./events";
import { templateProviderError } from "./provider";

/**
 * Pulls every template of the WhatsApp Business Account (all pages) and upserts the ones that
 * changed; templates we had submitted that Meta no longer lists are marked DELETED (campaigns may
 * still name them). Each changed template is announced, so the templates page updates live.
 */
export async function syncTemplates(ctx: AppContext, channelId: string): Promise<number> {
  const channel = await loadChannel(ctx, channelId);
  const provider = channel && getAdapter(channel.type).provider;
  if (!channel || !provider?.listTemplates) throw new AppError("bad_request", "This channel has no templates");
  const templates = await provider.listTemplates(channel).catch((err) => {
    throw templateProviderError(err, "sync templates");
  });
  const existing = new Map(
    (await ctx.db.select().from(messageTemplates).where(eq(messageTemplates.channelId, channelId))).map((r) => [
      `${r.name}\u0000${r.language}`,
      r,
    ]),
  );
  const changed = [];
  for (const t of templates) {
    const status = t.status.toUpperCase();
    const old = existing.get(`${t.name}\u0000${t.language}`);
    const values = {
      externalId: t.externalId,
      category: t.category,
      status,
      parameterFormat: t.parameterFormat,
      components: t.components,
      qualityScore: t.qualityScore,
      rejectedReason: status === "APPROVED" ? null : (t.rejectedReason ?? old?.rejectedReason ?? null),
    };
    const same =
      old &&
      old.externalId === values.externalId &&
      old.status === values.status &&
      old.category === values.category &&
      old.qualityScore === values.qualityScore &&
      old.rejectedReason === values.rejectedReason &&
      JSON.stringify(old.components) === JSON.stringify(values.components);
    if (same) continue;
    const now = new Date();
    const [row] = await ctx.db
      .insert(messageTemplates)
      .values({ channelId, name: t.name, language: t.language, ...values, syncedAt: now })
      .onConflictDoUpdate({
        target: [messageTemplates.channelId, messageTemplates.name, messageTemplates.language],
        set: { ...values, syncedAt: now, updatedAt: now },
      })
      .returning();
    if (row) changed.push(row);
  }
  const listed = templates.map((t) => t.externalId);
  const gone = await ctx.db
    .update(messageTemplates)
    .set({ status: "DELETED", updatedAt: new Date() })
    .where(
      and(
        eq(messageTemplates.channelId, channelId),
        isNotNull(messageTemplates.externalId),
        notInArray(messageTemplates.status, ["DRAFT", "DELETED"]),
        listed.length ? notInArray(messageTemplates.externalId, listed) : undefined,
      ),
    )
    .returning();
  for (const row of [...changed, ...gone]) announceTemplate(ctx, row);
  return templates.length;
}
