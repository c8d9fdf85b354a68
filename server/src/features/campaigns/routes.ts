import {
  campaignRecipientSchema,
  campaignRecipientsQuery,
  campaignSchema,
  campaignStatsSchema,
  chooseWinnerBody,
  conversationCampaignSchema,
  createCampaignBody,
  idParams,
  pageOf,
  retargetCampaignBody,
} from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { recordAudit, requestActor } from "../audit";
import { getVisibleConversation } from "../inbox";
import { chooseWinnerManually } from "./choose-winner";
import { cancelCampaign, pauseCampaign, resumeCampaign, startCampaign } from "./control";
import { createCampaign } from "./create-campaign";
import { exportRecipientsCsv } from "./export-csv";
import { messagingLimitStats } from "./portfolio-cap";
import { campaignProgressed } from "./progress";
import { campaignsOfConversation, getCampaign, listCampaigns, listRecipients } from "./queries";
import { campaignReport } from "./report";
import { retargetCampaign } from "./retarget";

/**
 * /api/campaigns. Admins create, start, resume and cancel (they spend the business's messaging
 * limit); any agent may pause (stopping a send is always safe) and read the report.
 */
export function campaignRoutes(ctx: AppContext) {
  const tags = ["campaigns"];
  const audit = (
    req: Parameters<typeof requestActor>[0],
    user: Parameters<typeof requestActor>[1],
    action: string,
    c: { id: string; name: string },
  ) =>
    recordAudit(ctx.db, requestActor(req, user), {
      action,
      summary: `${action.split(".")[1]} campaign ${c.name}`,
      target: { type: "campaign", id: c.id },
    });
  const control = (
    verb: "start" | "pause" | "resume" | "cancel",
    guard: "admin" | "agent",
    summary: string,
    run: (ctx: AppContext, id: string) => Promise<z.infer<typeof campaignSchema>>,
  ) =>
    defineRoute({
      method: "post",
      path: `/api/campaigns/:id/${verb}`,
      guard,
      summary,
      tags,
      params: idParams,
      response: campaignSchema,
      handler: async ({ params, req, user }) => {
        const c = await run(ctx, params.id);
        campaignProgressed(ctx, [c.id]);
        await audit(
          req,
          user,
          `campaign.${verb === "start" ? "started" : verb === "cancel" ? "cancelled" : `${verb}d`}`,
          c,
        );
        return c;
      },
    });
  return [
    defineRoute({
      method: "get",
      path: "/api/campaigns",
      guard: "agent",
      summary: "Campaigns, newest first, with recipient counts per status",
      tags,
      response: z.object({ items: z.array(campaignSchema) }),
      handler: async () => ({ items: await listCampaigns(ctx.db) }),
    }),
    defineRoute({
      method: "get",
      path: "/api/conversations/:id/campaigns",
      guard: "agent",
      summary: "The campaigns this conversation's customer replied to (404 when the caller may not see it)",
      tags,
      params: idParams,
      response: z.object({ items: z.array(conversationCampaignSchema) }),
      handler: async ({ params, user }) => {
        await getVisibleConversation(ctx.db, user, params.id);
        return { items: await campaignsOfConversation(ctx.db, params.id) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/campaigns",
      guard: "admin",
      summary: "Create a campaign draft: an approved template, its variable mapping, an audience, a rate",
      tags,
      body: createCampaignBody,
      response: campaignSchema,
      status: 201,
      handler: async ({ body, req, user }) => {
        const c = await createCampaign(ctx, body, user.id);
        await audit(req, user, "campaign.created", c);
        return c;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/campaigns/:id",
      guard: "agent",
      summary: "One campaign with recipient counts per status",
      tags,
      params: idParams,
      response: campaignSchema,
      handler: async ({ params }) => getCampaign(ctx.db, params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/campaigns/:id/retarget",
      guard: "admin",
      summary:
        "A new draft whose audience is this campaign's recipients at one step (failed, read not replied, delivered not read, not replied)",
      tags,
      params: idParams,
      body: retargetCampaignBody,
      response: campaignSchema,
      status: 201,
      handler: async ({ params, body, req, user }) => {
        const c = await retargetCampaign(ctx, params.id, body, user.id);
        await audit(req, user, "campaign.retargeted", c);
        return c;
      },
    }),
    control(
      "start",
      "admin",
      "Materialise the audience and start sending (or wait for the scheduled time)",
      startCampaign,
    ),
    control("pause", "agent", "Pause sending (applied within a second)", pauseCampaign),
    control("resume", "admin", "Resume a paused campaign", resumeCampaign),
    control("cancel", "admin", "Cancel: recipients not yet sent end skipped (cancelled)", cancelCampaign),
    defineRoute({
      method: "post",
      path: "/api/campaigns/:id/winner",
      guard: "admin",
      summary:
        "End an A/B test phase by hand: the variant gets the held recipients (409 once chosen, or without a test phase)",
      tags,
      params: idParams,
      body: chooseWinnerBody,
      response: campaignSchema,
      handler: async ({ params, body, req, user }) => {
        const c = await chooseWinnerManually(ctx, params.id, body.variant);
        await audit(req, user, "campaign.winner_chosen", c);
        return c;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/campaigns/:id/recipients",
      guard: "agent",
      summary: "A campaign's recipients with their status and error, keyset-paged, filtered by status",
      tags,
      params: idParams,
      query: campaignRecipientsQuery,
      response: pageOf(campaignRecipientSchema),
      handler: async ({ params, query }) => listRecipients(ctx.db, params.id, query),
    }),
    defineRoute({
      method: "get",
      path: "/api/campaigns/:id/stats",
      guard: "agent",
      summary:
        "The report: counts per status and error class, sends per minute, live send rate, failures with affected recipients, A/B variants side by side",
      tags,
      params: idParams,
      response: campaignStatsSchema,
      handler: async ({ params }) => {
        const [report, messagingLimit] = await Promise.all([
          campaignReport(ctx.db, params.id),
          messagingLimitStats(ctx, params.id),
        ]);
        return messagingLimit ? { ...report, messagingLimit } : report;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/campaigns/:id/recipients.csv",
      guard: "agent",
      summary: "Every recipient with status, error and timestamps as CSV, streamed",
      tags,
      params: idParams,
      handler: ({ params, res }) => exportRecipientsCsv(ctx.db, params.id, res),
    }),
  ];
}
