import { z } from "zod";
import { isoDate, text } from "./common";
import { priorities } from "./values";

/** An IANA zone that this runtime knows (Intl throws a RangeError on an unknown one). */
export const timeZoneName = text()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: "Not a known IANA time zone" },
  )
  .describe("IANA time zone, e.g. Europe/Madrid");

const hhmm = text().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time "HH:MM" (24:00 is the end of the day)');
const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

export const weeklyPeriodSchema = z
  .object({
    day: z.number().int().min(1).max(7).describe("ISO weekday: 1 Monday … 7 Sunday"),
    start: hhmm,
    end: hhmm,
  })
  .refine((p) => minutesOf(p.end) > minutesOf(p.start), { message: "A period ends after it starts", path: ["end"] });

export const holidaySchema = z.object({
  date: text()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date "YYYY-MM-DD"')
    .refine(
      (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      {
        message: "Not a calendar date",
      },
    ),
  name: text().max(120).default(""),
});

const scheduleFields = {
  name: text().trim().min(1).max(120),
  timeZone: timeZoneName,
  periods: z.array(weeklyPeriodSchema).min(1, "A schedule needs at least one working period").max(100),
  holidays: z.array(holidaySchema).max(1000).default([]),
};

export const createScheduleBody = z.object(scheduleFields).strict();
export const updateScheduleBody = z
  .object({
    name: scheduleFields.name,
    timeZone: scheduleFields.timeZone,
    periods: scheduleFields.periods,
    holidays: z.array(holidaySchema).max(1000),
  })
  .partial()
  .strict();

export const scheduleSchema = z.object({
  id: z.uuid(),
  name: text(),
  timeZone: text(),
  periods: z.array(z.object({ day: z.number().int(), start: text(), end: text() })),
  holidays: z.array(z.object({ date: text(), name: text() })),
  isDefault: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type SlaSchedule = z.infer<typeof scheduleSchema>;
export const scheduleList = z.object({ items: z.array(scheduleSchema) });

/**
 * Reply and resolution targets, plus Zendesk's status clocks: requester wait (runs in new, open and on
 * hold) and agent work time (new and open only); both pause while pending and stop at solved.
 */
export const slaMetrics = [
  "firstReply",
  "nextReply",
  "periodicUpdate",
  "resolution",
  "requesterWait",
  "agentWork",
] as const;
export const slaMetricSchema = z.enum(slaMetrics);
export type SlaMetric = z.infer<typeof slaMetricSchema>;

export const slaTargetSchema = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 365),
    hours: z.enum(["business", "calendar"]).describe("Business hours follow the policy's schedule"),
  })
  .strict();
export type SlaTarget = z.infer<typeof slaTargetSchema>;

/** Per metric, a target or none. */
export const priorityTargetsSchema = z
  .object({
    firstReply: slaTargetSchema.nullable(),
    nextReply: slaTargetSchema.nullable(),
    periodicUpdate: slaTargetSchema.nullable(),
    resolution: slaTargetSchema.nullable(),
    requesterWait: slaTargetSchema.nullable(),
    agentWork: slaTargetSchema.nullable(),
  })
  .partial()
  .strict();
export const slaTargetsSchema = z.object(
  Object.fromEntries(priorities.map((p) => [p, priorityTargetsSchema.default({})])) as Record<
    (typeof priorities)[number],
    z.ZodDefault<typeof priorityTargetsSchema>
  >,
);
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

export const contactFieldOps = ["equals", "in", "exists"] as const;
export type ContactFieldOp = (typeof contactFieldOps)[number];

/**
 * A custom field of the requester (a ticket's) or the contact (a conversation's), as stored in the
 * contact's attributes: `equals` one value, `in` a list, or `exists` (set and not empty). Values compare
 * as text, case-insensitively, so a number field 3 equals "3" and "Gold" equals "gold".
 */
export const contactFieldConditionSchema = z
  .object({
    field: z.literal("contactField"),
    key: text()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "A contact field key")
      .describe("The contact field's key (its attribute name)"),
    op: z.enum(contactFieldOps),
    values: z.array(text().trim().min(1).max(200)).max(100).default([]).describe("One for equals; none for exists"),
  })
  .strict()
  .refine(
    (c) =>
      c.op === "exists" ? c.values.length === 0 : c.op === "equals" ? c.values.length === 1 : c.values.length > 0,
    {
      message: "equals takes one value, in at least one, exists none",
      path: ["values"],
    },
  );
