import type { Notification } from "@switchboard/contracts";
import type { EventBus } from "../../platform/bus";
import type { Db } from "../../platform/db/client";
import type { NewNotification } from "./create-notification";
import { toNotification } from "./queries";
import { notifications } from "./schema";

/**
 * Many notifications in one statement, inside the caller's transaction (a batch of SLA alerts is
 * stamped and notified together, so a crash loses neither half alone). Only for kinds no preference
 * turns off (SLA warnings and breaches); mentions and assignments go through createNotification.
 * Returns what to push after commit (`announceNotifications`).
 */
export type CreatedNotification = { userId: string; notification: Notification };

export async function insertNotifications(db: Db, list: NewNotification[]): Promise<CreatedNotification[]> {
  if (!list.length) return [];
  const rows = await db
    .insert(notifications)
    .values(
      list.map((n) => ({
        userId: n.userId,
        type: n.type,
        conversationId: n.conversationId,
        messageId: n.messageId ?? null,
        actorId: n.actor.id,
        actorName: n.actor.name,
        contactName: n.contactName,
        excerpt: n.excerpt.slice(0, 280),
      })),
    )
    .onConflictDoNothing()
    .returning();
  return rows.map((r) => ({ userId: r.userId, notification: toNotification(r) }));
}

/** After commit: each new notification to its recipient's sockets (every process, through the bus). */
export function announceNotifications(bus: EventBus, created: CreatedNotification[]) {
  for (const c of created) bus.emit("notification.created", c);
}
