import {
  type AiSource,
  type AiTestResult,
  aiSettingsSchema,
  aiTestBatchBody,
  aiTestBatchResultSchema,
  aiTestBody,
  aiTestResultSchema,
  type KnowledgeHit,
  type UpdateAiSettingsBody,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { decideTurn } from "./decide";
import { environmentKey } from "./providers";
import { type LoadedAiSettings, loadAiSettings } from "./settings";

/** Questions of a batch decided at the same time: enough to finish 50 in reasonable time, few enough not to trip a provider's rate limit. */
const BATCH_CONCURRENCY = 3;

export const toAiSource = (h: KnowledgeHit): AiSource => ({
  chunkId: h.chunkId,
  sourceType: h.source.type,
  sourceId: h.source.id,
  title: h.source.title,
  heading: h.heading,
  score: h.score,
});

/** The saved settings with the form's unsaved changes on top (a key typed but not saved included). */
async function settingsToTry(ctx: AppContext, overrides: UpdateAiSettingsBody | undefined): Promise<LoadedAiSettings> {
  const loaded = await loadAiSettings(ctx);
  if (!overrides) return loaded;
  const { apiKey, ...rest } = overrides;
  const settings = aiSettingsSchema.parse({ ...loaded.settings, ...rest });
  // A stored key belongs to its provider: trying another provider uses that provider's environment key.
  const otherProvider = settings.provider !== loaded.settings.provider;
  const key =
    apiKey !== undefined ? apiKey : otherProvider ? environmentKey(ctx.config, settings.provider) : loaded.apiKey;
  return {
    ...loaded,
    settings,
    apiKey: key,
    keySource: apiKey ? "settings" : otherProvider ? (key ? "environment" : null) : loaded.keySource,
  };
}

/**
 * One question through exactly the decision the responder takes for a customer (decideTurn), with
 * no conversation: nothing is written and nothing is sent.
 */
async function tryQuestion(ctx: AppContext, loaded: LoadedAiSettings, question: string): Promise<AiTestResult> {
  const started = performance.now();
  const d = await decideTurn(ctx, {
    settings: loaded.settings,
    apiKey: loaded.apiKey,
    conversation: null,
    history: [],
    pending: [{ id: crypto.randomUUID(), content: question }],
    state: { turns: 0, humanOffered: false },
  });
  return {
    answer: d.text,
    action: d.action,
    rule: d.rule,
    reason: d.reason,
    summary: d.summary,
    confidence: d.confidence,
    sources: d.sources.map(toAiSource),
    provider: d.provider,
    model: d.model,
    // The decision's own time when it measured one (model time), else the wall time of the call.
    latencyMs: Math.round(d.latencyMs > 0 ? d.latencyMs : performance.now() - started),
  };
}

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The AI settings page's test panel (admins): ask one question, or a batch of up to 50. */
export function aiTestRoutes(ctx: AppContext) {
  const tags = ["ai"];
  return [
    defineRoute({
      method: "post",
      path: "/api/ai/test",
      guard: "admin",
      summary:
        "Try a question against the AI settings (saved, or with unsaved overrides): the answer, its sources and the decision",
      tags,
      body: aiTestBody,
      response: aiTestResultSchema,
      handler: async ({ body }) => tryQuestion(ctx, await settingsToTry(ctx, body.settings), body.question),
    }),
    defineRoute({
      method: "post",
      path: "/api/ai/test/batch",
      guard: "admin",
      summary: "Try up to 50 questions; each answer and whether it would hand off, with totals",
      tags,
      body: aiTestBatchBody,
      response: aiTestBatchResultSchema,
      handler: async ({ body }) => {
        const loaded = await settingsToTry(ctx, body.settings);
        const items = await mapBounded(body.questions, BATCH_CONCURRENCY, async (question) => {
          try {
            return { question, result: await tryQuestion(ctx, loaded, question), error: null };
          } catch (err) {
            ctx.log.warn({ err }, "AI test question failed");
            return {
              question,
              result: null,
              error: err instanceof Error ? err.message : "The question could not be tried",
            };
          }
        });
        const count = (action: AiTestResult["action"]) => items.filter((i) => i.result?.action === action).length;
        return {
          items,
          totals: {
            questions: items.length,
            answered: count("answer"),
            offeredHuman: count("offer_human"),
            wouldHandOff: count("handoff"),
            failed: items.filter((i) => i.error).length,
          },
        };
      },
    }),
  ];
}
