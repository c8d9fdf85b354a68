import { type AiSettings, aiSettingsSchema } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { aiSettings } from "./schema";

export interface LoadedAiSettings {
  settings: AiSettings;
  /** The provider's key: the stored one (unsealed) or the environment's; null when none. */
  apiKey: string | null;
}

/**
 * The AI settings as stored (defaults for what is not).
 * PLACEHOLDER (the providers' author replaces it with the stored row, the sealed key and env keys).
 * The responder's branch reads the stored row's settings so its scenario tests can switch the AI on;
 * at merge, take the settings helper's version.
 */
export async function loadAiSettings(ctx: AppContext): Promise<LoadedAiSettings> {
  const [row] = await ctx.db.select().from(aiSettings).where(eq(aiSettings.id, "default")).limit(1);
  const parsed = aiSettingsSchema.safeParse(row?.settings ?? {});
  return { settings: parsed.success ? parsed.data : aiSettingsSchema.parse({}), apiKey: null };
}
