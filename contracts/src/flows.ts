import { z } from "zod";
import { isoDate, text } from "./common";
import { variableMappingSchema } from "./template-authoring";

/** What a flow may collect: each type has its own deterministic parser (server/src/features/flows/fields.ts). */
export const flowFieldTypes = ["text", "number", "phone", "email", "choice", "date", "time", "datetime"] as const;
export const flowFieldTypeSchema = z.enum(flowFieldTypes);
export type FlowFieldType = z.infer<typeof flowFieldTypeSchema>;

/** Tools a step may allow the agent. */
export const flowTools = ["knowledge_search", "transfer", "book_follow_up", "send_whatsapp", "end_call"] as const;
export const flowToolSchema = z.enum(flowTools);
export type FlowTool = z.infer<typeof flowToolSchema>;

/**
 * How a call ends. voicemail and no_answer come from telephony (AMD, no pick-up), transferred from
 * the transfer tool (the call was handed to the flow's transfer number), the rest from the flow.
 */
export const flowOutcomes = [
  "interested",
  "not_interested",
  "call_back",
  "wrong_number",
  "voicemail",
  "no_answer",
  "transferred",
] as const;
export const flowOutcomeSchema = z.enum(flowOutcomes);
export type FlowOutcome = z.infer<typeof flowOutcomeSchema>;

export const flowLanguages = ["en", "en-IN", "hi"] as const;
export const flowLanguageSchema = z.enum(flowLanguages);
export type FlowLanguage = z.infer<typeof flowLanguageSchema>;

const key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Use lower-case letters, digits and _ (starting with a letter)");

export const flowFieldSchema = z
  .object({
    key,
    label: text().trim().min(1).max(80),
    type: flowFieldTypeSchema,
    /** The question that asks for it (the scripted brain says it; the LLM gets it as a hint). */
    ask: text().trim().min(1).max(300),
    required: z.boolean().default(true),
    choices: z.array(text().trim().min(1).max(40)).max(20).default([]),
    /** Read the value back and wait for a yes before keeping it (names, numbers, emails). */
    confirm: z.boolean().default(false),
  })
  .refine((f) => f.type !== "choice" || f.choices.length >= 2, {
    message: "A choice field needs at least two choices",
    path: ["choices"],
  });
export type FlowField = z.infer<typeof flowFieldSchema>;

/** A branch: when the condition holds after the step's fields are collected, go to `goto` or end with `outcome`. */
export const flowBranchSchema = z
  .object({
    field: key,
    op: z.enum(["equals", "not_equals", "filled", "empty"]),
    value: text().max(200).optional(),
    goto: key.optional(),
    outcome: flowOutcomeSchema.optional(),
  })
  .refine((b) => Boolean(b.goto) !== Boolean(b.outcome), {
    message: "A branch goes to a step or ends with an outcome",
  });
export type FlowBranch = z.infer<typeof flowBranchSchema>;

export const flowStepSchema = z.object({
  id: key,
  name: text().trim().min(1).max(80),
  /** The agent's goal in this step (the LLM's instructions). */
  goal: text().trim().min(1).max(2000),
  /** What the agent says on entering the step (the scripted brain's words; the LLM may rephrase). */
  say: text().trim().max(1000).default(""),
  fields: z.array(flowFieldSchema).max(20).default([]),
  tools: z.array(flowToolSchema).max(flowTools.length).default([]),
  branches: z.array(flowBranchSchema).max(20).default([]),
  /** Where to go when no branch matched; none: the call ends with `outcome`. */
  next: key.nullable().default(null),
  /** The outcome when the flow ends here. */
  outcome: flowOutcomeSchema.nullable().default(null),
});
export type FlowStep = z.infer<typeof flowStepSchema>;

/**
 * The follow-up WhatsApp of a flow: after a call's outcome is one of `outcomes`, the template is
 * sent to the contact (consent respected) with its variables mapped from contact fields; the call's
 * collected fields are on the contact as `attributes.<key>` by then. null: no follow-up.
 */
export const flowFollowUpSchema = z.object({
  templateId: z.uuid(),
  mapping: variableMappingSchema.default({}),
  outcomes: z.array(flowOutcomeSchema).min(1).max(flowOutcomes.length).default(["interested", "call_back"]),
});
export type FlowFollowUp = z.infer<typeof flowFollowUpSchema>;

