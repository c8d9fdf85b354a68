import { and, eq } from "drizzle-orm";
import type { Client } from "../../platform/realtime/hub";
import type { AppContext } from "../../platform/context";
import { scopeAllows, targetOf } from "../agents";
import { toWidgetMessage } from "../channels/catalog";
import { audienceFor } from "./realtime-audience";
import { conversations } from "./schema";

/**
 * Realtime audiences. Agents: only the conversations they may see (agents/visibility.ts; the
 * audience and its scope cache are in realtime-audience.ts). Visitors: only their own
 * conversation's public messages. Typing goes to the other side and never back to the typer.
 * `onEveryProcess`: the audience is decided where the sockets are, in every process, for events
 * committed in any process (PostgreSQL LISTEN/NOTIFY carries them; see platform/realtime/relay.ts).
 */
export function registerRealtime(ctx: AppContext) {
  const audience = audienceFor(ctx);
  ctx.bus.onEveryProcess("message.created", ({ message, conversation }) => {
    audience.send(targetOf(conversation), { type: "message.created", message });
    if (!message.private && conversation.channelType === "webchat") {
      ctx.hub.toVisitor(conversation.contact.id, { type: "message.created", message: toWidgetMessage(message) });
    }
  });
  ctx.bus.onEveryProcess("message.updated", ({ message, conversation }) => {
    audience.send(targetOf(conversation), { type: "message.updated", message });
    if (!message.private && conversation.channelType === "webchat") {
      ctx.hub.toVisitor(conversation.contact.id, { type: "message.updated", message: toWidgetMessage(message) });
    }
  });
  ctx.bus.onEveryProcess("conversation.updated", ({ conversation, previous }) =>
    audience.updated(conversation, previous),
  );
  ctx.bus.onEveryProcess("presence.updated", ({ userId, availability }) =>
    ctx.hub.toAgents({ type: "presence.updated", userId, availability }),
  );
  ctx.bus.onEveryProcess("typing.changed", ({ conversationId, contactId, actor, typing, target }) => {
    audience.send(
      target,
      { type: "typing", conversationId, actor, typing },
      actor.type === "agent" ? actor.id : undefined,
    );
    if (actor.type === "agent")
      ctx.hub.toVisitor(contactId, { type: "typing", conversationId, name: actor.name, typing });
  });
  // Scope changes, heard in every process (the relay carries them), so no process keeps a stale scope.
  ctx.bus.onEveryProcess("visibility.changed", ({ userId }) => audience.userChanged(userId));
  ctx.bus.onEveryProcess("routing.changed", ({ cause }) => {
    if (cause === "team") audience.teamsChanged();
  });
}

/** Typing indicators from sockets. A visitor may only type into its own conversation, an agent into one they see. */
export async function onClientEvent(
  ctx: AppContext,
  client: Client,
  event: { type: "typing"; conversationId: string; typing: boolean },
) {
  const columns = {
    contactId: conversations.contactId,
    assigneeId: conversations.assigneeId,
    teamId: conversations.teamId,
    channelId: conversations.channelId,
  };
  if (client.kind === "agent") {
    const [conv] = await ctx.db
      .select(columns)
      .from(conversations)
      .where(eq(conversations.id, event.conversationId))
      .limit(1);
    if (!conv) return;
    const { contactId, ...target } = conv;
    const scope = await audienceFor(ctx).scopeOf(client.user.id);
    if (!scope || !scopeAllows(scope, target)) return;
    const actor = { type: "agent" as const, id: client.user.id, name: client.user.name };
    ctx.bus.emit("typing.changed", {
      conversationId: event.conversationId,
      contactId,
      actor,
      typing: event.typing,
      target,
    });
    return;
  }
  const [conv] = await ctx.db
    .select(columns)
    .from(conversations)
    .where(and(eq(conversations.id, event.conversationId), eq(conversations.contactId, client.visitor.contactId)))
    .limit(1);
  if (!conv) return;
  const { contactId: _c, ...target } = conv;
  const actor = { type: "customer" as const, id: client.visitor.contactId, name: null };
  ctx.bus.emit("typing.changed", {
    conversationId: event.conversationId,
    contactId: client.visitor.contactId,
    actor,
    typing: event.typing,
    target,
  });
}
