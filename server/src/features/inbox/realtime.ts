import { and, eq } from "drizzle-orm";
import type { Client } from "../../platform/realtime/hub";
import type { AppContext } from "../../platform/context";
import { toWidgetMessage } from "../channels/catalog";
import { conversations } from "./schema";

/**
 * Realtime audiences. Agents: everyone (visibility rules arrive with teams). Visitors: only their
 * own conversation's public messages. Typing goes to the other side and never back to the typer.
 * `onEveryProcess`: the audience is decided where the sockets are, in every process, for events
 * committed in any process (PostgreSQL LISTEN/NOTIFY carries them; see platform/realtime/relay.ts).
 */
export function registerRealtime(ctx: AppContext) {
  ctx.bus.onEveryProcess("message.created", ({ message, conversation }) => {
    ctx.hub.toAgents({ type: "message.created", message });
    if (!message.private && conversation.channelType === "webchat") {
      ctx.hub.toVisitor(conversation.contact.id, { type: "message.created", message: toWidgetMessage(message) });
    }
  });
  ctx.bus.onEveryProcess("message.updated", ({ message, conversation }) => {
    ctx.hub.toAgents({ type: "message.updated", message });
    if (!message.private && conversation.channelType === "webchat") {
      ctx.hub.toVisitor(conversation.contact.id, { type: "message.updated", message: toWidgetMessage(message) });
    }
  });
  ctx.bus.onEveryProcess("conversation.updated", ({ conversation }) =>
    ctx.hub.toAgents({ type: "conversation.updated", conversation }),
  );
  ctx.bus.onEveryProcess("presence.updated", ({ userId, availability }) =>
    ctx.hub.toAgents({ type: "presence.updated", userId, availability }),
  );
  ctx.bus.onEveryProcess("typing.changed", ({ conversationId, contactId, actor, typing }) => {
    ctx.hub.toAgents(
      { type: "typing", conversationId, actor, typing },
      (u) => actor.type !== "agent" || u.id !== actor.id,
    );
    if (actor.type === "agent")
      ctx.hub.toVisitor(contactId, { type: "typing", conversationId, name: actor.name, typing });
  });
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
    ctx.bus.emit("typing.changed", {
      conversationId: event.conversationId,
      contactId: conv.contactId,
      actor,
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
  ctx.bus.emit("typing.changed", {
    conversationId: event.conversationId,
    contactId: client.visitor.contactId,
    actor,
    typing: event.typing,
  });
}
