import type { Brain } from "./brain";

/**
 * An LLM through the AI SDK (OpenAI, Gemini, OpenRouter, OpenAI-compatible), with tools and the guard pass.
 * PLACEHOLDER (the providers' author replaces it): hands off, so a configured LLM never leaves a customer unanswered.
 */
export function llmBrain(provider: string): Brain {
  return {
    provider,
    async turn() {
      return {
        kind: "handoff",
        rule: "provider_error",
        reason: "The language model provider is not available yet",
        summary: null,
        sources: [],
        confidence: null,
        model: null,
      };
    },
  };
}
