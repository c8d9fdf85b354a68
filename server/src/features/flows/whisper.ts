import type { FieldValue, Flow } from "@switchboard/contracts";
import { generateText } from "ai";
import type { AppContext } from "../../platform/context";
import { languageModel, loadAiSettings } from "../ai";
import { fieldOf } from "./engine";
import { transcriptsOf } from "./turns";

const MAX = 600;

/** The whisper without a model: what was collected and the callee's last words. */
export function templateWhisper(flow: Flow, fields: Record<string, FieldValue>, lastCallee: string | null): string {
  const parts = Object.entries(fields).map(([k, v]) => `${fieldOf(flow, k)?.label ?? k}: ${v}`);
  const text = [
    `Transferred call from the ${flow.name} flow.`,
    parts.length ? `Collected: ${parts.join("; ")}.` : "Nothing collected yet.",
    lastCallee ? `The caller last said: ${lastCallee}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return text.slice(0, MAX);
}

/**
 * The short summary whispered to the human a call is transferred to, from the call's transcript:
 * the configured language model (a few seconds at most) when there is one, else the template of the
 * collected fields. A model that fails or times out is logged and the template is used.
 */
export async function whisperSummary(
  ctx: AppContext,
  callId: string,
  flow: Flow,
  fields: Record<string, FieldValue>,
): Promise<{ text: string; by: "llm" | "template" }> {
  const turns = (await transcriptsOf(ctx.db, [callId])).get(callId) ?? [];
  const lastCallee = [...turns].reverse().find((t) => t.role === "callee")?.text ?? null;
  const fallback = { text: templateWhisper(flow, fields, lastCallee), by: "template" as const };
  const { settings, apiKey } = await loadAiSettings(ctx);
  const usable = settings.provider !== "matcher" && (apiKey !== null || settings.provider === "openai_compatible");
  if (!usable || !turns.length) return fallback;
  try {
    const r = await generateText({
      model: languageModel(ctx.config, settings, apiKey),
      instructions:
        "You brief a colleague who is about to take over a phone call. In at most three short spoken sentences, say who is calling, what they want and what was collected. No greeting, no markdown.",
      prompt: `Collected fields: ${JSON.stringify(fields)}\nTranscript:\n${turns
        .slice(-30)
        .map((t) => `${t.role}: ${t.text}`)
        .join("\n")}`,
      maxOutputTokens: 160,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(ctx.config.flows.firstTokenMs * 4),
    });
    const text = r.text.trim();
    return text ? { text: text.slice(0, MAX), by: "llm" } : fallback;
  } catch (err) {
    ctx.log.warn({ err, callId }, "whisper summary by the model failed; the template is used");
    return fallback;
  }
}
