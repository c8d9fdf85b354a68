import { z } from "zod";
import { isoDate, pageQuery } from "./common";
import { variableMappingSchema } from "./template-authoring";

/**
 * WhatsApp campaigns (issue 9 §3): one approved template sent to an audience at a paced rate, each
 * recipient's outcome kept in its own row so the report can bucket failures by class.
 */
export const campaignStatuses = ["draft", "scheduled", "running", "paused", "cancelled", "completed"] as const;
export const recipientStatuses = [
  "pending",
  "sending",
  "sent",
  "delivered",
  "read",
  "replied",
  "failed",
  "skipped",
] as const;
/** The buckets of the failure report (campaigns/error-classes.ts maps Meta's codes onto them). */
export const recipientErrorClasses = [
  "throughput",
  "pair_rate",
  "marketing_cap",
  "experiment",
  "opted_out",
  "undeliverable",
  "template",
  "throughput_upgrade",
  "in_doubt",
  "no_phone",
  "cancelled",
  "outside_window",
  /** A follow-up not sent: the recipient replied (no_reply) or read (not_read) before it was due. */
  "engaged",
  /** A follow-up not sent: the first message failed after it was accepted. */
  "first_failed",
  "other",
] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour");
/**
 * Each recipient's local send window (their contact's IANA time zone; UTC when unknown). Recipients
 * outside it wait for its next opening; `until` (optional) ends the campaign's window: a recipient
 * whose next opening falls after it is skipped with class outside_window.
 */
export const sendWindowSchema = z
  .object({
    start: hhmm,
    end: hhmm,
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5, 6, 7]),
    until: isoDate.optional(),
  })
  .strict()
  .refine((w) => w.start < w.end, { message: "The window must end after it starts (same day)", path: ["end"] });

export type SendWindow = z.infer<typeof sendWindowSchema>;

/** Meta's Marketing Messages API (`/marketing_messages`) for MARKETING templates, with a time-to-live. */
export const marketingMessagesApiSchema = z
  .object({
    enabled: z.literal(true),
    /** 12 hours to 30 days. */
    ttlSeconds: z.number().int().min(43_200).max(2_592_000).optional(),
  })
  .strict();

/** One arm of an A/B split: its own template (and mapping: absent, the campaign's) and share of the audience. */
export const campaignVariantSchema = z
  .object({
    key: z.string().regex(/^[A-Z]$/, "One capital letter: A, B, C…"),
    templateId: z.uuid(),
    mapping: variableMappingSchema.optional(),
    percent: z.number().int().min(1).max(99),
  })
  .strict();
export type CampaignVariantInput = z.infer<typeof campaignVariantSchema>;

export const winnerMetrics = ["reply", "read"] as const;
/**
 * How an A/B split ends. With `testPercent`, only that share of the audience (split by the variant
 * percents) is sent first and the rest is held; the winner (chosen by hand, or `auto` after
 * `testHours`: the highest rate of `metric` among those sent, ties to the lower key) gets the rest.
 */
export const winnerRuleSchema = z
  .object({
    metric: z.enum(winnerMetrics),
    mode: z.enum(["manual", "auto"]),
    testPercent: z.number().int().min(5).max(50).optional(),
    testHours: z.number().int().min(1).max(72).optional(),
  })
  .strict()
  .refine((w) => w.mode === "manual" || (w.testPercent !== undefined && w.testHours !== undefined), {
    message: "An automatic winner needs a test phase: testPercent and testHours",
    path: ["testHours"],
  })
  .refine((w) => w.testHours === undefined || w.testPercent !== undefined, {
    message: "testHours needs testPercent (the share sent during the test)",
    path: ["testPercent"],
  });
export type WinnerRule = z.infer<typeof winnerRuleSchema>;

/** The winner rule and, once chosen, the winner with the rates it was chosen on. */
export const winnerStateSchema = z.object({
  metric: z.enum(winnerMetrics),
  mode: z.enum(["manual", "auto"]),
  testPercent: z.number().int().nullable(),
  testHours: z.number().int().nullable(),
  /** When the automatic choice runs (null: no automatic choice). */
  testEndsAt: isoDate.nullable(),
  variant: z.string().nullable(),
  chosenAt: isoDate.nullable(),
  /** Each variant's rate of the metric when the winner was chosen (replied or read / sent). */
  rates: z.record(z.string(), z.number()).nullable(),
});
export type WinnerState = z.infer<typeof winnerStateSchema>;