export type ContactFieldCondition = z.infer<typeof contactFieldConditionSchema>;

/** One condition: the subject's field is one of the values. A policy matches when all its conditions do. */
export const slaConditionSchema = z.discriminatedUnion("field", [
  z.object({ field: z.literal("priority"), in: z.array(z.enum(priorities)).min(1).max(4) }).strict(),
  z.object({ field: z.literal("channel"), in: z.array(text().min(1).max(40)).min(1).max(20) }).strict(),
  z.object({ field: z.literal("team"), in: z.array(z.uuid()).min(1).max(100) }).strict(),
  z.object({ field: z.literal("tag"), in: z.array(text().trim().min(1).max(80)).min(1).max(100) }).strict(),
  contactFieldConditionSchema,
]);
export type SlaCondition = z.infer<typeof slaConditionSchema>;
export type SlaConditionField = SlaCondition["field"];

const policyFields = {
  name: text().trim().min(1).max(120),
  conditions: z.array(slaConditionSchema).max(20),
  targets: slaTargetsSchema,
  scheduleId: z.uuid().nullable().describe("Business hours for business-hour targets; null: the default schedule"),
  warningPercent: z.number().int().min(1).max(99).describe("Share of each target after which the warning fires"),
};

export const createPolicyBody = z
  .object({
    ...policyFields,
    conditions: policyFields.conditions.default([]),
    scheduleId: policyFields.scheduleId.default(null),
    warningPercent: policyFields.warningPercent.default(75),
  })
  .strict();
export const updatePolicyBody = z
  .object(policyFields)
  .partial()
  .strict()
  .describe("Any change creates a new version; applied SLAs keep the version they started with");
export const reorderPoliciesBody = z
  .object({ ids: z.array(z.uuid()).min(1).max(1000).describe("Every live policy, first-match order") })
  .strict();

export const policySchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  version: z.number().int().describe("The current version"),
  versionId: z.uuid().describe("What an applied SLA records"),
  name: text(),
  conditions: z.array(slaConditionSchema),
  targets: slaTargetsSchema,
  scheduleId: z.uuid(),
  warningPercent: z.number().int(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type SlaPolicy = z.infer<typeof policySchema>;
export const policyList = z.object({ items: z.array(policySchema) });
export const policyVersionList = z.object({
  items: z.array(
    policySchema
      .pick({
        versionId: true,
        version: true,
        name: true,
        conditions: true,
        targets: true,
        scheduleId: true,
        warningPercent: true,
      })
      .extend({
        createdAt: isoDate,
      }),
  ),
});

/** One target being timed on a ticket or conversation, as stored (deadlines are never recomputed on read). */
export const slaTargetStateSchema = z.object({
  metric: slaMetricSchema,
  status: z.enum(["active", "paused", "hit", "missed"]),
  deadlineAt: isoDate.nullable().describe("Null while paused and once stopped"),
  warnAt: isoDate.nullable().describe("When the warning is due"),
  warningSent: z.boolean(),
  breached: z.boolean().describe("The deadline passed while the target was still owed"),
  startedAt: isoDate,
  stoppedAt: isoDate.nullable(),
});
export type SlaTargetState = z.infer<typeof slaTargetStateSchema>;

export const slaStates = ["ok", "at_risk", "breached"] as const;
export const slaStateFilter = z.enum(slaStates);
/** A subject's SLA: every target of its current cycle, the next deadline, and one overall state. */
export const slaStateSchema = z.object({
  state: z.enum([...slaStates, "none"]).describe("breached > at_risk (past the warning) > ok; none: no clock"),
  nextDeadlineAt: isoDate.nullable().describe("The soonest deadline of a running target"),
  targets: z.array(slaTargetStateSchema),
});
export type SlaState = z.infer<typeof slaStateSchema>;
export const NO_SLA: SlaState = { state: "none", nextDeadlineAt: null, targets: [] };
