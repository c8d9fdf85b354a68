import { z } from "zod";
import { isoDate, text } from "./common";
import { callCategories } from "./values";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour");

/** Local calling hours in each callee's time zone (their contact's IANA zone; UTC when unknown). */
export const callingHoursSchema = z
  .object({
    start: hhmm,
    end: hhmm,
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
  })
  .strict()
  .refine((w) => w.start < w.end, { message: "Calling hours must end after they start (same day)", path: ["end"] });
export type CallingHours = z.infer<typeof callingHoursSchema>;

/** Retries of one outcome: another call `spacingMinutes` after the last ended, up to `maxAttempts` calls in all. */
export const callRetrySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(10).default(3),
    spacingMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
  })
  .strict();

export const callCampaignStatuses = ["draft", "running", "paused", "completed", "canceled"] as const;
export const callTargetStates = ["pending", "calling", "settled", "skipped", "canceled"] as const;
/**
 * A settled target's outcome: the flow's outcome when the conversation ended with one (interested,
 * not_interested, call_back, wrong_number, voicemail, no_answer), else its last call's category;
 * skipped and canceled targets say why.
 */
export const callTargetOutcomes = [
  "interested",
  "not_interested",
  "call_back",
  "wrong_number",
  "transferred",
  "completed",
  "voicemail",
  "no_answer",
  "busy",
  "failed",
  "canceled",
  "opted_out",
  "no_phone",
] as const;

export const createCallCampaignBody = z
  .object({
    name: text().min(1).max(200),
    flowId: z.uuid().nullable().optional(),
    audience: z
      .object({
        segmentId: z.uuid().optional(),
        contactIds: z.array(z.uuid()).max(10_000).optional(),
      })
      .strict()
      .refine((a) => !!a.segmentId !== !!a.contactIds?.length, {
        message: "Choose a segment or a list of contacts",
      }),
    callingHours: callingHoursSchema,
    concurrency: z.number().int().min(1).max(50).default(2),
    /**
     * A sandbox campaign: each claimed target becomes a "call me" sandbox call (answered at once, the
     * callee played by typing in the console); Twilio is never involved and nothing is recorded.
     */
    sandbox: z.boolean().default(false),
    retries: z
      .object({
        noAnswer: callRetrySchema.default({ maxAttempts: 3, spacingMinutes: 60 }),
        busy: callRetrySchema.default({ maxAttempts: 3, spacingMinutes: 15 }),
      })
      .strict()
      .default({ noAnswer: { maxAttempts: 3, spacingMinutes: 60 }, busy: { maxAttempts: 3, spacingMinutes: 15 } }),
  })
  .strict();
export type CreateCallCampaignBody = z.infer<typeof createCallCampaignBody>;

export const callCampaignCountsSchema = z.object({
  total: z.number().int(),
  byState: z.record(z.enum(callTargetStates), z.number().int()),
  byOutcome: z.record(z.enum(callTargetOutcomes), z.number().int()),
});

export const callCampaignSchema = z.object({
  id: z.uuid(),
  name: text(),
  flowId: z.uuid().nullable(),
  status: z.enum(callCampaignStatuses),
  audience: z.object({ segmentId: z.uuid().optional(), contactIds: z.array(z.uuid()).optional() }),
  callingHours: z.object({ start: hhmm, end: hhmm, days: z.array(z.number().int()) }),
  concurrency: z.number().int(),
  sandbox: z.boolean(),
  retries: z.object({
    noAnswer: z.object({ maxAttempts: z.number().int(), spacingMinutes: z.number().int() }),
    busy: z.object({ maxAttempts: z.number().int(), spacingMinutes: z.number().int() }),
  }),
  counts: callCampaignCountsSchema,
  createdAt: isoDate,
  startedAt: isoDate.nullable(),
  completedAt: isoDate.nullable(),
});
export type CallCampaign = z.infer<typeof callCampaignSchema>;
export const callCampaignListSchema = z.object({ items: z.array(callCampaignSchema) });

/** One contact of a started campaign, with its progress (GET /api/call-campaigns/:id/targets). */
export const callCampaignTargetSchema = z.object({
  id: z.uuid(),
  contact: z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string().nullable() }),
  toNumber: z.string().nullable(),
  timeZone: z.string().nullable(),
  state: z.enum(callTargetStates),
  outcome: z.enum(callTargetOutcomes).nullable(),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  callId: z.uuid().nullable(),
  /** The current call's category (live progress: queued, ringing, in progress…); null before the first call. */
  callCategory: z.enum(callCategories).nullable(),
  /** What the current call's conversation collected so far (empty until its flow reported). */
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
});
export const callCampaignTargetListSchema = z.object({ items: z.array(callCampaignTargetSchema) });
export type CallCampaignTarget = z.infer<typeof callCampaignTargetSchema>;
