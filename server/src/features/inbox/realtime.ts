import { and, eq } from "drizzle-orm";
import type { Client } from "../../platform/realtime/hub";
import type { AppContext } from "../../platform/context";
import { toWidgetMessage } from "../channels/webchat/widget-message";
import { conversations } from "./schema";

/**
 * Realtime audiences. Agents: everyone (visibility rules arrive with teams). Visitors: only their
 * own conversation's public messages. Typing goes to the other side and never back to the typer.
 */
export function registerRealtime(ctx: AppContext) {
  ctx.bus.on("message.created", ({ message, conversation }) => {
    ctx.hub.toAgents({ type: "message.created", message });
    if (!message.private && conversation.channelType === "webchat") {
      ctx.hub.toVisitor(conversation.contact.id, { type: "message.created", message: toWidgetMessage(message) });
    }
  });
  ctx.bus.on("message.updated", ({ message, conversation }) => {
    ctx.hub.toAgents({ type: "message.updated", message });
    if (!message.private && conversation.channelType === "webchat") {
      ctx.hub.toVisitor(conversation.contact.id, { type: "message.updated", message: toWidgetMessage(message) });
    }
  });
  ctx.bus.on("conversation.updated", ({ conversation }) =>
    ctx.hub.toAgents({ type: "conversation.updated", conversation }),
  );
  ctx.bus.on("presence.updated", ({ userId, availability }) =>
    ctx.hub.toAgents({ type: "presence.updated", userId, availability }),
  );
}

/** Typing indicators from sockets. A visitor may only type into its own conversation. */
export async function onClientEvent(
  ctx: AppContext,
  client: Client,
  event: { type: "typing"; conversationId: string; typing: boolean },
) {
  if (client.kind === "agent") {
    const [conv] = await ctx.db
      .select({ contactId: conversations.contactId })
      .from(conversations)
      .where(eq(conversations.id, event.conversationId))
      .limit(1);
    if (!conv) return;
    const actor = { type: "agent" as const, id: client.user.id, name: client.user.name };
    ctx.hub.toAgents(
      { type: "typing", conversationId: event.conversationId, actor, typing: event.typing },
      (u) => u.id !== client.user.id,
    );
    ctx.hub.toVisitor(conv.contactId, {
      type: "typing",
      conversationId: event.conversationId,
      name: client.user.name,
      typing: event.typing,
    });
    return;
  }
  const [conv] = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, event.conversationId), eq(conversations.contactId, client.visitor.contactId)))
    .limit(1);
  if (!conv) return;
  const actor = { type: "customer" as const, id: client.visitor.contactId, name: null };
  ctx.hub.toAgents({ type: "typing", conversationId: event.conversationId, actor, typing: event.typing });
}
