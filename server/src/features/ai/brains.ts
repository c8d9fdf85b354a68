import type { AiSettings } from "@switchboard/contracts";
import type { Brain } from "./brain";
import { llmBrain } from "./llm-brain";
import { matcherBrain } from "./matcher-brain";

/** The brain the settings choose. */
export function brainFor(settings: AiSettings): Brain {
  return settings.provider === "matcher" ? matcherBrain : llmBrain(settings.provider);
}
