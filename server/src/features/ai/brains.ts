import type { AiSettings } from "@switchboard/contracts";
import type { Config } from "../../config";
import type { Brain } from "./brain";
import { llmBrain } from "./llm-brain";
import { matcherBrain } from "./matcher-brain";

/** The brain the settings choose; LLMs need the config (base URLs, timeout, retries). */
export function brainFor(ctx: { config: Config }, settings: AiSettings): Brain {
  return settings.provider === "matcher" ? matcherBrain : llmBrain(ctx.config, settings.provider);
}
