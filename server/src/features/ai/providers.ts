import { createGoogle } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import type { AiProvider, AiSettings } from "@switchboard/contracts";
import type { LanguageModel } from "ai";
import type { Config } from "../../config";
import { AppError } from "../../platform/errors";

/** The model each provider uses when the settings leave `model` empty. */
export const defaultModels: Record<Exclude<AiProvider, "matcher">, string> = {
  openai: "gpt-5-mini",
  google: "gemini-2.5-flash",
  openrouter: "openai/gpt-5-mini",
  openai_compatible: "llama3.1",
};

/** The environment's key for a provider (settings keys take precedence; see settings.ts). */
export function environmentKey(config: Config, provider: AiProvider): string | null {
  if (provider === "openai") return config.ai.keys.openai ?? null;
  if (provider === "google") return config.ai.keys.google ?? null;
  if (provider === "openrouter") return config.ai.keys.openrouter ?? null;
  return null;
}

/**
 * The AI SDK model for the settings. Base URLs come from config (OPENAI_BASE_URL, GEMINI_BASE_URL,
 * OPENROUTER_BASE_URL; tests point them at the fakes) or, for an OpenAI-compatible server, from the
 * settings. OpenAI goes through Chat Completions (`.chat`), the API OpenAI-compatible servers speak too.
 */
export function languageModel(config: Config, settings: AiSettings, apiKey: string | null): LanguageModel {
  const model = settings.model || defaultModels[settings.provider as Exclude<AiProvider, "matcher">];
  switch (settings.provider) {
    case "openai":
      return createOpenAI({ apiKey: apiKey ?? "", baseURL: config.ai.baseUrls.openai }).chat(model);
    case "google":
      return createGoogle({ apiKey: apiKey ?? "", baseURL: config.ai.baseUrls.google })(model);
    case "openrouter":
      return createOpenRouter({ apiKey: apiKey ?? "", baseURL: config.ai.baseUrls.openrouter }).chat(model);
    case "openai_compatible":
      if (!settings.baseUrl) throw new AppError("validation_failed", "An OpenAI-compatible provider needs a base URL");
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: settings.baseUrl,
        apiKey: apiKey ?? undefined,
      }).chatModel(model);
    case "matcher":
      throw new AppError("validation_failed", "The answer matcher is not a language model");
  }
}

/**
 * Reasoning models (OpenAI's GPT-5 and o-series, also through OpenRouter) refuse a temperature: the
 * AI SDK drops it with a warning on every call. We leave it out for them (the settings page says so).
 */
export function temperatureFor(settings: AiSettings, temperature: number): number | undefined {
  const model = (
    settings.model ||
    defaultModels[settings.provider as Exclude<AiProvider, "matcher">] ||
    ""
  ).toLowerCase();
  const bare = model.includes("/") ? model.slice(model.lastIndexOf("/") + 1) : model;
  return /^(gpt-5|o\d)/.test(bare) && settings.provider !== "google" ? undefined : temperature;
}