const flowBodyBase = z.object({
  name: text().trim().min(1).max(120),
  description: text().trim().max(1000).default(""),
  engine: z.enum(["conversation_relay", "media_streams"]).default("conversation_relay"),
  voice: text().trim().max(100).default(""),
  language: flowLanguageSchema.default("en-IN"),
  persona: text().trim().max(2000).default(""),
  interruptionSensitivity: z.enum(["low", "medium", "high"]).default("medium"),
  silenceTimeoutSeconds: z.number().int().min(1).max(60).default(6),
  maxCallSeconds: z.number().int().min(30).max(3600).default(600),
  voicemailMessage: text().trim().max(1000).default(""),
  transferNumber: text()
    .trim()
    .regex(/^(\+[1-9]\d{6,14})?$/, "An E.164 number, like +14155550100 (or empty: no transfer)")
    .default(""),
  followUp: flowFollowUpSchema.nullable().default(null),
  steps: z.array(flowStepSchema).min(1).max(50),
});

function checkSteps(flow: { steps: FlowStep[] }, ctx: z.RefinementCtx) {
  const ids = new Set<string>();
  flow.steps.forEach((s, i) => {
    if (ids.has(s.id))
      ctx.addIssue({ code: "custom", message: `Step id ${s.id} is used twice`, path: ["steps", i, "id"] });
    ids.add(s.id);
  });
  flow.steps.forEach((s, i) => {
    const keys = new Set(s.fields.map((f) => f.key));
    if (s.next && !ids.has(s.next))
      ctx.addIssue({ code: "custom", message: `No step ${s.next}`, path: ["steps", i, "next"] });
    if (!s.next && !s.outcome && !s.branches.some((b) => b.outcome))
      ctx.addIssue({ code: "custom", message: "A last step needs an outcome", path: ["steps", i, "outcome"] });
    s.branches.forEach((b, j) => {
      if (b.goto && !ids.has(b.goto))
        ctx.addIssue({ code: "custom", message: `No step ${b.goto}`, path: ["steps", i, "branches", j, "goto"] });
      if (!keys.has(b.field) && !flow.steps.some((o) => o.fields.some((f) => f.key === b.field)))
        ctx.addIssue({ code: "custom", message: `No field ${b.field}`, path: ["steps", i, "branches", j, "field"] });
    });
  });
}

export const flowBody = flowBodyBase.superRefine(checkSteps);
export type FlowBody = z.infer<typeof flowBody>;

export const flowSchema = flowBodyBase.extend({
  id: z.uuid(),
  version: z.number().int(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Flow = z.infer<typeof flowSchema>;

export const flowSummarySchema = flowSchema
  .pick({
    id: true,
    name: true,
    description: true,
    engine: true,
    language: true,
    version: true,
    updatedAt: true,
  })
  .extend({ steps: z.number().int() });
export const flowList = z.object({ items: z.array(flowSummarySchema) });

export type FieldValue = string | number;

/** One spoken turn as stored: `text` is what was actually said (cut to the played part after an interruption). */
export const flowTurnSchema = z.object({
  seq: z.number().int(),
  role: z.enum(["agent", "callee"]),
  text: z.string(),
  interrupted: z.boolean(),
  filler: z.boolean(),
  stepId: z.string().nullable(),
  at: isoDate,
});
export type FlowTurn = z.infer<typeof flowTurnSchema>;

export const flowToolCallSchema = z.object({ name: z.string(), args: z.record(z.string(), z.unknown()) });
export type FlowToolCall = z.infer<typeof flowToolCallSchema>;

export const flowTestBody = z.object({
  sessionId: z.string().max(80).optional().describe("Absent: start a new test call (the agent opens)"),
  text: z.string().max(2000).default(""),
  brain: z
    .enum(["auto", "scripted", "llm"])
    .default("auto")
    .describe("auto: the AI settings' model, the scripted brain without one"),
});
export const flowTestResult = z.object({
  sessionId: z.string(),
  brain: z.enum(["scripted", "llm"]),
  replies: z.array(z.string()),
  stepId: z.string().nullable(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
  toolCalls: z.array(flowToolCallSchema),
  outcome: flowOutcomeSchema.nullable(),
  summary: z.string().nullable(),
  ended: z.boolean(),
  turns: z.array(flowTurnSchema),
});
export type FlowTestResult = z.infer<typeof flowTestResult>;

/** p50/p90 (nearest rank) of one latency stage over agent turns, in ms; null when no turn measured it. */
export const latencyStageSchema = z.object({
  n: z.number().int(),
  p50: z.number().int().nullable(),
  p90: z.number().int().nullable(),
});
export const latencyStages = ["asr", "llmFirstToken", "ttsFirstAudio", "voiceToVoice"] as const;
/** Per-turn latency over a set of calls: each stage's p50/p90, and how often the callee cut the agent off. */
export const latencyStatsSchema = z.object({
  turns: z.number().int(),
  interruptions: z.number().int(),
  stages: z.object({
    asr: latencyStageSchema,
    llmFirstToken: latencyStageSchema,
    ttsFirstAudio: latencyStageSchema,
    voiceToVoice: latencyStageSchema,
  }),
});
export type LatencyStats = z.infer<typeof latencyStatsSchema>;
