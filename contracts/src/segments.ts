import { z } from "zod";
import { channelTypeSchema } from "./channels";
import { isoDate, text } from "./common";

/**
 * Segments: saved filters over contacts (tags, custom fields, consent, channel identities, activity
 * and campaign engagement) that campaigns use as audiences. The definition is data, compiled on the
 * server to one parameterised SQL statement; field keys are checked against contact_fields there.
 */

const days = z.number().int().min(1).max(3650);
const key = text().max(40);

export const segmentConditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("tag"), labelId: z.uuid(), negate: z.boolean().default(false) }),
  z.object({ type: z.literal("text"), key, op: z.enum(["equals", "contains"]), value: text().max(500) }),
  z.object({ type: z.literal("number"), key, op: z.enum(["eq", "lt", "gt"]), value: z.number().finite() }),
  z.object({
    type: z.literal("date"),
    key,
    op: z.enum(["before", "after", "within_days"]),
    value: z
      .union([z.iso.date(), days])
      .describe("A date (YYYY-MM-DD) for before/after, a number of days for within_days"),
  }),
  z.object({ type: z.literal("choice"), key, values: z.array(text().max(80)).min(1).max(100) }),
  z.object({ type: z.literal("consent"), status: z.enum(["opted_in", "opted_out", "unknown"]) }),
  z.object({
    type: z.literal("identity"),
    channelId: z.uuid().optional().describe("This channel; absent: any channel of channelType"),
    channelType: channelTypeSchema.optional(),
    negate: z.boolean().default(false),
  }),
  z.object({ type: z.literal("created"), withinDays: days }),
  z.object({
    type: z.literal("last_inbound"),
    op: z.enum(["within", "older_than"]).describe("older_than includes contacts who never wrote"),
    days,
  }),
  z.object({
    type: z.literal("campaign"),
    campaignId: z.uuid(),
    step: z.enum(["sent", "delivered", "read", "replied", "failed"]),
    negate: z.boolean().default(false),
  }),
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export const segmentDefinitionSchema = z.object({
  match: z.enum(["all", "any"]).default("all"),
  conditions: z.array(segmentConditionSchema).max(30).default([]).describe("No conditions: every contact"),
});
export type SegmentDefinition = z.infer<typeof segmentDefinitionSchema>;

export const segmentSchema = z.object({
  id: z.uuid(),
  name: text(),
  definition: segmentDefinitionSchema,
  count: z.number().int().nullable().describe("Contacts matching now (null when it cannot be computed)"),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Segment = z.infer<typeof segmentSchema>;

export const createSegmentBody = z.object({
  name: text().trim().min(1).max(120),
  definition: segmentDefinitionSchema,
});
export const updateSegmentBody = createSegmentBody.partial();

export const segmentContactSchema = z.object({
  id: z.uuid(),
  name: text().nullable(),
  phone: text().nullable(),
  email: text().nullable(),
});
export const segmentCountBody = z.object({ definition: segmentDefinitionSchema });
export const segmentCountResult = z.object({ count: z.number().int(), sample: z.array(segmentContactSchema) });
export const segmentContactsQuery = z.object({
  afterId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const segmentContactsPage = z.object({
  items: z.array(segmentContactSchema),
  nextAfterId: z.uuid().nullable(),
});
export const segmentList = z.object({ items: z.array(segmentSchema) });
