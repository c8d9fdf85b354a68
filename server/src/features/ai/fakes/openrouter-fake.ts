import { type OpenAiFakeOptions, startOpenAiFake } from "./openai-fake";
import type { FakeModelServer } from "./script";

/** OpenRouter (wire-protocols.md §9): OpenAI-shaped, with SSE comment lines and its own error envelope. */
export function startOpenRouterFake(opts: Omit<OpenAiFakeOptions, "openrouter"> = {}): Promise<FakeModelServer> {
  return startOpenAiFake({ ...opts, openrouter: true });
}
