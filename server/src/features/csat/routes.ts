import {
  agentCsatSchema,
  conversationCsatSchema,
  csatSettingsBody,
  csatSettingsSchema,
  csatSurveySchema,
  idParams,
  widgetCsatBody,
} from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { widgetChannelFor } from "../channels";
import { requireVisibleConversation } from "../inbox";
import { agentCsat, conversationCsat } from "./queries";
import { recordComment, recordRating } from "./record-answer";
import { csatSurveys } from "./schema";
import { loadCsatSettings, updateCsatSettings } from "./settings";
import { toSurvey } from "./views";

export function csatRoutes(ctx: AppContext) {
  const tags = ["csat"];
  return [
    defineRoute({
      method: "get",
      path: "/api/csat/settings",
      guard: "admin",
      summary: "CSAT survey settings: per channel on/off, after AI resolutions, the WhatsApp template",
      tags,
      response: csatSettingsSchema,
      handler: () => loadCsatSettings(ctx.db),
    }),
    defineRoute({
      method: "put",
      path: "/api/csat/settings",
      guard: "admin",
      summary: "Change the CSAT settings (any subset; `channels` may name some channel types only)",
      tags,
      body: csatSettingsBody,
      response: csatSettingsSchema,
      handler: ({ req, user, body }) => {
        // Zod fills absent fields with defaults: keep only what the caller sent.
        const sent = new Set(Object.keys((req.body ?? {}) as object));
        const changes = Object.fromEntries(Object.entries(body).filter(([k]) => sent.has(k)));
        return updateCsatSettings(ctx, requestActor(req, user), changes);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/conversations/:id/csat",
      guard: "agent",
      summary: "The conversation's CSAT surveys (rating, comment, or why none was sent) and quality scores",
      tags,
      params: idParams,
      response: conversationCsatSchema,
      handler: async ({ user, params }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        return conversationCsat(ctx.db, params.id);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/agents/:id/csat",
      guard: "agent",
      summary: "An agent's CSAT: answered surveys of conversations they resolved, and the average rating",
      tags,
      params: idParams,
      response: agentCsatSchema,
      handler: ({ params }) => agentCsat(ctx.db, params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/widget/csat/:id",
      guard: "visitor",
      crossOrigin: true,
      summary: "The visitor's answer to a survey in the widget (stars, then an optional comment)",
      tags: ["widget"],
      params: idParams,
      body: widgetCsatBody,
      response: csatSurveySchema,
      handler: async ({ visitor, params, body, req }) => {
        await widgetChannelFor(ctx, visitor.channelId, req);
        const [survey] = await ctx.db.select().from(csatSurveys).where(eq(csatSurveys.id, params.id)).limit(1);
        if (!survey || survey.channelId !== visitor.channelId || survey.contactId !== visitor.contactId)
          throw notFound("Survey");
        const now = new Date();
        const comment = body.comment?.trim() || null;
        if (survey.status === "sent") {
          const row = await recordRating(ctx, survey, {
            rating: body.rating,
            comment,
            externalId: null,
            now,
            thank: false,
          });
          if (row) return toSurvey(row);
        } else if (survey.status === "answered" && comment && !survey.comment) {
          const row = await recordComment(ctx, survey, comment, null, now, true);
          if (row) return toSurvey(row);
        }
        const [fresh] = await ctx.db.select().from(csatSurveys).where(eq(csatSurveys.id, params.id)).limit(1);
        return toSurvey(fresh!);
      },
    }),
  ];
}
