import type { Notification } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { getPreferences } from "./preferences";
import { toNotification } from "./queries";
import { notifications } from "./schema";

export interface NewNotification {
  userId: string;
  type: Notification["type"];
  conversationId: string;
  messageId?: string | null;
  actor: { id: string | null; name: string | null };
  contactName: string | null;
  excerpt: string;
}

/**
 * Creates the notification unless the recipient turned that kind off, then pushes it to their
 * sockets. A note's mention is written once per user (unique index), so a redelivered event or a
 * second process handling it adds nothing.
 */
export async function createNotification(
  ctx: Pick<AppContext, "bus"> & { db: Db },
  n: NewNotification,
): Promise<Notification | null> {
  const prefs = await getPreferences(ctx.db, n.userId);
  if (n.type === "mention" && !prefs.events.mention) return null;
  if (n.type === "assigned" && !prefs.events.assigned) return null;
  const [row] = await ctx.db
    .insert(notifications)
    .values({
      userId: n.userId,
      type: n.type,
      conversationId: n.conversationId,
      messageId: n.messageId ?? null,
      actorId: n.actor.id,
      actorName: n.actor.name,
      contactName: n.contactName,
      excerpt: n.excerpt.slice(0, 280),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  const notification = toNotification(row);
  ctx.bus.emit("notification.created", { userId: n.userId, notification });
  return notification;
}
