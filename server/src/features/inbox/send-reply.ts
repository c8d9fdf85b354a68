import type { Conversation, Message } from "@switchboard/contracts";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { users } from "../agents/schema";
import { attachments, conversations, messages } from "./schema";
import { getConversation, getMessage } from "./queries";
import { preview } from "./preview";

export interface Reply {
  conversationId: string;
  user: SessionUser;
  content: string;
  private: boolean;
  attachmentIds: string[];
}

/**
 * An agent answers (or writes a private note). Website messages are delivered by the socket hub
 * as soon as this commits, so they are stored as `sent`. An unassigned conversation is assigned to
 * the agent who answers it, as Chatwoot and Intercom do.
 */
export async function sendReply(ctx: AppContext, r: Reply): Promise<{ message: Message; conversation: Conversation }> {
  const id = await ctx.db.transaction(async (tx) => {
    const [conv] = await tx
      .select()
      .from(conversations)
      .where(eq(conversations.id, r.conversationId))
      .limit(1)
      .for("update");
    if (!conv) throw notFound("Conversation");
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
        content: r.content,
        status: "sent",
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
          lastMessagePreview: preview(r.content, r.attachmentIds.length),
          contactUnreadCount: sql`${conversations.contactUnreadCount} + 1`,
          waitingSince: null,
          updatedAt: new Date(),
          ...(assignNow ? { assigneeId: r.user.id } : {}),
        })
        .where(eq(conversations.id, conv.id));
      if (assignNow) await tx.update(users).set({ lastAssignedAt: new Date() }).where(eq(users.id, r.user.id));
    }
    return inserted!.id;
  });
  const message = (await getMessage(ctx.db, id))!;
  const conversation = (await getConversation(ctx.db, r.conversationId))!;
  ctx.bus.emit("message.created", { message, conversation });
  if (!r.private) ctx.bus.emit("conversation.updated", { conversation });
  return { message, conversation };
}
