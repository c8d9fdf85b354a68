import type { AppContext } from "../../platform/context";
import { scopeAllows, targetOf, visibilityScopes } from "../agents";
import { createNotification } from "./create-notification";

/*
 * Notifications follow the inbox's events (after commit, once, in the committing process), so the
 * inbox needs to know nothing about them; the push to the recipient's sockets runs in every process.
 */
export function registerNotificationListeners(ctx: AppContext) {
  ctx.bus.on("message.created", async ({ message, conversation }) => {
    const mentions = message.metadata.mentions;
    if (!message.private || message.senderType !== "agent" || !Array.isArray(mentions)) return;
    const mentioned = (mentions as { id: string; name: string }[]).filter((m) => m.id !== message.sender.id);
    // Someone who may not see the conversation is not notified: the notification would name the
    // customer and quote the note, and opening it would answer 404.
    const scopes = await visibilityScopes(
      ctx.db,
      mentioned.map((m) => m.id),
    );
    const target = targetOf(conversation);
    for (const m of mentioned) {
      const scope = scopes.get(m.id);
      if (!scope || !scopeAllows(scope, target)) continue;
      await createNotification(ctx, {
        userId: m.id,
        type: "mention",
        conversationId: conversation.id,
        messageId: message.id,
        actor: { id: message.sender.id, name: message.sender.name },
        contactName: conversation.contact.name ?? conversation.contact.email ?? conversation.contact.phone,
        excerpt: message.content,
      });
    }
  });

  // Assigned to me by someone else (the activity line in the thread says who). Taking a conversation
  // yourself, or by replying, notifies nobody.
  ctx.bus.on("message.created", async ({ message, conversation }) => {
    const event = message.metadata.event as
      | {
          type?: string;
          actor?: { type?: string; id?: string | null; name?: string | null };
          assignee?: { id: string };
        }
      | undefined;
    if (message.senderType !== "system" || event?.type !== "assigned" || !event.assignee) return;
    if (event.actor?.type === "user" && event.actor.id === event.assignee.id) return;
    await createNotification(ctx, {
      userId: event.assignee.id,
      type: "assigned",
      conversationId: conversation.id,
      actor: { id: event.actor?.id ?? null, name: event.actor?.name ?? null },
      contactName: conversation.contact.name ?? conversation.contact.email ?? conversation.contact.phone,
      excerpt: conversation.lastMessagePreview,
    });
  });

  ctx.bus.onEveryProcess("notification.created", ({ userId, notification }) =>
    ctx.hub.toUser(userId, { type: "notification.created", notification }),
  );
}
