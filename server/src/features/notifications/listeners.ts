import type { AppContext } from "../../platform/context";
import { createNotification } from "./create-notification";

/*
 * Notifications follow the inbox's events (after commit, once, in the committing process), so the
 * inbox needs to know nothing about them; the push to the recipient's sockets runs in every process.
 */
export function registerNotificationListeners(ctx: AppContext) {
  ctx.bus.on("message.created", async ({ message, conversation }) => {
    const mentions = message.metadata.mentions;
    if (!message.private || message.senderType !== "agent" || !Array.isArray(mentions)) return;
    for (const m of mentions as { id: string; name: string }[]) {
      if (m.id === message.sender.id) continue; // mentioning yourself is no news
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
