import type { Conversation, Message, TemplateSend } from "@switchboard/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { deliversByJob, getChannelForReply } from "../channels/catalog";
import { getConversation, getMessage } from "./queries";
import { conversations, messages } from "./schema";

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
 * The CSAT question (features/csat), sent to the customer of a resolved conversation: a public
 * `system` message carrying `metadata.csat.surveyId`, which the channel renders with its rating
 * controls (the widget's stars, WhatsApp's list, Telegram's keyboard, Instagram's quick replies).
 * It changes nothing of the conversation: not its status, preview, waiting time or unread count.
 * Provider channels get it `queued` for the deliver-message job, the widget `sent` (the hub delivers it).
 */
export async function recordSurveyMessage(
  ctx: AppContext,
  s: SurveyMessage,
): Promise<{ message: Message; conversation: Conversation } | null> {
  const [conv] = await ctx.db
    .select({ id: conversations.id, channelId: conversations.channelId })
    .from(conversations)
    .where(eq(conversations.id, s.conversationId))
    .limit(1);
  if (!conv) return null;
  const channel = await getChannelForReply(ctx.db, conv.channelId);
  if (!channel || !channel.enabled || channel.deletedAt) return null;
  const byJob = deliversByJob(channel.type);
  const key = s.followUp ? "csatThanks" : "csat";
  // A retried job after a crash between this insert and the survey's update: the question went once.
  const [already] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conv.id), sql`${messages.metadata}->${key}->>'surveyId' = ${s.surveyId}`))
    .limit(1);
  if (already)
    return {
      message: (await getMessage(ctx.db, already.id))!,
      conversation: (await getConversation(ctx.db, conv.id))!,
    };
  const [row] = await ctx.db
    .insert(messages)
    .values({
      conversationId: conv.id,
      channelId: conv.channelId,
      direction: "outbound",
      senderType: "system",
      senderName: null,
      private: false,
      content: s.content,
      kind: s.template ? "template" : s.followUp ? "text" : "csat",
      metadata: { [key]: { surveyId: s.surveyId }, ...(s.template ? { template: s.template } : {}) },
      status: byJob ? "queued" : "sent",
    })
    .returning({ id: messages.id });
  const message = (await getMessage(ctx.db, row!.id))!;
  const conversation = (await getConversation(ctx.db, conv.id))!;
  ctx.bus.emit("message.created", { message, conversation });
  return { message, conversation };
}
