import type { Conversation, Message, TemplateSend } from "@switchboard/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { deliversByJob, getChannelForReply } from "../channels/catalog";
import { getConversation, getMessage } from "./queries";
import { conversations, messages } from "./schema";

export interface AutomatedMessage {
  conversationId: string;
  /**
   * What the message is about, kept as `metadata[key][field] = id` (e.g. csat.surveyId,
   * ticketNotice.noticeId): a retried job finds the message it already wrote and writes no second one.
   */
  marker: { key: string; field: string; id: string };
  /** What the customer reads (a template's text when `template` is given). */
  content: string;
  template?: TemplateSend;
  /** The message kind when no template is sent (text; csat for a survey with rating controls). */
  kind?: string;
  /** Marked `metadata.automated`: no SLA reply clock counts it as a human reply (sla/reply-kind.ts). */
  automated?: boolean;
}

/**
 * A public `system` message to the customer that no person wrote (a CSAT question, a ticket status
 * notice). It changes nothing of the conversation: not its status, preview, waiting time or unread
 * count. Provider channels get it `queued` for the deliver-message job, the widget `sent` (the hub
 * delivers it). Null when the channel is disabled or removed (or the conversation is gone).
 */
export async function recordAutomatedMessage(
  ctx: AppContext,
  a: AutomatedMessage,
): Promise<{ message: Message; conversation: Conversation } | null> {
  const [conv] = await ctx.db
    .select({ id: conversations.id, channelId: conversations.channelId })
    .from(conversations)
    .where(eq(conversations.id, a.conversationId))
    .limit(1);
  if (!conv) return null;
  const channel = await getChannelForReply(ctx.db, conv.channelId);
  if (!channel || !channel.enabled || channel.deletedAt) return null;
  const { key, field, id } = a.marker;
  // A retried job after a crash between this insert and its own bookkeeping: the message went once.
  const [already] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.conversationId, conv.id), sql`${messages.metadata}->${key}->>${field} = ${id}`))
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
      content: a.content,
      kind: a.template ? "template" : (a.kind ?? "text"),
      metadata: {
        [key]: { [field]: id },
        ...(a.template ? { template: a.template } : {}),
        ...(a.automated ? { automated: true } : {}),
      },
      status: deliversByJob(channel.type) ? "queued" : "sent",
    })
    .returning({ id: messages.id });
  const message = (await getMessage(ctx.db, row!.id))!;
  const conversation = (await getConversation(ctx.db, conv.id))!;
  ctx.bus.emit("message.created", { message, conversation });
  return { message, conversation };
}
