import type { AiProvider } from "@switchboard/contracts";
import { generateText, Output } from "ai";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { listMessages } from "../inbox";
import { callSignal, classifyFailure, withRetries } from "./llm/errors";
import { languageModel, temperatureFor } from "./providers";
import { loadAiSettings } from "./settings";

/** A cheap model per provider for scoring (the csat settings may name another); empty: the settings' model. */
export const cheapModels: Record<Exclude<AiProvider, "matcher">, string> = {
  openai: "gpt-5-nano",
  google: "gemini-2.5-flash-lite",
  openrouter: "openai/gpt-5-nano",
  openai_compatible: "",
};

const score = z.number().int().min(1).max(5);
export const qualityVerdictSchema = z.object({
  resolution: score.describe("Was the customer's problem solved? 1 = not at all, 5 = fully"),
  sentiment: score.describe("How the customer felt at the end: 1 = angry, 5 = delighted"),
  service: score.describe("How good the team's (and the AI's) answers were: accurate, kind, quick"),
  reason: z.string().describe("One line: why these scores"),
});

export type QualityResult =
  | {
      status: "scored";
      resolution: number;
      sentiment: number;
      service: number;
      reason: string;
      provider: string;
      model: string;
    }
  | { status: "skipped"; reason: string }
  | { status: "failed"; reason: string; retryable: boolean; provider: string; model: string };

const PROMPT = `You review a finished customer-support conversation. Score it from 1 to 5 on three things:
resolution (was the customer's problem solved), sentiment (how the customer felt at the end) and service
(how accurate, kind and efficient the team's and the AI's answers were). Give one short line of reason
that a team lead can read. Judge only from the transcript.`;

/**
 * The quality score of a conversation (issue 10 §5), by the configured language model (AI SDK, our
 * bounded retries on 429/5xx within AI_TIMEOUT_SECONDS). With the answer matcher or no key it is
 * skipped with the reason, so every resolved conversation has a score or says why it has none.
 */
export async function scoreConversationQuality(
  ctx: AppContext,
  conversationId: string,
  opts: { model?: string; signal?: AbortSignal } = {},
): Promise<QualityResult> {
  const loaded = await loadAiSettings(ctx);
  const { settings, apiKey } = loaded;
  if (settings.provider === "matcher")
    return {
      status: "skipped",
      reason:
        "No language model is configured (the AI agent uses the built-in answer matcher): choose a provider in Settings → AI agent.",
    };
  if (!apiKey && settings.provider !== "openai_compatible")
    return { status: "skipped", reason: `No API key for ${settings.provider} is configured.` };
  const page = await listMessages(ctx.db, { conversationId, limit: 60, includePrivate: false });
  const lines = page.items
    .filter((m) => m.senderType !== "system" && m.content.trim())
    .map(
      (m) =>
        `${m.senderType === "customer" ? "Customer" : m.senderType === "ai" ? "AI" : "Agent"}: ${m.content.trim()}`,
    );
  if (!lines.length) return { status: "skipped", reason: "The conversation has no messages to score." };
  const model = opts.model || cheapModels[settings.provider] || settings.model;
  const signal = callSignal(opts.signal, ctx.config.ai.timeoutMs);
  try {
    const result = await withRetries(
      () =>
        generateText({
          model: languageModel(ctx.config, { ...settings, model }, apiKey),
          maxRetries: 0,
          abortSignal: signal,
          temperature: temperatureFor({ ...settings, model }, 0),
          instructions: PROMPT,
          output: Output.object({ schema: qualityVerdictSchema, name: "quality_score" }),
          prompt: `## Transcript\n${lines.join("\n").slice(-12_000)}`,
        }),
      { maxRetries: ctx.config.ai.maxRetries, signal, provider: settings.provider },
    );
    const v = qualityVerdictSchema.parse(result.output);
    return {
      status: "scored",
      ...v,
      reason: v.reason.replace(/\s+/g, " ").trim().slice(0, 300),
      provider: settings.provider,
      model,
    };
  } catch (err) {
    const f = classifyFailure(err, settings.provider);
    return { status: "failed", reason: f.reason, retryable: f.retryable, provider: settings.provider, model };
  }
}
