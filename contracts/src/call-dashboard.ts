import { z } from "zod";
import { callCampaignCountsSchema, callCampaignStatuses } from "./call-campaigns";
import { isoDate } from "./common";
import { callSchema } from "./calls";
import { flowTurnSchema, latencyStatsSchema } from "./flows";
import { callCategories } from "./values";

export const callDashboardQuery = z.object({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24)
    .describe("The window counted (calls created since)"),
});

/** A call in progress with what has been said so far (the `call.turn` event appends to it live). */
export const liveCallSchema = z.object({
  call: callSchema,
  turns: z.array(flowTurnSchema),
  latency: latencyStatsSchema,
});

/** GET /api/call-dashboard: the live call dashboard's first paint; call.updated and call.turn keep it current. */
export const callDashboardSchema = z.object({
  since: isoDate,
  byCategory: z.record(z.enum(callCategories), z.number().int()),
  live: z.array(liveCallSchema),
  latency: latencyStatsSchema,
  campaigns: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      status: z.enum(callCampaignStatuses),
      counts: callCampaignCountsSchema,
      latency: latencyStatsSchema,
    }),
  ),
});
export type CallDashboard = z.infer<typeof callDashboardSchema>;
export type LiveCall = z.infer<typeof liveCallSchema>;
