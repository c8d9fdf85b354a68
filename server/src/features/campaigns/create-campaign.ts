import type { createCampaignBody } from "@switchboard/contracts";
import type { z } from "zod";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { sendableTemplate } from "../channels";
import { campaignAudienceSql } from "../inbox";
import { campaignEngagement } from "./engagement";
import { toCampaign } from "./queries";
import { campaigns } from "./schema";

const field = (name: string, msg: string) =>
  new AppError("validation_failed", msg, { fieldErrors: { [name]: [msg] }, formErrors: [] });

/** A draft: checked now (approved template of this channel, a valid time) so a start cannot fail on it. */
export async function createCampaign(ctx: AppContext, body: z.infer<typeof createCampaignBody>, userId: string | null) {
  const template = await sendableTemplate(ctx, body.templateId).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") throw field("templateId", "No such template");
    throw err;
  });
  if (template.channelId !== body.channelId) throw field("templateId", "The template belongs to another channel");
  if (template.status !== "APPROVED")
    throw field("templateId", `Template "${template.name}" is ${template.status.toLowerCase()}, not approved`);
  if (body.marketingMessagesApi && template.category !== "MARKETING")
    throw field("marketingMessagesApi", "The Marketing Messages API sends MARKETING templates only");
  const { labelIds, contactIds, segmentIds, importIds } = body.audience;
  // Compiled now too (then again at start, for that moment's contacts): a missing segment or import,
  // or a segment naming a deleted field, is refused with the draft rather than at start.
  await campaignAudienceSql(ctx.db, body.audience, campaignEngagement).catch((err) => {
    if (err instanceof AppError && err.code === "validation_failed") throw field("audience", err.message);
    throw err;
  });
  let scheduledAt: Date | null = null;
  if (body.scheduledAt) {
    scheduledAt = new Date(body.scheduledAt);
    if (Number.isNaN(scheduledAt.getTime())) throw field("scheduledAt", "Not a valid time");
  }
  const [row] = await ctx.db
    .insert(campaigns)
    .values({
      name: body.name,
      channelId: body.channelId,
      templateId: body.templateId,
      templateName: template.name,
      templateLanguage: template.language,
      mapping: body.mapping,
      variants: { a: { templateId: body.templateId, percent: 100 } },
      audience: { labelIds, contactIds, segmentIds, importIds },
      ratePerSecond: body.ratePerSecond,
      scheduledAt,
      sendWindow: body.window ?? null,
      marketingApi: body.marketingMessagesApi ?? null,
      createdBy: userId,
    })
    .returning();
  return toCampaign(row!);
}
