import type { Conversation } from "@switchboard/contracts";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { getConversation, getMessage } from "./queries";
import { conversations, messages } from "./schema";

/**
 * One side has seen the other's messages: zero the unread counter and mark the other side's
 * messages `read` (the widget shows "Seen", the console shows blue ticks).
 */
export async function markRead(
  ctx: AppContext,
  conversationId: string,
  by: "agent" | "contact",
): Promise<Conversation> {
  const changedIds = await ctx.db.transaction(async (tx) => {
    const [conv] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.id, conversationId))
      .limit(1);
    if (!conv) throw notFound("Conversation");
    await tx
      .update(conversations)
      .set(by === "agent" ? { agentUnreadCount: 0 } : { contactUnreadCount: 0 })
      .where(eq(conversations.id, conversationId));
    const changed = await tx
      .update(messages)
      .set({ status: "read", updatedAt: new Date() })
      .where(
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.direction, by === "agent" ? "inbound" : "outbound"),
          eq(messages.private, false),
          inArray(messages.status, ["sent", "delivered"]),
          ne(messages.senderType, "system"),
        ),
      )
      .returning({ id: messages.id });
    return changed.map((c) => c.id);
  });
  const conversation = (await getConversation(ctx.db, conversationId))!;
  // Bounded: a long unread streak is rare; each update is one small event.
  for (const id of changedIds.slice(-50)) {
    const message = await getMessage(ctx.db, id);
    if (message) ctx.bus.emit("message.updated", { message, conversation });
  }
  ctx.bus.emit("conversation.updated", { conversation });
  return conversation;
}
