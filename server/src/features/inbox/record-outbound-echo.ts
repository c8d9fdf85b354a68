import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { getConversation, getMessage } from "./queries";
import { preview } from "./preview";
import { conversations, messages } from "./schema";

/**
 * The provider tells us about a message our business account sent. If it is one of ours, nothing
 * happens (no duplicate). If an agent wrote it from the provider's own app, it joins the thread as
 * an outgoing message.
 */
export async function recordOutboundEcho(
  ctx: AppContext,
  p: { channelId: string; contactId: string; identityId: string; externalId: string; text: string; appName: string },
): Promise<"known" | "matched" | "recorded" | "no-conversation"> {
  const [known] = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.channelId, p.channelId), eq(messages.externalId, p.externalId)))
    .limit(1);
  if (known) return "known";
  const [conv] = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.identityId, p.identityId))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(1);
  if (!conv) return "no-conversation";
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
    return "matched";
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
      metadata: { sentFrom: p.appName },
    })
    .onConflictDoNothing()
    .returning({ id: messages.id, createdAt: messages.createdAt });
  if (!row) return "known";
  await ctx.db
    .update(conversations)
    .set({ lastMessageAt: row.createdAt, lastMessagePreview: preview(p.text, 0), updatedAt: new Date() })
    .where(eq(conversations.id, conv.id));
  const message = (await getMessage(ctx.db, row.id))!;
  const conversation = (await getConversation(ctx.db, conv.id))!;
  ctx.bus.emit("message.created", { message, conversation });
  ctx.bus.emit("conversation.updated", { conversation });
  return "recorded";
}
