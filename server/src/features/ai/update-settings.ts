import type { AiSettings, UpdateAiSettingsBody } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { getChannelForReply } from "../channels";
import { requestEmbedding } from "../knowledge";
import { aiSettings } from "./schema";
import { type LoadedAiSettings, loadAiSettings, parseStoredSettings, readAiSettingsRow } from "./settings";

const invalid = (fieldErrors: Record<string, string[]>) =>
  new AppError("settings_invalid", Object.values(fieldErrors)[0]?.[0] ?? "Invalid settings", {
    fieldErrors,
    formErrors: [],
  });

/** Rules across fields and against other features (the body's own shape is checked by the route). */
async function checkSettings(ctx: AppContext, next: AiSettings): Promise<void> {
  const errors: Record<string, string[]> = {};
  if (next.provider === "openai_compatible" && !next.baseUrl)
    errors.baseUrl = [
      "An OpenAI-compatible provider needs the server's base URL (for example http://localhost:11434/v1)",
    ];
  const missing: string[] = [];
  for (const id of new Set(next.channelIds)) {
    const ch = await getChannelForReply(ctx.db, id);
    if (!ch || ch.deletedAt) missing.push(id);
  }
  if (missing.length) errors.channelIds = [`No such channel: ${missing.join(", ")}`];
  if (next.businessHours.hours.some((h) => h.start >= h.end))
    errors.businessHours = ["Each day's office hours must end after they start"];
  if (!validTimeZone(next.businessHours.timezone)) errors.businessHours = ["Unknown time zone"];
  if (Object.keys(errors).length) throw invalid(errors);
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Saves a partial update. The key: a string replaces the stored one, null removes it, absent keeps
 * it — except when the provider changes, where a stored key is dropped: a key for one provider is
 * useless for another, and sending it to a different host would leak it.
 */
export async function updateAiSettings(
  ctx: AppContext,
  actor: AuditActor,
  body: UpdateAiSettingsBody,
): Promise<LoadedAiSettings> {
  const { apiKey, ...changes } = body;
  const row = await readAiSettingsRow(ctx.db);
  const before = parseStoredSettings(row?.settings);
  const next: AiSettings = { ...before, ...changes };
  await checkSettings(ctx, next);

  const providerChanged = next.provider !== before.provider;
  let sealed = row?.apiKeySealed ?? null;
  let keyChange: "replaced" | "removed" | "kept" = "kept";
  if (typeof apiKey === "string") {
    sealed = ctx.secrets.seal(apiKey);
    keyChange = "replaced";
  } else if (apiKey === null || (providerChanged && sealed)) {
    keyChange = sealed ? "removed" : "kept";
    sealed = null;
  }
  if (next.provider === "matcher" && sealed) {
    sealed = null;
    keyChange = "removed";
  }

  const changed = Object.keys(changes).filter(
    (k) =>
      JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((next as Record<string, unknown>)[k]),
  );
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(aiSettings)
      .values({ id: "default", settings: next, apiKeySealed: sealed, updatedById: actor.id ?? null })
      .onConflictDoUpdate({
        target: aiSettings.id,
        set: { settings: next, apiKeySealed: sealed, updatedById: actor.id ?? null, updatedAt: new Date() },
      });
    // Never the key: only that it changed.
    await recordAudit(tx, actor, {
      action: "ai.settings_updated",
      summary: `AI settings changed${changed.length ? `: ${changed.join(", ")}` : ""}${keyChange !== "kept" ? ` (API key ${keyChange})` : ""}`,
      target: { type: "ai_settings", id: "default" },
      details: { changed, provider: next.provider, enabled: next.enabled, apiKey: keyChange },
    });
  });
  // A different embedding model (or provider, key, server) re-embeds the knowledge base; after commit.
  if (changed.some((k) => EMBEDDING_FIELDS.has(k)) || keyChange !== "kept") await requestEmbedding(ctx);
  return loadAiSettings(ctx);
}

const EMBEDDING_FIELDS = new Set(["provider", "embeddingModel", "embeddings", "baseUrl"]);
