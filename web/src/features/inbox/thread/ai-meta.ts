import type { AiMessageMeta, AiSource, Message } from "@switchboard/contracts";

/**
 * The AI metadata of a message (metadata.ai, written by the responder), read without Zod: the
 * inbox is in the console's initial bundle, which takes types only from the contracts.
 */
export function readAiMeta(m: Pick<Message, "metadata">): AiMessageMeta | null {
  const ai = m.metadata?.ai as Partial<AiMessageMeta> | undefined;
  if (!ai || typeof ai !== "object" || typeof ai.kind !== "string") return null;
  const sources = Array.isArray(ai.sources) ? ai.sources.filter(isSource) : [];
  return {
    kind: ai.kind,
    decisionId: typeof ai.decisionId === "string" ? ai.decisionId : "",
    rule: typeof ai.rule === "string" ? ai.rule : "",
    reason: typeof ai.reason === "string" ? ai.reason : undefined,
    summary: typeof ai.summary === "string" ? ai.summary : null,
    confidence: typeof ai.confidence === "number" ? ai.confidence : null,
    sources,
    provider: typeof ai.provider === "string" ? ai.provider : "",
    model: typeof ai.model === "string" ? ai.model : null,
  };
}

function isSource(v: unknown): v is AiSource {
  const s = v as AiSource;
  return Boolean(s) && typeof s.sourceId === "string" && typeof s.title === "string";
}

/** Where a citation opens in the knowledge base. */
export const sourceHref = (s: Pick<AiSource, "sourceType" | "sourceId">) =>
  s.sourceType === "qa" ? `/knowledge/qa/${s.sourceId}` : `/knowledge/articles/${s.sourceId}`;

/** A rule id as words: `customer_asked_for_human` -> "customer asked for human". */
export const ruleLabel = (rule: string) => rule.replaceAll("_", " ");

export const isHandoffNote = (m: Message) => readAiMeta(m)?.kind === "handoff";
