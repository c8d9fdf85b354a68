import { createGoogle } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import type { AiProvider, AiSettings, KnowledgeSearchResult } from "@switchboard/contracts";
import { type EmbeddingModel, embedMany } from "ai";
import type { Config } from "../../config";
import type { AppContext } from "../../platform/context";
import { type Embedder, type EmbedderSource, hybridSearch, type SearchOptions, unitLength } from "../knowledge";
import { callSignal, withRetries } from "./llm/errors";
import { type LoadedAiSettings, loadAiSettings } from "./settings";

/** The embedding model each provider uses when the settings leave `embeddingModel` empty ("" = none). */
export const defaultEmbeddingModels: Record<Exclude<AiProvider, "matcher">, string> = {
  openai: "text-embedding-3-small",
  google: "gemini-embedding-001",
  openrouter: "openai/text-embedding-3-small",
  // Each server names its own (nomic-embed-text, bge-m3…): off until the admin enters one.
  openai_compatible: "",
};
/**
 * Gemini's embedding is 3,072 numbers by default; 768 keeps storage and the cosine 4× smaller and
 * fits pgvector's HNSW limit (2,000), at a small loss Google documents as minor.
 */
const GEMINI_DIMS = 768;
/** Someone waits on a search: the question's embedding gets at most this long (then text-only). */
const QUERY_TIMEOUT_MS = 5000;

/** provider:model for the settings, or null when they give no embeddings. */
export function embeddingModelId(settings: AiSettings): string | null {
  if (settings.provider === "matcher" || !settings.embeddings) return null;
  const model = settings.embeddingModel || defaultEmbeddingModels[settings.provider];
  return model ? `${settings.provider}:${model}` : null;
}

function sdkModel(config: Config, settings: AiSettings, apiKey: string | null, model: string): EmbeddingModel | null {
  switch (settings.provider) {
    case "openai":
      return createOpenAI({ apiKey: apiKey ?? "", baseURL: config.ai.baseUrls.openai }).embedding(model);
    case "google":
      return createGoogle({ apiKey: apiKey ?? "", baseURL: config.ai.baseUrls.google }).embedding(model);
    case "openrouter":
      return createOpenRouter({ apiKey: apiKey ?? "", baseURL: config.ai.baseUrls.openrouter }).textEmbeddingModel(
        model,
      ) as unknown as EmbeddingModel;
    case "openai_compatible":
      if (!settings.baseUrl) return null;
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: settings.baseUrl,
        apiKey: apiKey ?? undefined,
      }).embeddingModel(model);
    case "matcher":
      return null;
  }
}

/**
 * The knowledge embedder for loaded settings, or null (no embeddings, or no key for a hosted
 * provider). Calls go through the AI SDK's embedMany with our own bounded retries and the AI
 * timeout, as chat calls do (the SDK's retries are off: it retries a quota 429 that never succeeds).
 */
export function embedderFor(
  ctx: Pick<AppContext, "config">,
  loaded: Pick<LoadedAiSettings, "settings" | "apiKey">,
): Embedder | null {
  const { settings, apiKey } = loaded;
  const id = embeddingModelId(settings);
  if (!id) return null;
  if (!apiKey && settings.provider !== "openai_compatible") return null;
  const model = sdkModel(ctx.config, settings, apiKey, id.slice(id.indexOf(":") + 1));
  if (!model) return null;
  const provider = settings.provider;
  return {
    model: id,
    embed: async (texts, opts = {}) => {
      const timeout =
        opts.purpose === "query" ? Math.min(QUERY_TIMEOUT_MS, ctx.config.ai.timeoutMs) : ctx.config.ai.timeoutMs;
      const signal = callSignal(opts.signal, timeout);
      const providerOptions =
        provider === "google"
          ? {
              google: {
                outputDimensionality: GEMINI_DIMS,
                taskType: opts.purpose === "query" ? "RETRIEVAL_QUERY" : "RETRIEVAL_DOCUMENT",
              },
            }
          : undefined;
      const { embeddings } = await withRetries(
        () => embedMany({ model, values: texts, maxRetries: 0, abortSignal: signal, providerOptions }),
        { maxRetries: ctx.config.ai.maxRetries, signal, provider },
      );
      return embeddings.map((e) => unitLength([...e]));
    },
  };
}

/** The port knowledge takes: the embedder for the settings in force at each call. */
export const aiEmbedders =
  (ctx: AppContext): EmbedderSource =>
  async () =>
    embedderFor(ctx, await loadAiSettings(ctx));

/** Knowledge retrieval for the AI (responder, search_knowledge tool, copilot): text + embeddings. */
export async function searchWithEmbeddings(
  ctx: AppContext,
  opts: SearchOptions,
  /** The settings the caller already read (the responder's turn): no second read per search. */
  loaded?: Pick<LoadedAiSettings, "settings" | "apiKey">,
): Promise<KnowledgeSearchResult> {
  // Settings that cannot be read only cost the embedding list, never the search.
  let embedder: Embedder | null = null;
  try {
    embedder = loaded ? embedderFor(ctx, loaded) : await aiEmbedders(ctx)();
  } catch {
    embedder = null;
  }
  return hybridSearch(ctx.db, opts, embedder, ctx.log);
}
