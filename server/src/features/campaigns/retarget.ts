import type { retargetCampaignBody, retargetSteps } from "@switchboard/contracts";
import { and, asc, eq, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { createCampaign } from "./create-campaign";
import { campaignRow } from "./queries";
import { campaignRecipients as r } from "./schema";

/**
 * Each step reads the timestamps, not `status`: a recipient who replied has status `replied` but
 * was also delivered and read, and the funnel must count them at every step they passed.
 */
const stepWhere: Record<(typeof retargetSteps)[number], SQL> = {
  failed: eq(r.status, "failed"),
  read_not_replied: and(isNotNull(r.readAt), isNull(r.repliedAt))!,
  delivered_not_read: and(isNotNull(r.deliveredAt), isNull(r.readAt))!,
  not_replied: and(isNotNull(r.sentAt), isNull(r.repliedAt))!,
};

/**
 * A new draft aimed at the source campaign's recipients at one step. The audience is a frozen list
 * of contact ids (not a query), so the draft shows, and later sends to, exactly who was chosen now.
 */
export async function retargetCampaign(
  ctx: AppContext,
  sourceId: string,
  body: z.infer<typeof retargetCampaignBody>,
  userId: string | null,
) {
  const source = await campaignRow(ctx.db, sourceId);
  const rows = await ctx.db
    .select({ contactId: r.contactId })
    .from(r)
    .where(and(eq(r.campaignId, source.id), eq(r.step, "first"), stepWhere[body.step]))
    .orderBy(asc(r.id));
  if (!rows.length)
    throw new AppError("retarget_empty", `No recipient of "${source.name}" is at the step ${body.step}`, {
      step: body.step,
    });
  // createCampaign re-checks the template (approved, same channel), so an old source cannot
  // smuggle in a template that was paused or deleted since.
  return createCampaign(
    ctx,
    {
      name: body.name ?? `${source.name} — retarget (${body.step})`.slice(0, 200),
      channelId: source.channelId,
      templateId: body.templateId ?? source.templateId,
      mapping: source.mapping,
      ratePerSecond: source.ratePerSecond,
      audience: { labelIds: [], contactIds: rows.map((x) => x.contactId), segmentIds: [], importIds: [] },
    },
    userId,
  );
}
