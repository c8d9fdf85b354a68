import { type AiSettings, aiSettingsSchema } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";

export interface LoadedAiSettings {
  settings: AiSettings;
  /** The provider's key: the stored one (unsealed) or the environment's; null when none. */
  apiKey: string | null;
}

/**
 * The AI settings as stored (defaults for what is not).
 * PLACEHOLDER (the providers' author replaces it with the stored row, the sealed key and env keys).
 */
export async function loadAiSettings(_ctx: AppContext): Promise<LoadedAiSettings> {
  return { settings: aiSettingsSchema.parse({}), apiKey: null };
}
