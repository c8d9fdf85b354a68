import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { getConversation, getMessage } from "./queries";
import { conversations, messages } from "./schema";

/** The customer edited or deleted a message on their side: the thread follows, the record stays. */
export async function editInbound(
  ctx: AppContext,
  p: { channelId: string; externalId: string; text?: string; deleted?: boolean },
) {
  const [row] = await ctx.db
    .update(messages)
    .set(
      p.deleted
        ? { metadata: sql`${messages.metadata} || '{"deleted": true}'::jsonb`, updatedAt: new Date() }
        : {
            content: p.text ?? "",
            metadata: sql`${messages.metadata} || '{"edited": true}'::jsonb`,
            updatedAt: new Date(),
          },
    )
    .where(
      and(
        eq(messages.channelId, p.channelId),
        eq(messages.externalId, p.externalId),
        eq(messages.direction, "inbound"),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  if (!row) return false;
  const message = await getMessage(ctx.db, row.id);
  const conversation = await getConversation(ctx.db, row.conversationId);
  if (message && conversation) ctx.bus.emit("message.updated", { message, conversation });
  return true;
}

/** The customer read our messages up to a moment (Instagram read receipts). */
export async function markReadByCustomer(ctx: AppContext, p: { identityId: string; upTo: Date }) {
  const convs = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.identityId, p.identityId));
  if (!convs.length) return 0;
  const changed = await ctx.db
    .update(messages)
    .set({ status: "read", updatedAt: new Date() })
    .where(
      and(
        inArray(
          messages.conversationId,
          convs.map((c) => c.id),
        ),
        eq(messages.direction, "outbound"),
        inArray(messages.status, ["sent", "delivered"]),
        lte(messages.createdAt, p.upTo),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  for (const c of changed.slice(-50)) {
    const message = await getMessage(ctx.db, c.id);
    const conversation = await getConversation(ctx.db, c.conversationId);
    if (message && conversation) ctx.bus.emit("message.updated", { message, conversation });
  }
  return changed.length;
}
