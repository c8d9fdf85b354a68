import type { Brain } from "./brain";

/**
 * The built-in answer matcher: no key, no network.
 * PLACEHOLDER (the responder's author replaces it): answers with the best hit's content when confident.
 */
export const matcherBrain: Brain = {
  provider: "matcher",
  async turn(input) {
    const best = input.knowledge[0];
    if (!best)
      return {
        kind: "handoff",
        rule: "low_confidence",
        reason: "Nothing in the knowledge base matches",
        summary: null,
        sources: [],
        confidence: 0,
        model: null,
      };
    return { kind: "reply", text: best.content, sources: [best], confidence: null, model: null };
  },
};
