import type { Conversation, Message } from "@switchboard/contracts";
import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { storableJson, storableOrNull, storableText } from "../../platform/storable";
import { attachments, conversations, messages } from "./schema";
import { attachmentPath, getConversation, getMessage, loadMessages } from "./queries";
import { appendInbound } from "./append-inbound";
import { preview } from "./preview";

export interface InboundMessage {
  channelId: string;
  contactId: string;
  identityId: string;
  /** Continue this conversation (must belong to the contact); else the latest unresolved one, else a new one. */
  conversationId?: string;
  content: string;
  attachmentIds?: string[];
  /** Provider message id: a second delivery of the same id is a no-op. */
  externalId?: string;
  senderName?: string | null;
  /** Who uploaded the attachments, to stop one visitor attaching another's files. */
  uploaderId?: string;
  /** How to render it (text, media, location, unsupported…) and channel details. */
  kind?: string;
  metadata?: Record<string, unknown>;
}

/**
 * A customer message enters the inbox: find or open the conversation, insert the message once,
 * bump counters; then announce it. Returns `duplicate: true` when the external id was seen before.
 */
export async function ingestInbound(
  ctx: AppContext,
  raw: InboundMessage,
): Promise<{ message: Message; conversation: Conversation; duplicate: boolean }> {
  // Provider text is untrusted: PostgreSQL refuses NUL (and jsonb lone surrogates), so they never reach a row.
  const m: InboundMessage = {
    ...raw,
    content: storableText(raw.content),
    senderName: storableOrNull(raw.senderName),
    ...(raw.metadata ? { metadata: storableJson(raw.metadata) as Record<string, unknown> } : {}),
  };
  if (!m.conversationId && !m.attachmentIds?.length) {
    const appended = await appendInbound(ctx, m);
    if (appended) return appended;
  }
  const result = await ctx.db.transaction(async (tx) => {
    let conversation = m.conversationId
      ? (
          await tx
            .select()
            .from(conversations)
            .where(
              and(
                eq(conversations.id, m.conversationId),
                eq(conversations.contactId, m.contactId),
                eq(conversations.channelId, m.channelId),
              ),
            )
            .limit(1)
        )[0]
      : (
          await tx
            .select()
            .from(conversations)
            .where(and(eq(conversations.identityId, m.identityId), ne(conversations.status, "resolved")))
            .orderBy(desc(conversations.lastMessageAt))
            .limit(1)
        )[0];
    if (m.conversationId && !conversation) throw new AppError("not_found", "Conversation not found");
    const opened = !conversation;
    if (!conversation) {
      [conversation] = await tx
        .insert(conversations)
        .values({
          channelId: m.channelId,
          contactId: m.contactId,
          identityId: m.identityId,
          status: "open",
          waitingSince: new Date(),
        })
        .returning();
    }
    const conv = conversation!;
    const [inserted] = await tx
      .insert(messages)
      .values({
        conversationId: conv.id,
        channelId: m.channelId,
        direction: "inbound",
        senderType: "customer",
        senderId: m.contactId,
        senderName: m.senderName ?? null,
        content: m.content,
        kind: m.kind ?? "text",
        metadata: m.metadata ?? {},
        externalId: m.externalId ?? null,
        status: "sent",
        // Strictly after the conversation's last message: timestamps have millisecond precision, and
        // two messages of one delivery stored within the same millisecond would otherwise be shown
        // in random (id) order.
        createdAt: sql`greatest(now(), ${conv.lastMessageAt.toISOString()}::timestamptz + interval '1 millisecond')`,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.channelId, m.channelId), eq(messages.externalId, m.externalId ?? "")))
        .limit(1);
      return { messageId: existing!.id, conversationId: conv.id, duplicate: true };
    }
    if (m.attachmentIds?.length) {
      const linked = await tx
        .update(attachments)
        .set({ messageId: inserted.id })
        .where(
          and(
            inArray(attachments.id, m.attachmentIds),
            isNull(attachments.messageId),
            eq(attachments.uploaderId, m.uploaderId ?? ""),
          ),
        )
        .returning({ id: attachments.id });
      if (linked.length !== m.attachmentIds.length)
        throw new AppError("validation_failed", "Unknown or already used attachment", {
          fieldErrors: { attachmentIds: ["Unknown or already used attachment"] },
        });
    }
    await tx
      .update(conversations)
      .set({
        lastMessageAt: inserted.createdAt,
        lastInboundAt: inserted.createdAt,
        lastMessagePreview: preview(m.content, m.attachmentIds?.length ?? (m.kind === "media" ? 1 : 0)),
        ...{ lastMessageSenderType: null, lastMessageSenderId: null, lastMessageSenderName: null }, // i7-labels: the customer spoke last
        agentUnreadCount: sql`${conversations.agentUnreadCount} + 1`,
        waitingSince: sql`coalesce(${conversations.waitingSince}, ${inserted.createdAt.toISOString()}::timestamptz)`,
        // A customer writing again wakes a snoozed or resolved conversation.
        status: "open",
        snoozedUntil: null,
        updatedAt: new Date(),
      })
      .where(eq(conversations.id, conv.id));
    return { messageId: inserted.id, conversationId: conv.id, duplicate: false, row: inserted, opened };
  });
  // A new message without attachments is fully known from its INSERT: no read-back (the webhook
  // drain's hot path). A customer message has no agent avatar to join.
  const message =
    result.row && !m.attachmentIds?.length
      ? (await loadMessages(ctx.db, [{ m: result.row, senderAvatar: null }], attachmentPath, []))[0]!
      : (await getMessage(ctx.db, result.messageId))!;
  const conversation = (await getConversation(ctx.db, result.conversationId))!;
  if (!result.duplicate) {
    if (result.opened) ctx.bus.emit("conversation.created", { conversation });
    ctx.bus.emit("message.created", { message, conversation });
    ctx.bus.emit("conversation.updated", { conversation });
  }
  return { message, conversation, duplicate: result.duplicate };
}
