import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { recordSurveyMessage } from "../inbox";
import { type CsatSurveyRow, csatSurveys } from "./schema";
import { loadCsatSettings } from "./settings";
import { toSurvey } from "./views";

/** After a rating, a follow-up message within this time is its comment (the thanks message invites it). */
export const COMMENT_WINDOW_MS = 10 * 60_000;

export interface Answer {
  rating: number;
  comment: string | null;
  /** The provider id of the customer's message or tap (recognised when redelivered). */
  externalId: string | null;
  now: Date;
  /** Send the thanks message inviting a comment (provider channels; the widget has its own box). */
  thank: boolean;
}

const appendId = (id: string | null) =>
  id ? sql`${csatSurveys.answerExternalIds} || ${JSON.stringify([id])}::jsonb` : csatSurveys.answerExternalIds;

/**
 * The first answer of a sent survey (a later tap changes nothing: the survey was answered). One
 * conditional UPDATE, so two deliveries of the same tap record it once; csat.answered after commit.
 */
export async function recordRating(ctx: AppContext, survey: CsatSurveyRow, a: Answer): Promise<CsatSurveyRow | null> {
  const [row] = await ctx.db
    .update(csatSurveys)
    .set({
      status: "answered",
      rating: a.rating,
      comment: a.comment,
      answeredAt: a.now,
      answerExternalIds: appendId(a.externalId),
      openUntil: new Date(a.now.getTime() + COMMENT_WINDOW_MS),
    })
    .where(and(eq(csatSurveys.id, survey.id), eq(csatSurveys.status, "sent")))
    .returning();
  if (!row) return null;
  ctx.bus.emit("csat.answered", { kind: "rating", survey: toSurvey(row) });
  if (a.thank && !a.comment) {
    const settings = await loadCsatSettings(ctx.db);
    await recordSurveyMessage(ctx, {
      conversationId: row.conversationId,
      surveyId: row.id,
      content: settings.thanks,
      followUp: true,
    });
  }
  return row;
}

/** The comment that follows a rating (once, within the comment window). */
export async function recordComment(
  ctx: AppContext,
  survey: CsatSurveyRow,
  comment: string,
  externalId: string | null,
  now: Date,
  /** The widget's comment box may follow the stars at any time; a channel message only within the window. */
  anyTime = false,
): Promise<CsatSurveyRow | null> {
  const [row] = await ctx.db
    .update(csatSurveys)
    .set({ comment: comment.slice(0, 2000), answerExternalIds: appendId(externalId), openUntil: now })
    .where(
      and(
        eq(csatSurveys.id, survey.id),
        eq(csatSurveys.status, "answered"),
        isNull(csatSurveys.comment),
        anyTime ? undefined : gt(csatSurveys.openUntil, now),
      ),
    )
    .returning();
  if (row) ctx.bus.emit("csat.answered", { kind: "comment", survey: toSurvey(row) });
  return row ?? null;
}
