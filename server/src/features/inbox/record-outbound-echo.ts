import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { storableText } from "../../platform/storable";
import { getConversation, getMessage } from "./queries";
import { preview } from "./preview";
import { conversations, messages } from "./schema";

/**
 * The provider tells us about a message our business account sent. If it is one of ours, nothing
 * happens (no duplicate). If an agent wrote it from the provider's own app, it joins the thread as
 * an outgoing message; its files (`mediaCount`) follow like an inbound message's (the caller queues
 * their download for the returned message id; `pendingMedia` shows they are on their way).
 */
export async function recordOutboundEcho(
  ctx: AppContext,
  raw: {
    channelId: string;
    contactId: string;
    identityId: string;
    externalId: string;
    text: string;
    appName: string;
    mediaCount?: number;
  },
): Promise<{ result: "known" | "matched" | "no-conversation" } | { result: "recorded"; messageId: string }> {
  const p = { ...raw, text: storableText(raw.text) };
  const mediaCount = p.mediaCount ?? 0;
  const [known] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.channelId, p.channelId), eq(messages.externalId, p.externalId)))
    .limit(1);
  if (known) return { result: "known" };
  const [conv] = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.identityId, p.identityId))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(1);
  if (!conv) return { result: "no-conversation" };
  // The echo can overtake our own send's answer: claim a recent outgoing message of ours with the same text.
  const [ours] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conv.id),
        eq(messages.direction, "outbound"),
        isNull(messages.externalId),
        eq(messages.content, p.text),
        gt(messages.createdAt, new Date(Date.now() - 10 * 60_000)),
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(1);
  if (ours) {
    await ctx.db.update(messages).set({ externalId: p.externalId }).where(eq(messages.id, ours.id));
    return { result: "matched" };
  }
  const [row] = await ctx.db
    .insert(messages)
    .values({
      conversationId: conv.id,
      channelId: p.channelId,
      direction: "outbound",
      senderType: "agent",
      senderName: p.appName,
      content: p.text,
      externalId: p.externalId,
      status: "sent",
      kind: mediaCount ? "media" : "text",
      metadata: { sentFrom: p.appName, ...(mediaCount ? { pendingMedia: mediaCount } : {}) },
    })
    .onConflictDoNothing()
    .returning({ id: messages.id, createdAt: messages.createdAt });
  if (!row) return { result: "known" };
  await ctx.db
    .update(conversations)
    .set({
      lastMessageAt: row.createdAt,
      lastMessagePreview: preview(p.text, mediaCount),
      // Sent from the provider's own app: an agent of ours, but not one we can name beyond the app.
      lastMessageSenderType: "agent",
      lastMessageSenderId: null,
      lastMessageSenderName: p.appName,
      updatedAt: new Date(),
    })
    .where(eq(conversations.id, conv.id));
  const message = (await getMessage(ctx.db, row.id))!;
  const conversation = (await getConversation(ctx.db, conv.id))!;
  ctx.bus.emit("message.created", { message, conversation });
  ctx.bus.emit("conversation.updated", { conversation });
  return { result: "recorded", messageId: row.id };
}
