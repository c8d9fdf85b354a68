import { type AiProvider, type AiSettings, type AiSettingsView, aiSettingsSchema } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { UnreadableSecretError } from "../../platform/secret-box";
import { environmentKey } from "./providers";
import { aiSettings } from "./schema";

export interface LoadedAiSettings {
  settings: AiSettings;
  /** The provider's key: the stored one (unsealed) or the environment's; null when none. */
  apiKey: string | null;
  /** Where the key came from (the settings page shows it, never the key). */
  keySource: "settings" | "environment" | null;
  /** A key is stored but no configured secret key opens it (SECRET_KEY changed): enter it again. */
  keyUnreadable: boolean;
}

export type AiSettingsRow = typeof aiSettings.$inferSelect;

export async function readAiSettingsRow(db: Db): Promise<AiSettingsRow | null> {
  const [row] = await db.select().from(aiSettings).where(eq(aiSettings.id, "default")).limit(1);
  return row ?? null;
}

/**
 * Stored settings over the contract's defaults. Parsed field by field so one value that a later
 * version of the contract no longer accepts falls back to its default instead of breaking the AI.
 */
export function parseStoredSettings(stored: Record<string, unknown> | null | undefined): AiSettings {
  const whole = aiSettingsSchema.safeParse(stored ?? {});
  if (whole.success) return whole.data;
  const defaults = aiSettingsSchema.parse({});
  const shape = aiSettingsSchema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean; data?: unknown } }
  >;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(stored ?? {})) {
    const field = shape[k];
    const r = field?.safeParse(v);
    if (r?.success) out[k] = r.data;
  }
  return out as AiSettings;
}

/** The key for the settings: the stored one first, then the environment's for that provider. */
export function resolveKey(
  ctx: Pick<AppContext, "config" | "secrets">,
  provider: AiProvider,
  sealed: string | null,
): Pick<LoadedAiSettings, "apiKey" | "keySource" | "keyUnreadable"> {
  if (provider === "matcher") return { apiKey: null, keySource: null, keyUnreadable: false };
  let keyUnreadable = false;
  if (sealed) {
    try {
      return { apiKey: ctx.secrets.open(sealed), keySource: "settings", keyUnreadable: false };
    } catch (err) {
      if (!(err instanceof UnreadableSecretError)) throw err;
      keyUnreadable = true;
    }
  }
  const env = environmentKey(ctx.config, provider);
  return env
    ? { apiKey: env, keySource: "environment", keyUnreadable }
    : { apiKey: null, keySource: null, keyUnreadable };
}

/** The AI settings as stored (defaults for what is not), with the provider key unsealed. */
export async function loadAiSettings(ctx: AppContext): Promise<LoadedAiSettings> {
  const row = await readAiSettingsRow(ctx.db);
  const settings = parseStoredSettings(row?.settings);
  return { settings, ...resolveKey(ctx, settings.provider, row?.apiKeySealed ?? null) };
}

/** What the console sees: the settings and where the key comes from, with its last four characters. */
export function toSettingsView(loaded: LoadedAiSettings): AiSettingsView {
  const key = loaded.apiKey;
  return {
    ...loaded.settings,
    apiKey: {
      set: key !== null,
      source: loaded.keySource,
      hint: key && key.length > 8 ? key.slice(-4) : null,
    },
  };
}
