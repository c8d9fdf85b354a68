import { parseCsatText } from "@switchboard/contracts";
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { type InboundMessageEvent, parseSurveyButtonId, type SurveyAnswers, type SurveyTapEvent } from "../channels";
import { recordComment, recordRating } from "./record-answer";
import { type CsatSurveyRow, csatSurveys } from "./schema";

const THANKS_TAP = "Thanks for your rating!";

/** Our button id carried by a quick reply (Instagram) or an interactive reply (WhatsApp), if any. */
function tappedButton(e: InboundMessageEvent) {
  const m = e.metadata as { quickReply?: unknown; interactive?: { id?: unknown } };
  return parseSurveyButtonId(m.quickReply) ?? parseSurveyButtonId(m.interactive?.id);
}

/**
 * Which of a round's customer messages answer an open survey (one read for the round): a rating as
 * text ("4", "4 - great", "★★★★") or a tapped quick reply to a survey sent to that customer on this
 * channel, then one comment within the comment window. Claimed messages never reach the inbox.
 */
async function claim(
  ctx: AppContext,
  channel: { id: string; type: string },
  events: InboundMessageEvent[],
  now = new Date(),
): Promise<Set<string>> {
  const customers = [...new Set(events.map((e) => e.from.externalId))];
  const open = await ctx.db
    .select()
    .from(csatSurveys)
    .where(
      and(
        eq(csatSurveys.channelId, channel.id),
        inArray(csatSurveys.customerExternalId, customers),
        inArray(csatSurveys.status, ["sent", "answered"]),
        gt(csatSurveys.openUntil, now),
      ),
    )
    .orderBy(desc(csatSurveys.sentAt));
  const claimed = new Set<string>();
  if (!open.length) return claimed;
  const latest = new Map<string, CsatSurveyRow>();
  for (const s of open) if (!latest.has(s.customerExternalId!)) latest.set(s.customerExternalId!, s);
  for (const e of events) {
    const survey = latest.get(e.from.externalId);
    if (!survey) continue;
    if (survey.answerExternalIds.includes(e.externalId)) {
      claimed.add(e.externalId); // a redelivery of an answer already recorded
      continue;
    }
    if (survey.status === "sent") {
      const tap = tappedButton(e);
      const parsed = tap && tap.surveyId === survey.id ? { rating: tap.rating, comment: null } : parseCsatText(e.text);
      if (!parsed) continue;
      const row = await recordRating(ctx, survey, { ...parsed, externalId: e.externalId, now, thank: true });
      if (row) latest.set(e.from.externalId, row);
      claimed.add(e.externalId);
    } else if (!survey.comment && e.text.trim()) {
      const row = await recordComment(ctx, survey, e.text.trim(), e.externalId, now);
      if (row) {
        latest.set(e.from.externalId, row);
        claimed.add(e.externalId);
      }
    }
  }
  return claimed;
}

/** A tap on a survey button (Telegram's keyboard, WhatsApp's list): counts only from the survey's recipient on its channel. */
async function tap(ctx: AppContext, channel: { id: string; type: string }, e: SurveyTapEvent): Promise<string | null> {
  const [survey] = await ctx.db.select().from(csatSurveys).where(eq(csatSurveys.id, e.surveyId)).limit(1);
  if (!survey || survey.channelId !== channel.id || survey.customerExternalId !== e.customerExternalId) return null;
  if (survey.status === "sent")
    await recordRating(ctx, survey, {
      rating: e.rating,
      comment: null,
      externalId: null,
      now: new Date(),
      thank: true,
    });
  return THANKS_TAP;
}

export const surveyAnswers: SurveyAnswers = {
  claim: (ctx, channel, messages) => claim(ctx, channel, messages),
  tap,
};
