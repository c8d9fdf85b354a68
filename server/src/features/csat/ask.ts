import type { Conversation, CsatSettings, TemplateSend } from "@switchboard/contracts";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { planAutomatedSend, surveyChannel } from "../channels";
import { getConversation, getMessageForDelivery, recordSurveyMessage } from "../inbox";
import { csatSurveys } from "./schema";
import { loadCsatSettings } from "./settings";
import { toSurvey } from "./views";

export const askPayload = z.object({
  conversationId: z.uuid(),
  resolvedBy: z.enum(["human", "ai"]),
  /** Unique per resolution (a redelivered event asks once; a reopened and resolved conversation again). */
  resolutionKey: z.string().min(1).max(200),
  /** The assignee when it was resolved (the rating goes to their profile). */
  agentId: z.uuid().nullable(),
});
export type AskPayload = z.infer<typeof askPayload>;

/** Why this resolution gets no survey (shown on the conversation), or null: ask. */
function skipReason(settings: CsatSettings, conv: Conversation, p: AskPayload, label: string): string | null {
  if (p.resolvedBy === "ai" && !settings.afterAiResolutions)
    return "Resolved by the AI agent: surveys after AI resolutions are off (Settings → CSAT).";
  if (!settings.channels[conv.channelType]) return `CSAT surveys are off for ${label} (Settings → CSAT).`;
  return null;
}

/**
 * After a resolution: one survey row per resolution key, then the question on the customer's channel
 * in the form its adapter declares. WhatsApp outside the 24-hour window sends the configured
 * approved template, or skips with the reason when there is none. Idempotent (the job may run twice):
 * a survey already sent or skipped is left alone, and the question message is written once.
 */
export async function askForRating(ctx: AppContext, p: AskPayload, now = new Date()): Promise<void> {
  const conv = await getConversation(ctx.db, p.conversationId);
  if (!conv) return;
  const settings = await loadCsatSettings(ctx.db);
  const ch = surveyChannel(conv.channelType);
  let form: string = ch.form;
  let reason = skipReason(settings, conv, p, ch.label);
  let template: TemplateSend | undefined;
  let content = settings.question;
  if (!reason) {
    const t = settings.whatsappTemplate;
    const plan = await planAutomatedSend(
      ctx.db,
      conv,
      {
        template: t ? { name: t.name, language: t.language, headerParameters: [], bodyParameters: [] } : null,
        noTemplateReason: "The 24-hour window is closed and no approved CSAT template is configured (Settings → CSAT).",
        badTemplateReason: (m) => `The 24-hour window is closed and the CSAT template cannot be sent: ${m}`,
      },
      now,
    );
    if (plan.form === "template") form = "template";
    if (!plan.send) reason = plan.reason;
    else if (plan.form === "template") {
      template = plan.template;
      content = plan.templateText ?? content;
    }
  }
  await ctx.db
    .insert(csatSurveys)
    .values({
      resolutionKey: p.resolutionKey,
      conversationId: conv.id,
      channelId: conv.channelId,
      channelType: conv.channelType,
      contactId: conv.contact.id,
      agentId: p.agentId,
      resolvedBy: p.resolvedBy,
      form,
      status: reason ? "skipped" : "pending",
      skipReason: reason,
    })
    .onConflictDoNothing();
  const [survey] = await ctx.db
    .select()
    .from(csatSurveys)
    .where(eq(csatSurveys.resolutionKey, p.resolutionKey))
    .limit(1);
  if (!survey || survey.status !== "pending") return;
  const sent = await recordSurveyMessage(ctx, { conversationId: conv.id, surveyId: survey.id, content, template });
  if (!sent) {
    await ctx.db
      .update(csatSurveys)
      .set({ status: "skipped", skipReason: "The channel is disabled or was removed." })
      .where(and(eq(csatSurveys.id, survey.id), eq(csatSurveys.status, "pending")));
    return;
  }
  const delivery = await getMessageForDelivery(ctx.db, sent.message.id);
  const [asked] = await ctx.db
    .update(csatSurveys)
    .set({
      status: "sent",
      messageId: sent.message.id,
      customerExternalId: delivery?.to ?? null,
      sentAt: now,
      openUntil: new Date(now.getTime() + settings.answerWindowHours * 3600_000),
    })
    .where(and(eq(csatSurveys.id, survey.id), eq(csatSurveys.status, "pending")))
    .returning();
  // The dashboard's coverage (surveyed × answered) counts it (analytics/listeners.ts).
  if (asked) ctx.bus.emit("csat.sent", { survey: toSurvey(asked) });
}

export const csatAskJob = (ctx: AppContext) =>
  defineJob({
    name: "csat.ask",
    schema: askPayload,
    retryLimit: 3,
    retryDelaySeconds: 5,
    expireInSeconds: 60,
    handler: (p) => askForRating(ctx, p),
  });
