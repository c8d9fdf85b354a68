import { z } from "zod";
import { text } from "./common";
import { prioritySchema } from "./inbox";

/**
 * The AI agent's settings (GET|PUT /api/ai/settings). `matcher` is the built-in answer matcher: no
 * key, no network; it answers with the best knowledge-base answer when retrieval is confident and
 * hands off otherwise. The key is never part of this object (see aiSettingsView).
 */
export const aiProviders = ["matcher", "openai", "google", "openrouter", "openai_compatible"] as const;
export const aiProviderSchema = z.enum(aiProviders);
export type AiProvider = z.infer<typeof aiProviderSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour)");
export const businessHoursSchema = z.object({
  /** always: the AI answers at any time; outside_hours: only when the team is out of office; inside_hours: only in office hours. */
  mode: z.enum(["always", "outside_hours", "inside_hours"]).default("always"),
  timezone: text().min(1).max(64).default("UTC").describe("IANA time zone of the office hours"),
  /** Weekly office hours; day 0 = Sunday. */
  hours: z
    .array(z.object({ day: z.number().int().min(0).max(6), start: hhmm, end: hhmm }))
    .max(28)
    .default([1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" }))),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const aiSettingsSchema = z.object({
  /** Master switch: off, the AI answers nowhere (channels keep their choice). */
  enabled: z.boolean().default(false),
  /** The channels the AI answers first on (new conversations there start with the AI). */
  channelIds: z.array(z.uuid()).max(200).default([]),
  provider: aiProviderSchema.default("matcher"),
  /** Empty: the provider's default model. */
  model: text().max(200).default(""),
  /** The endpoint of an OpenAI-compatible server (Ollama, vLLM); only for openai_compatible. */
  baseUrl: z.url().max(500).nullable().default(null),
  temperature: z.number().min(0).max(2).default(0.3),
  /**
   * Embeddings for knowledge retrieval (fused with the text ranking). Empty: the provider's default
   * (OpenAI text-embedding-3-small, Gemini gemini-embedding-001, OpenRouter
   * openai/text-embedding-3-small); an OpenAI-compatible server has none, so empty is off there.
   */
  embeddingModel: text().max(200).default(""),
  /** Off: retrieval is text-only whatever the provider offers. */
  embeddings: z.boolean().default(true),
  persona: text()
    .max(4000)
    .default(
      "You are the support assistant of our team. Answer briefly and kindly, only from the knowledge provided. When you do not know, say so and offer a person from the team.",
    ),
  /** Short natural-language rules: tone, what never to promise, when to hand off. */
  guidance: z.array(text().trim().min(1).max(500)).max(50).default([]),
  handoffMessage: text().max(1000).default("I'm passing you to a person from our team. They'll answer right here."),
  offlineMessage: text()
    .max(1000)
    .default(
      "Our team is offline right now. Your message is with them and they'll answer right here when they're back.",
    ),
  /** AI replies in one conversation before it hands off. */
  maxTurns: z.number().int().min(1).max(50).default(8),
  /** Below this retrieval confidence (0–1) the answer matcher hands off; LLMs get it as a hint. */
  confidenceThreshold: z.number().min(0).max(1).default(0.5),
  /** Seconds to wait for more messages before answering (a burst gets one reply). */
  replyDelaySeconds: z.number().min(0).max(60).default(3),
  /** Minutes of customer silence after an AI answer before it counts as "assumed resolved". */
  assumeResolvedAfterMinutes: z.number().int().min(1).max(10080).default(60),
  businessHours: businessHoursSchema.default(businessHoursSchema.parse({})),
});
export type AiSettings = z.infer<typeof aiSettingsSchema>;

/** What GET returns: the settings and where the key comes from, never the key. */
export const aiSettingsView = aiSettingsSchema.extend({
  apiKey: z.object({
    set: z.boolean(),
    source: z.enum(["settings", "environment"]).nullable(),
    /** Last four characters, to tell keys apart. */
    hint: text().nullable(),
  }),
});
export type AiSettingsView = z.infer<typeof aiSettingsView>;

/** PUT: any subset of the settings; apiKey a string sets it, null removes the stored one, absent keeps it. */
export const updateAiSettingsBody = aiSettingsSchema.partial().extend({
  apiKey: text().trim().min(1).max(500).nullable().optional(),
});
export type UpdateAiSettingsBody = z.infer<typeof updateAiSettingsBody>;

/** A knowledge chunk an AI answer used, stored with the message (citations). */
export const aiSourceSchema = z.object({
  chunkId: z.uuid(),
  sourceType: z.enum(["article", "qa"]),
  sourceId: z.uuid(),
  title: text(),
  heading: text().nullable(),
  score: z.number(),
});
export type AiSource = z.infer<typeof aiSourceSchema>;

export const aiDecisionActions = ["answer", "offer_human", "handoff", "dropped", "blocked"] as const;
export const aiDecisionSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  action: z.enum(aiDecisionActions),
  rule: text().describe(
    "The rule the decision followed, e.g. customer_asked_for_human, low_confidence, provider_error",
  ),
  reason: text(),
  provider: text(),
  model: text().nullable(),
  confidence: z.number().nullable(),
  sources: z.array(aiSourceSchema),
  replyMessageId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type AiDecision = z.infer<typeof aiDecisionSchema>;

/** handoff_to_human's arguments (the LLM tool) and what a handoff records. */
/** Why the model hands off, in a word the reports read in any language (the reason is free text). */
export const handoffCauses = ["not_in_knowledge", "customer_asked", "customer_upset", "other"] as const;
export type HandoffCause = (typeof handoffCauses)[number];
export const handoffArgsSchema = z.object({
  reason: text().min(1).max(500),
  cause: z
    .enum(handoffCauses)
    .optional()
    .describe(
      "not_in_knowledge when the knowledge does not answer the question; customer_asked when they want a person; customer_upset; other",
    ),
  priority: prioritySchema.default("normal"),
  summary: text().max(2000).default(""),
});
export type HandoffArgs = z.infer<typeof handoffArgsSchema>;

/**
 * What an AI message carries in `message.metadata.ai` (the console shows citations and lets agents
 * mark the answer wrong); a handoff note (private) carries `kind: "handoff"` with the rule and summary.
 */
export const aiMessageMetaSchema = z.object({
  kind: z.enum(["answer", "offer_human", "handoff_message", "handoff"]),
  decisionId: z.uuid(),
  rule: text(),
  reason: text().optional(),
  summary: text().nullable().optional(),
  confidence: z.number().nullable(),
  sources: z.array(aiSourceSchema),
  provider: text(),
  model: text().nullable(),
});
export type AiMessageMeta = z.infer<typeof aiMessageMetaSchema>;

/**
 * The agent copilot (POST /api/conversations/:id/copilot): a reply suggestion, a summary of the
 * thread, or a rephrasing of the agent's draft. The answer is a text/event-stream of copilotEvent
 * JSON (`data: {...}` lines); drafts are inserted into the composer for editing, never sent.
 */
export const copilotActions = ["suggest", "summarise", "rephrase"] as const;
export const copilotStyles = ["friendlier", "shorter", "translate"] as const;
export const copilotBody = z.object({
  action: z.enum(copilotActions),
  /** rephrase: the agent's draft. */
  text: text().trim().min(1).max(4000).optional(),
  style: z.enum(copilotStyles).optional(),
  /** translate: the target language (name or code); default: the language the customer writes in. */
  language: text().trim().min(2).max(40).optional(),
});
export type CopilotBody = z.infer<typeof copilotBody>;

export type CopilotEvent =
  /** Streams start with this: who answers and whether it writes new text. */
  | { type: "start"; provider: string; model: string | null; extractive: boolean }
  /** LLM text, token by token (append). */
  | { type: "delta"; text: string }
  /** A whole draft at once (the answer matcher's knowledge matches, an extractive summary). */
  | { type: "draft"; text: string; title: string | null }
  /** The knowledge a suggestion drew on. */
  | { type: "sources"; sources: { title: string; chunkId: string }[] }
  | { type: "error"; message: string; rule: string | null }
  | { type: "done" };

/**
 * An AI answer to a question (not the offer of a human, the handoff message, a greeting or a
 * thank-you): what the widget asks "did this help?" about and what can count as resolved.
 */
export function isAiAnswerMessage(m: {
  senderType: string;
  private: boolean;
  metadata: Record<string, unknown>;
}): boolean {
  const ai = m.metadata?.ai as { kind?: unknown; rule?: unknown } | undefined;
  if (m.senderType !== "ai" || m.private || ai?.kind !== "answer") return false;
  const rule = typeof ai.rule === "string" ? ai.rule : "";
  return !rule.startsWith("small_talk_") && rule !== "customer_declined_human";
}