export const followUpConditions = ["no_reply", "not_read"] as const;
/**
 * A second template for recipients who did not react to the first: due `afterHours` after the first
 * message was sent, sent only if by then the recipient has not replied (`no_reply`) or not read
 * (`not_read`), has not opted out, and the first message did not fail.
 */
export const followUpSchema = z
  .object({
    templateId: z.uuid(),
    /** Absent: the follow-up template's variables need no values (or fall back). */
    mapping: variableMappingSchema.default({}),
    afterHours: z
      .number()
      .int("Whole hours")
      .min(1, "At least 1 hour after the first message")
      .max(168, "At most 168 hours (7 days) after the first message"),
    when: z.enum(followUpConditions),
  })
  .strict();
export type FollowUp = z.infer<typeof followUpSchema>;

const variantsSchema = z
  .array(campaignVariantSchema)
  .min(2, "An A/B split needs at least two variants")
  .max(5, "At most five variants")
  .refine((vs) => new Set(vs.map((v) => v.key)).size === vs.length, "Each variant needs its own key")
  .refine((vs) => vs.reduce((n, v) => n + v.percent, 0) === 100, "The variant percents must add up to 100");

export const createCampaignBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    channelId: z.uuid(),
    /** One template for everyone; or `variants` instead (not both). */
    templateId: z.uuid().optional(),
    /** An A/B split: each recipient gets one variant's template, assigned when the campaign starts. */
    variants: variantsSchema.optional(),
    winner: winnerRuleSchema.optional(),
    mapping: variableMappingSchema.default({}),
    /** Messages per second; Meta's default throughput per number is 80, the most 1,000. */
    ratePerSecond: z.number().int().min(1).max(1000).default(80),
    audience: z
      .object({
        labelIds: z.array(z.uuid()).max(50).default([]),
        contactIds: z.array(z.uuid()).max(100_000).default([]),
        /** Saved segments, evaluated when the campaign starts (their contacts at that moment). */
        segmentIds: z.array(z.uuid()).max(50).default([]),
        /** Uploaded lists: the contacts each contact import created or merged into. */
        importIds: z.array(z.uuid()).max(50).default([]),
      })
      .describe("The union of every list, each contact once; opted-out contacts are skipped")
      .refine(
        (a) => a.labelIds.length + a.contactIds.length + a.segmentIds.length + a.importIds.length > 0,
        "Choose at least one tag, contact, segment or imported list",
      ),
    /** Absent: start sends at once; a time: the dispatcher waits for it. */
    scheduledAt: isoDate.optional(),
    window: sendWindowSchema.optional(),
    marketingMessagesApi: marketingMessagesApiSchema.optional(),
    followUp: followUpSchema.optional(),
  })
  .strict()
  .refine((b) => (b.templateId === undefined) !== (b.variants === undefined), {
    message: "Give a templateId or variants (an A/B split), not both",
    path: ["templateId"],
  })
  .refine((b) => !b.winner || b.variants, { message: "A winner rule needs variants", path: ["winner"] });

/** The funnel steps a retarget picks recipients from (campaigns/retarget.ts holds their SQL). */
export const retargetSteps = ["failed", "read_not_replied", "delivered_not_read", "not_replied"] as const;

/** A new draft whose audience is the source campaign's recipients at one step. */
export const retargetCampaignBody = z
  .object({
    step: z.enum(retargetSteps),
    name: z.string().trim().min(1).max(200).optional(),
    /** Absent: the source campaign's template. */
    templateId: z.uuid().optional(),
  })
  .strict();

export const campaignCountsSchema = z.object({
  total: z.number().int(),
  ...Object.fromEntries(recipientStatuses.map((s) => [s, z.number().int()])),
}) as unknown as z.ZodObject<Record<"total" | (typeof recipientStatuses)[number], z.ZodNumber>>;

export const campaignSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  channelId: z.uuid(),
  templateId: z.uuid(),
  templateName: z.string(),
  templateLanguage: z.string(),
  mapping: variableMappingSchema,
  ratePerSecond: z.number().int(),
  status: z.enum(campaignStatuses),
  audience: z.object({
    labelIds: z.array(z.uuid()),
    contactIds: z.array(z.uuid()),
    segmentIds: z.array(z.uuid()),
    importIds: z.array(z.uuid()),
  }),
  scheduledAt: isoDate.nullable(),
  window: sendWindowSchema.nullable().optional(),
  marketingMessagesApi: marketingMessagesApiSchema.nullable().optional(),
  /** The A/B split ([] without one); each variant's template name copied at creation. */
  variants: z.array(campaignVariantSchema.extend({ templateName: z.string() })),
  winner: winnerStateSchema.nullable(),
  /** The follow-up (null: none); its template's name copied at creation. */
  followUp: followUpSchema.extend({ templateName: z.string() }).nullable().optional(),
  startedAt: isoDate.nullable(),
  completedAt: isoDate.nullable(),
  createdAt: isoDate,
  counts: campaignCountsSchema,
});
export type Campaign = z.infer<typeof campaignSchema>;
export type CampaignAudience = Campaign["audience"];

