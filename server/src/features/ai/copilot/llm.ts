import type { CopilotBody, CopilotEvent } from "@switchboard/contracts";
import { streamText } from "ai";
import type { AppContext } from "../../../platform/context";
import { searchKnowledge } from "../../knowledge";
import { callSignal, classifyFailure } from "../llm/errors";
import { formatChunks, KnowledgeLedger } from "../llm/prompt";
import { defaultModels, languageModel, temperatureFor } from "../providers";
import type { LoadedAiSettings } from "../settings";
import { lastCustomerText, type ThreadLine } from "./thread";

const transcript = (lines: ThreadLine[]) =>
  lines.map((l) => `${l.role === "customer" ? "Customer" : l.role === "ai" ? "AI" : "Agent"}: ${l.content}`).join("\n");

const STYLE: Record<string, string> = {
  friendlier: "Make it warmer and friendlier, keeping every fact and the same language.",
  shorter: "Make it shorter and plainer, keeping every fact and the same language.",
};

/** The prompt for one copilot action, and the knowledge a suggestion used. */
async function promptFor(ctx: AppContext, loaded: LoadedAiSettings, body: CopilotBody, lines: ThreadLine[]) {
  const { settings } = loaded;
  if (body.action === "suggest") {
    const question = lastCustomerText(lines);
    const ledger = new KnowledgeLedger();
    const hits = question ? (await searchKnowledge(ctx.db, { query: question, limit: 5 })).results : [];
    const numbered = ledger.add(hits);
    return {
      sources: hits,
      instructions: [
        settings.persona,
        settings.guidance.length ? `Guidance:\n${settings.guidance.map((g, i) => `${i + 1}. ${g}`).join("\n")}` : "",
        `Knowledge:\n${formatChunks(numbered)}`,
        "Write the next reply for a human support agent to send to the customer; the agent will edit it. Use only the knowledge; where it does not answer, say what the agent should check. Never promise calls, emails or refunds. Reply in the customer's language. Output only the reply text.",
      ]
        .filter(Boolean)
        .join("\n\n"),
      prompt: transcript(lines),
    };
  }
  if (body.action === "summarise")
    return {
      sources: [],
      instructions:
        "Summarise this support conversation for the agent taking it over, in 3 to 5 short bullet points (•): the customer's problem, what was answered or tried, what is still open. Use the agent's language (English unless the thread is in another language). Output only the bullets.",
      prompt: transcript(lines),
    };
  const target =
    body.language ??
    `the language the customer writes in (their last message: “${lastCustomerText(lines).slice(0, 300) || "unknown"}”)`;
  return {
    sources: [],
    instructions:
      body.style === "translate"
        ? `Translate the support agent's draft into ${target}. Keep the meaning, tone and any names, numbers and links. Output only the translation.`
        : `Rewrite the support agent's draft. ${STYLE[body.style ?? "friendlier"]} Output only the rewritten text.`,
    prompt: body.text ?? "",
  };
}

/** An LLM copilot answer, token by token; a provider failure ends the stream with an error event. */
export async function* llmCopilot(
  ctx: AppContext,
  loaded: LoadedAiSettings,
  body: CopilotBody,
  lines: ThreadLine[],
  signal: AbortSignal,
): AsyncGenerator<CopilotEvent> {
  const { settings, apiKey } = loaded;
  const model = settings.model || defaultModels[settings.provider as keyof typeof defaultModels] || null;
  yield { type: "start", provider: settings.provider, model, extractive: false };
  const p = await promptFor(ctx, loaded, body, lines);
  if (p.sources.length)
    yield { type: "sources", sources: p.sources.map((s) => ({ title: s.source.title, chunkId: s.chunkId })) };
  const failures: unknown[] = [];
  const result = streamText({
    model: languageModel(ctx.config, settings, apiKey),
    instructions: p.instructions,
    prompt: p.prompt,
    temperature: temperatureFor(settings, body.action === "summarise" ? 0.2 : settings.temperature),
    maxRetries: ctx.config.ai.maxRetries,
    abortSignal: callSignal(signal, ctx.config.ai.timeoutMs),
    onError: ({ error }) => void failures.push(error),
  });
  let wrote = false;
  try {
    for await (const part of result.fullStream) {
      if (part.type === "text-delta" && part.text) {
        wrote = true;
        yield { type: "delta", text: part.text };
      } else if (part.type === "error") failures.push(part.error);
    }
  } catch (err) {
    failures.push(err);
  }
  if (failures.length || !wrote) {
    const f = failures.length ? classifyFailure(failures[0], settings.provider) : null;
    yield { type: "error", message: f?.reason ?? "The model answered nothing", rule: f?.rule ?? "provider_malformed" };
    return;
  }
  yield { type: "done" };
}
