import type { Conversation, Message, TemplateSend } from "@switchboard/contracts";
import { toPlainText } from "@switchboard/contracts";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/identity";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { getUser, recordAssignment } from "../agents";
import {
  assertChannelCanSend,
  checkTemplate,
  deliversByJob,
  getChannelForReply,
  replyWindowFor,
} from "../channels/catalog";
import { assignmentEvent } from "./activity";
import { preview } from "./preview";
import { getConversation, getMessage } from "./queries";
import { attachments, conversations, messages } from "./schema";
import { announceSystemEvents, insertSystemEvent, userActor } from "./system-events";

export interface Reply {
  conversationId: string;
  user: SessionUser;
  content: string;
  private: boolean;
  attachmentIds: string[];
  template?: TemplateSend;
  /** User ids @mentioned in a private note (refused on a public reply); stored as `metadata.mentions`. */
  mentions?: string[];
}

/**
 * An agent answers (or writes a private note). Website messages are delivered by the socket hub
 * as soon as this commits, so they are stored as `sent`; provider messages are stored `queued` and
 * delivered by the deliver-message job. Outside the channel's window free text is refused here,
 * with a clear error, instead of being sent for the provider to reject. An unassigned conversation
 * is assigned to the agent who answers it, as Chatwoot and Intercom do.
 */
export async function sendReply(ctx: AppContext, r: Reply): Promise<{ message: Message; conversation: Conversation }> {
  const mentions = await resolveMentions(ctx, r);
  const { id, eventId } = await ctx.db.transaction(async (tx) => {
    const [conv] = await tx
      .select()
      .from(conversations)
      .where(eq(conversations.id, r.conversationId))
      .limit(1)
      .for("update");
    if (!conv) throw notFound("Conversation");
    const channel = await getChannelForReply(tx, conv.channelId);
    const byJob = !r.private && deliversByJob(channel!.type);
    if (byJob && (!channel!.enabled || channel!.deletedAt))
      throw new AppError(
        "channel_unavailable",
        "This channel is disabled or was removed; the customer cannot be reached on it",
      );
    if (r.template && channel!.type !== "whatsapp")
      throw new AppError("validation_failed", "Templates are only for WhatsApp", {
        fieldErrors: { template: ["Templates are only for WhatsApp"] },
        formErrors: [],
      });
    if (byJob && !r.template) {
      const window = replyWindowFor(channel!.type, channel!.settings, conv.lastInboundAt);
      if (!window.open) {
        throw new AppError(
          "reply_window_closed",
          window.templatesOnly
            ? "More than 24 hours have passed since the customer last wrote. Only an approved template can be sent now."
            : "The channel's reply window is closed for this conversation.",
          { closesAt: window.closesAt?.toISOString() ?? null, templatesOnly: window.templatesOnly },
        );
      }
    }
    if (!r.private) {
      const files = r.attachmentIds.length
        ? await tx
            .select({ fileName: attachments.fileName, contentType: attachments.contentType, size: attachments.size })
            .from(attachments)
            .where(
              and(
                inArray(attachments.id, r.attachmentIds),
                isNull(attachments.messageId),
                eq(attachments.uploaderType, "agent"),
              ),
            )
        : [];
      assertChannelCanSend(channel!.type, { content: r.content, files });
    }
    const templateText = r.template ? await checkTemplate(tx, conv.channelId, r.template) : "";
    const [inserted] = await tx
      .insert(messages)
      .values({
        conversationId: conv.id,
        channelId: conv.channelId,
        direction: "outbound",
        senderType: "agent",
        senderId: r.user.id,
        senderName: r.user.name,
        private: r.private,
        content: r.content || templateText,
        kind: r.template ? "template" : "text",
        metadata: {
          ...(r.template ? { template: r.template } : {}),
          ...(mentions.length ? { mentions } : {}),
        },
        status: byJob ? "queued" : "sent",
      })
      .returning({ id: messages.id, createdAt: messages.createdAt });
    if (r.attachmentIds.length) {
      const linked = await tx
        .update(attachments)
        .set({ messageId: inserted!.id })
        .where(
          and(
            inArray(attachments.id, r.attachmentIds),
            isNull(attachments.messageId),
            eq(attachments.uploaderType, "agent"),
            // Only the agent's own uploads: another agent's pending file is not theirs to send.
            eq(attachments.uploaderId, r.user.id),
          ),
        )
        .returning({ id: attachments.id });
      if (linked.length !== r.attachmentIds.length) {
        throw new AppError("validation_failed", "Unknown or already used attachment", {
          fieldErrors: { attachmentIds: ["Unknown or already used attachment"] },
          formErrors: [],
        });
      }
    }
    if (!r.private) {
      const assignNow = !conv.assigneeId;
      await tx
        .update(conversations)
        .set({
          lastMessageAt: inserted!.createdAt,
          // Agents write Markdown: the list shows what it reads as, not its asterisks.
          lastMessagePreview: preview(r.content ? toPlainText(r.content) : templateText, r.attachmentIds.length),
          lastMessageSenderType: "agent",
          lastMessageSenderId: r.user.id,
          lastMessageSenderName: r.user.name,
          contactUnreadCount: sql`${conversations.contactUnreadCount} + 1`,
          waitingSince: null,
          updatedAt: new Date(),
          ...(assignNow ? { assigneeId: r.user.id } : {}),
        })
        .where(eq(conversations.id, conv.id));
      if (assignNow) {
        await recordAssignment(tx, r.user.id);
        const me = { id: r.user.id, name: r.user.name, avatarUrl: null };
        const line = assignmentEvent(null, me, userActor(r.user), "reply")!;
        return { id: inserted!.id, eventId: await insertSystemEvent(tx, conv, line.event, line.text) };
      }
    }
    return { id: inserted!.id, eventId: null };
  });
  const message = (await getMessage(ctx.db, id))!;
  const conversation = (await getConversation(ctx.db, r.conversationId))!;
  ctx.bus.emit("message.created", { message, conversation });
  if (!r.private) ctx.bus.emit("conversation.updated", { conversation });
  if (eventId) await announceSystemEvents(ctx, [eventId]);
  return { message, conversation };
}

/**
 * Mentions are for private notes only (a customer must never see whom we pinged) and name active
 * teammates; each is stored with the name it had, so the note reads the same after a rename.
 */
async function resolveMentions(ctx: AppContext, r: Reply): Promise<{ id: string; name: string }[]> {
  const ids = [...new Set(r.mentions ?? [])];
  if (!ids.length) return [];
  const refuse = (why: string) =>
    new AppError("validation_failed", why, { fieldErrors: { mentions: [why] }, formErrors: [] });
  if (!r.private) throw refuse("Mentions are only allowed in private notes");
  const out: { id: string; name: string }[] = [];
  for (const id of ids) {
    const user = await getUser(ctx.db, id);
    if (!user || user.disabled) throw refuse("No active teammate with that id");
    out.push({ id: user.id, name: user.name });
  }
  return out;
}
