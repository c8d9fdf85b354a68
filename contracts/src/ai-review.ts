import { z } from "zod";
import { aiDecisionActions, aiSourceSchema, updateAiSettingsBody } from "./ai";
import { isoDate, text } from "./common";

/**
 * Reviewing the AI's work: agents mark an answer wrong (POST|DELETE /api/ai/messages/:id/feedback),
 * the thread reads the AI's side of a conversation (GET /api/conversations/:id/ai), and admins try
 * questions against the settings before saving them (POST /api/ai/test, /api/ai/test/batch).
 */
export const aiFeedbackBody = z.object({
  note: text().trim().max(1000).default("").describe("What was wrong (optional); feeds the AI report"),
});
export type AiFeedbackBody = z.infer<typeof aiFeedbackBody>;

export const aiFeedbackEntrySchema = z.object({
  user: z.object({ id: z.uuid().nullable(), name: text().nullable() }),
  note: text(),
  createdAt: isoDate,
});
/** The verdicts on one AI message that are not withdrawn. */
export const aiMessageFeedbackSchema = z.object({
  messageId: z.uuid(),
  wrong: z.array(aiFeedbackEntrySchema),
  /** The caller's own verdict, if any. */
  mine: aiFeedbackEntrySchema.nullable(),
});
export type AiMessageFeedback = z.infer<typeof aiMessageFeedbackSchema>;

/** How a conversation the AI took part in ended, for analytics (ai_conversations.resolution). */
export const aiResolutions = ["assumed", "confirmed", "unresolved"] as const;
export const aiResolutionSchema = z.enum(aiResolutions);
export type AiResolution = z.infer<typeof aiResolutionSchema>;

export const conversationAiSchema = z.object({
  state: z
    .object({
      turns: z.number().int(),
      humanOfferedAt: isoDate.nullable(),
      lastReplyAt: isoDate.nullable(),
      resolution: aiResolutionSchema.nullable(),
      resolvedAt: isoDate.nullable(),
      handoffAt: isoDate.nullable(),
      handoffReason: text().nullable(),
      handoffRule: text().nullable(),
    })
    .nullable()
    .describe("null: the AI never took part in this conversation"),
  decisions: z.array(
    z.object({
      id: z.uuid(),
      action: z.enum(aiDecisionActions),
      rule: text(),
      reason: text(),
      provider: text(),
      model: text().nullable(),
      confidence: z.number().nullable(),
      replyMessageId: z.uuid().nullable(),
      createdAt: isoDate,
    }),
  ),
  /** Feedback per AI message that has any (messages without feedback are absent). */
  feedback: z.array(aiMessageFeedbackSchema),
});
export type ConversationAi = z.infer<typeof conversationAiSchema>;

/** The test panel: a question and, optionally, settings not saved yet (the form as it is). */
export const aiTestBody = z.object({
  question: text().trim().min(1).max(2000),
  settings: updateAiSettingsBody.optional(),
});
export type AiTestBody = z.infer<typeof aiTestBody>;

export const aiTestResultSchema = z.object({
  /** What the customer would read (Markdown); null for a handoff. */
  answer: text().nullable(),
  action: z.enum(["answer", "offer_human", "handoff"]),
  rule: text(),
  reason: text(),
  summary: text().nullable(),
  confidence: z.number().nullable(),
  sources: z.array(aiSourceSchema),
  provider: text(),
  model: text().nullable(),
  latencyMs: z.number().int(),
});
export type AiTestResult = z.infer<typeof aiTestResultSchema>;

export const AI_BATCH_MAX = 50;
export const aiTestBatchBody = z.object({
  questions: z.array(text().trim().min(1).max(2000)).min(1).max(AI_BATCH_MAX),
  settings: updateAiSettingsBody.optional(),
});
export type AiTestBatchBody = z.infer<typeof aiTestBatchBody>;

export const aiTestBatchResultSchema = z.object({
  items: z.array(
    z.object({
      question: text(),
      result: aiTestResultSchema.nullable(),
      /** Why this question could not be tried (the others still were). */
      error: text().nullable(),
    }),
  ),
  totals: z.object({
    questions: z.number().int(),
    answered: z.number().int(),
    offeredHuman: z.number().int(),
    wouldHandOff: z.number().int(),
    failed: z.number().int(),
  }),
});
export type AiTestBatchResult = z.infer<typeof aiTestBatchResultSchema>;

/** The widget's "Did this answer your question?" (POST /api/widget/conversations/:id/feedback). */
export const widgetFeedbackBody = z.object({
  messageId: z.uuid(),
  helpful: z.boolean(),
});
export type WidgetFeedbackBody = z.infer<typeof widgetFeedbackBody>;
