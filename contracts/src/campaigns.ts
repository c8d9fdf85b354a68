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
  "other",
] as const;

export const createCampaignBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    channelId: z.uuid(),
    templateId: z.uuid(),
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
  variant: z.string(),
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

export const campaignRecipientsQuery = pageQuery.extend({
  status: z.enum(recipientStatuses).optional(),
});

export const campaignStatsSchema = z.object({
  counts: campaignCountsSchema,
  byErrorClass: z.record(z.string(), z.number().int()),
});
