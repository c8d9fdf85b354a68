import type { createCampaignBody } from "@switchboard/contracts";
import type { z } from "zod";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { type SendableTemplate, sendableTemplate } from "../channels";
import { campaignAudienceSql } from "../inbox";
import { campaignEngagement } from "./engagement";
import { toCampaign } from "./queries";
import { campaigns } from "./schema";

type Body = z.infer<typeof createCampaignBody>;

const field = (name: string, msg: string) =>
  new AppError("validation_failed", msg, { fieldErrors: { [name]: [msg] }, formErrors: [] });

/** A template the campaign may send: approved, of this channel, MARKETING for the Marketing Messages API. */
async function checkedTemplate(ctx: AppContext, body: Body, templateId: string, name: string) {
  const template: SendableTemplate = await sendableTemplate(ctx, templateId).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") throw field(name, "No such template");
    throw err;
  });
  if (template.channelId !== body.channelId) throw field(name, "The template belongs to another channel");
  if (template.status !== "APPROVED")
    throw field(name, `Template "${template.name}" is ${template.status.toLowerCase()}, not approved`);
  if (body.marketingMessagesApi && template.category !== "MARKETING")
    throw field("marketingMessagesApi", "The Marketing Messages API sends MARKETING templates only");
  return template;
}

/** A draft: checked now (approved templates of this channel, a valid time) so a start cannot fail on it. */
export async function createCampaign(ctx: AppContext, body: Body, userId: string | null) {
  // An A/B split checks every variant's template; the first variant's stands for the campaign in
  // lists (templateId, templateName), as the single template does without a split.
  const variants = [];
  for (const [i, v] of (body.variants ?? []).entries()) {
    const t = await checkedTemplate(ctx, body, v.templateId, `variants.${i}.templateId`);
    variants.push({ ...v, templateName: t.name });
  }
  const template = await checkedTemplate(ctx, body, body.templateId ?? body.variants![0]!.templateId, "templateId");
  // The follow-up's template: approved, of the same number (checked like the first's).
  const followUp = body.followUp
    ? {
        ...body.followUp,
        templateName: (await checkedTemplate(ctx, body, body.followUp.templateId, "followUp.templateId")).name,
      }
    : null;
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
      templateId: template.id,
      templateName: template.name,
      templateLanguage: template.language,
      mapping: body.mapping,
      variants,
      winnerRule: body.winner ?? null,
      audience: { labelIds, contactIds, segmentIds, importIds },
      ratePerSecond: body.ratePerSecond,
      scheduledAt,
      sendWindow: body.window ?? null,
      marketingApi: body.marketingMessagesApi ?? null,
      followUp,
      createdBy: userId,
    })
    .returning();
  return toCampaign(row!);
}
