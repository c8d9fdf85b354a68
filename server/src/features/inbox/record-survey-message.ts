import type { Conversation, Message, TemplateSend } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { recordAutomatedMessage } from "./record-automated-message";

export interface SurveyMessage {
  conversationId: string;
  surveyId: string;
  /** The question the customer reads (a template's text when `template` is given). */
  content: string;
  template?: TemplateSend;
  /** The thanks after a rating (inviting a comment): plain text, no rating controls. */
  followUp?: boolean;
}

/**
 * The CSAT question (features/csat), sent to the customer of a resolved conversation: an automated
 * message (record-automated-message.ts) carrying `metadata.csat.surveyId`, which the channel renders
 * with its rating controls (the widget's stars, WhatsApp's list, Telegram's keyboard, Instagram's
 * quick replies); the thanks after a rating carries `metadata.csatThanks.surveyId`.
 */
export function recordSurveyMessage(
  ctx: AppContext,
  s: SurveyMessage,
): Promise<{ message: Message; conversation: Conversation } | null> {
  return recordAutomatedMessage(ctx, {
    conversationId: s.conversationId,
    marker: { key: s.followUp ? "csatThanks" : "csat", field: "surveyId", id: s.surveyId },
    content: s.content,
    template: s.template,
    kind: s.followUp ? "text" : "csat",
  });
}
