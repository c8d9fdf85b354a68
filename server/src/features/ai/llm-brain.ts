import type { AiProvider, KnowledgeHit } from "@switchboard/contracts";
import { generateText, type LanguageModel, type StepResult, stepCountIs, type ToolSet } from "ai";
import type { Config } from "../../config";
import type { Brain, BrainInput, BrainTurn } from "./brain";
import { callSignal, classifyFailure, MalformedAnswerError, withRetries } from "./llm/errors";
import { findFalsePromise, modelVerdict } from "./llm/guard";
import {
  extractCitations,
  formatChunks,
  historyMessages,
  KnowledgeLedger,
  PROMPT_CHUNKS,
  systemPrompt,
} from "./llm/prompt";
import { brainTools, type ToolState } from "./llm/tools";
import { defaultModels, languageModel, temperatureFor } from "./providers";

/** Model steps per turn: a search or two, a contact field, then the answer. */
const MAX_STEPS = 5;

const PROVIDER_NAMES: Record<string, string> = {
  openai: "OpenAI",
  google: "Gemini",
  openrouter: "OpenRouter",
  openai_compatible: "OpenAI-compatible",
};

const handoffCalled = ({ steps }: { steps: StepResult<ToolSet>[] }) =>
  steps.some((s) => s.toolCalls.some((c) => c.toolName === "handoff_to_human"));
/** A call the SDK could not parse (unknown tool, input that does not fit): stop rather than let the model loop on it. */
const badToolCall = (s: StepResult<ToolSet>) =>
  s.content.find((c) => c.type === "tool-call" && (c as { invalid?: boolean }).invalid === true) as
    | { toolName: string; error?: unknown }
    | undefined;
const stoppedOnBadTool = ({ steps }: { steps: StepResult<ToolSet>[] }) =>
  steps.some((s) => badToolCall(s) !== undefined);

/**
 * An LLM through the AI SDK (OpenAI, Gemini, OpenRouter, OpenAI-compatible): the prompt, the tools,
 * then the guard pass. Never throws: every failure (quota, rate limit, auth, 5xx, timeout, a bad
 * answer) becomes a handoff with the rule and a readable reason, so no customer is left unanswered.
 */
export function llmBrain(config: Config, provider: AiProvider): Brain {
  const name = PROVIDER_NAMES[provider] ?? provider;
  return {
    provider,
    async turn(input) {
      const modelId = input.settings.model || defaultModels[provider as Exclude<AiProvider, "matcher">] || null;
      const ledger = new KnowledgeLedger();
      const handoff = (
        rule: string,
        reason: string,
        extra: Partial<Extract<BrainTurn, { kind: "handoff" }>> = {},
      ): BrainTurn => ({
        kind: "handoff",
        rule,
        reason,
        summary: null,
        sources: ledger.hits,
        confidence: null,
        model: modelId,
        ...extra,
      });
      if (!input.apiKey && provider !== "openai_compatible")
        return handoff("provider_auth", `No ${name} API key is configured (AI settings or the environment)`);
      let model: LanguageModel;
      try {
        model = languageModel(config, input.settings, input.apiKey);
      } catch (err) {
        return handoff("provider_error", `The ${name} model could not be set up: ${(err as Error).message}`);
      }
      try {
        return await answer(config, name, model, input, ledger, handoff, modelId);
      } catch (err) {
        const f = classifyFailure(err, name);
        return handoff(f.rule, f.reason);
      }
    },
  };
}

async function answer(
  config: Config,
  name: string,
  model: LanguageModel,
  input: BrainInput,
  ledger: KnowledgeLedger,
  handoff: (rule: string, reason: string, extra?: Partial<Extract<BrainTurn, { kind: "handoff" }>>) => BrainTurn,
  modelId: string | null,
): Promise<BrainTurn> {
  const given = ledger.add(input.knowledge.slice(0, PROMPT_CHUNKS));
  const state: ToolState = { handoff: null, contactFields: {}, searches: [], ticket: null };
  const instructions = systemPrompt(input.settings, input, formatChunks(given));
  const messages = historyMessages(input.history);

  // One timeout per model call, retries included (AI_TIMEOUT_SECONDS), plus the responder's signal.
  const mainSignal = callSignal(input.signal, config.ai.timeoutMs);
  const result = await withRetries(
    () => {
      // A retry starts the turn over: forget what an earlier attempt's tools collected.
      state.handoff = null;
      state.contactFields = {};
      state.ticket = null;
      return generateText({
        model,
        instructions,
        messages,
        tools: brainTools(input, ledger, state),
        stopWhen: [stepCountIs(MAX_STEPS), handoffCalled, stoppedOnBadTool],
        temperature: temperatureFor(input.settings, input.settings.temperature),
        maxRetries: 0,
        abortSignal: mainSignal,
      });
    },
    { maxRetries: config.ai.maxRetries, signal: mainSignal, provider: name },
  );

  if (state.handoff)
    return handoff("model_requested", state.handoff.reason, {
      cause: state.handoff.cause,
      summary: state.handoff.summary || null,
      priority: state.handoff.priority,
      ticket: state.ticket ?? undefined,
    });
  const bad = result.steps.map(badToolCall).find(Boolean);
  if (bad)
    throw new MalformedAnswerError(
      `it called the tool ${bad.toolName} with arguments that do not fit: ${String((bad.error as Error).message).slice(0, 160)}`,
    );
  const { text, cited } = extractCitations(result.text);
  if (!text) throw new MalformedAnswerError("it was empty");

  const sources: KnowledgeHit[] =
    cited === null ? ledger.hits : cited.map((n) => ledger.get(n)).filter((h): h is KnowledgeHit => Boolean(h));

  // The guard pass: first the phrases no knowledge can make true, then the model's second opinion.
  const promise = findFalsePromise(text);
  if (promise)
    return handoff(
      "guard_blocked",
      `The reply promised something the AI cannot do ("${promise.phrase}"), so it was not sent`,
      {
        sources,
        summary: `Blocked draft: ${text.slice(0, 500)}`,
      },
    );
  const question = input.pending.map((p) => p.content).join("\n");
  let verdict: Awaited<ReturnType<typeof modelVerdict>>;
  const guardSignal = callSignal(input.signal, config.ai.timeoutMs);
  try {
    verdict = await withRetries(
      () =>
        modelVerdict(model, input.settings, {
          reply: text,
          knowledge: formatChunks(ledger.hits.map((hit, i) => ({ n: i + 1, hit }))),
          question,
          signal: guardSignal,
        }),
      { maxRetries: config.ai.maxRetries, signal: guardSignal, provider: name },
    );
  } catch (err) {
    // Fail closed: a reply the guard could not check is not sent.
    const f = classifyFailure(err, name);
    return handoff(f.rule, `The guard pass could not check the reply: ${f.reason}`, { sources });
  }
  if (!verdict.ok)
    return handoff("guard_blocked", verdict.explanation || `The guard pass blocked the reply (${verdict.problem})`, {
      sources,
      summary: `Blocked draft (${verdict.problem ?? "guard"}): ${text.slice(0, 500)}`,
    });

  return {
    kind: "reply",
    text,
    sources,
    confidence: null,
    contactFields: Object.keys(state.contactFields).length ? state.contactFields : undefined,
    ticket: state.ticket ?? undefined,
    model: modelId,
  };
}
