import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { languageModel, loadAiSettings, temperatureFor } from "../ai";
import type { FlowBrain } from "./engine";
import { llmBrain } from "./llm-brain";
import { scriptedBrain } from "./scripted-brain";

/**
 * The brain for a run: the AI settings' language model when one is configured with a key (or an
 * OpenAI-compatible server, which may need none), otherwise the scripted brain. `llm` insists on the model.
 */
export async function brainFor(ctx: AppContext, choice: "auto" | "scripted" | "llm" = "auto"): Promise<FlowBrain> {
  if (choice === "scripted") return scriptedBrain;
  const loaded = await loadAiSettings(ctx);
  const { settings, apiKey } = loaded;
  const usable = settings.provider !== "matcher" && (apiKey !== null || settings.provider === "openai_compatible");
  if (!usable) {
    if (choice === "llm") throw new AppError("validation_failed", "No language model is configured (Settings → AI)");
    return scriptedBrain;
  }
  return llmBrain({
    model: languageModel(ctx.config, settings, apiKey),
    temperature: temperatureFor(settings, Math.min(settings.temperature, 0.5)),
    firstTokenMs: ctx.config.flows.firstTokenMs,
    log: ctx.log,
  });
}