export const campaignRecipientSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  phone: z.string().nullable(),
  /** The A/B variant's key ("a" without a split); null: held back during the test phase. */
  variant: z.string().nullable(),
  status: z.enum(recipientStatuses),
  errorCode: z.string().nullable(),
  errorClass: z.enum(recipientErrorClasses).nullable(),
  errorReason: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: isoDate.nullable(),
  providerMessageId: z.string().nullable(),
  /** The conversation the customer's reply opened or continued (linked on reply). */
  conversationId: z.uuid().nullable(),
  sentAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  readAt: isoDate.nullable(),
  repliedAt: isoDate.nullable(),
});
export type CampaignRecipient = z.infer<typeof campaignRecipientSchema>;

/** A campaign a conversation's customer replied to (the inbox's "From a campaign" block). */
export const conversationCampaignSchema = z.object({
  campaignId: z.uuid(),
  name: z.string(),
  campaignStatus: z.enum(campaignStatuses),
  recipientStatus: z.enum(recipientStatuses),
  variant: z.string().nullable(),
  sentAt: isoDate.nullable(),
  repliedAt: isoDate.nullable(),
});
export type ConversationCampaign = z.infer<typeof conversationCampaignSchema>;

export const campaignRecipientsQuery = pageQuery.extend({
  status: z.enum(recipientStatuses).optional(),
});

export const chooseWinnerBody = z.object({ variant: z.string().regex(/^[A-Z]$/) }).strict();

const rate = z.number().min(0).max(1);
/** One variant's funnel: timestamps, so a replied recipient counts as delivered and read too. */
export const variantResultSchema = z.object({
  key: z.string(),
  templateId: z.uuid(),
  templateName: z.string(),
  percent: z.number().int(),
  /** Recipients assigned to this variant (held ones are not, until the winner takes them). */
  recipients: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  replied: z.number().int(),
  failed: z.number().int(),
  /** Shares of `sent` (0 while nothing is sent). */
  rates: z.object({ delivered: rate, read: rate, replied: rate }),
});
export type VariantResult = z.infer<typeof variantResultSchema>;

/** The follow-up's funnel: `due` is every follow-up scheduled (first message sent), settled or not. */
export const followUpStatsSchema = z.object({
  due: z.number().int(),
  /** Waiting for their time (or being sent). */
  pending: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  replied: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});
export type FollowUpStats = z.infer<typeof followUpStatsSchema>;

export const campaignStatsSchema = z.object({
  /** Campaigns with a follow-up only. Counts, timeline and failures describe first messages. */
  followUp: followUpStatsSchema.optional(),
  /** A/B campaigns only: each variant side by side, and the recipients still held for the winner. */
  byVariant: z.array(variantResultSchema).optional(),
  held: z.number().int().optional(),
  winner: winnerStateSchema.nullable().optional(),
  counts: campaignCountsSchema,
  byErrorClass: z.record(z.string(), z.number().int()),
  /** The portfolio's messaging limit (null: unlimited) and the unique users its campaigns messaged in 24 h. */
  messagingLimit: z.object({ limit: z.number().int().nullable(), used24h: z.number().int() }).optional(),
  /** Sends per minute over the campaign's life (failed counted at their attempt's minute). */
  timeline: z.array(z.object({ minute: isoDate, sent: z.number().int(), failed: z.number().int() })),
  /** Sent in the last 10 s divided by 10, against the configured pace. */
  sendRate: z.object({ current: z.number(), configured: z.number().int() }),
  /** Each error class, largest first, with its first 20 affected recipients. */
  failures: z.array(
    z.object({
      errorClass: z.enum(recipientErrorClasses),
      count: z.number().int(),
      recipients: z.array(
        z.object({
          contactId: z.uuid(),
          phone: z.string().nullable(),
          errorCode: z.string().nullable(),
          errorReason: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type CampaignStats = z.infer<typeof campaignStatsSchema>;
