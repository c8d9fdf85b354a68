import {
  callCampaignListSchema,
  callCampaignSchema,
  callCampaignTargetListSchema,
  createCallCampaignBody,
  idParams,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import {
  createCallCampaign,
  getCallCampaign,
  listCallCampaigns,
  moveCallCampaign,
  startCallCampaign,
} from "./campaign-control";
import { listCallCampaignTargets } from "./campaign-targets";

export function callCampaignRoutes(ctx: AppContext) {
  const move = (action: "pause" | "resume" | "cancel") =>
    defineRoute({
      method: "post",
      path: `/api/call-campaigns/:id/${action}`,
      guard: "admin",
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} a call campaign`,
      tags: ["calls"],
      params: idParams,
      response: callCampaignSchema,
      handler: ({ params }) => moveCallCampaign(ctx, params.id, action),
    });
  return [
    defineRoute({
      method: "get",
      path: "/api/call-campaigns",
      guard: "agent",
      summary: "Call campaigns, newest first, with their counts",
      tags: ["calls"],
      response: callCampaignListSchema,
      handler: () => listCallCampaigns(ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/call-campaigns",
      guard: "admin",
      summary: "Create a call campaign (a draft: nobody is called before start)",
      tags: ["calls"],
      body: createCallCampaignBody,
      response: callCampaignSchema,
      status: 201,
      handler: ({ user, body }) => createCallCampaign(ctx, user, body),
    }),
    defineRoute({
      method: "get",
      path: "/api/call-campaigns/:id",
      guard: "agent",
      summary: "One call campaign with its targets counted by state and outcome",
      tags: ["calls"],
      params: idParams,
      response: callCampaignSchema,
      handler: ({ params }) => getCallCampaign(ctx, params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/call-campaigns/:id/start",
      guard: "admin",
      summary: "Start a call campaign: targets materialised, calls placed within calling hours",
      tags: ["calls"],
      params: idParams,
      response: callCampaignSchema,
      handler: ({ params }) => startCallCampaign(ctx, params.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/call-campaigns/:id/targets",
      guard: "agent",
      summary: "A call campaign's targets with their progress (state, outcome, attempts, current call)",
      tags: ["calls"],
      params: idParams,
      response: callCampaignTargetListSchema,
      handler: ({ params }) => listCallCampaignTargets(ctx, params.id),
    }),
    move("pause"),
    move("resume"),
    move("cancel"),
  ];
}
