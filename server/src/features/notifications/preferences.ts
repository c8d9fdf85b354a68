import type { NotificationPreferences } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { notificationPreferences } from "./schema";

type Row = typeof notificationPreferences.$inferSelect;

export const defaultPreferences: NotificationPreferences = {
  sound: true,
  desktop: true,
  events: { newConversation: true, assigned: true, mention: true, newMessage: true },
};

function toPreferences(r: Row | undefined): NotificationPreferences {
  if (!r) return defaultPreferences;
  return {
    sound: r.sound,
    desktop: r.desktop,
    events: { newConversation: r.newConversation, assigned: r.assigned, mention: r.mention, newMessage: r.newMessage },
  };
}

export async function getPreferences(db: Db, userId: string): Promise<NotificationPreferences> {
  const [row] = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
    .limit(1);
  return toPreferences(row);
}

export interface PreferencesChange {
  sound?: boolean;
  desktop?: boolean;
  events?: Partial<NotificationPreferences["events"]>;
}

/** A partial change, as one UPSERT (two tabs saving different switches both win). */
export async function updatePreferences(
  db: Db,
  userId: string,
  c: PreferencesChange,
): Promise<NotificationPreferences> {
  const set = {
    ...(c.sound !== undefined ? { sound: c.sound } : {}),
    ...(c.desktop !== undefined ? { desktop: c.desktop } : {}),
    ...(c.events?.newConversation !== undefined ? { newConversation: c.events.newConversation } : {}),
    ...(c.events?.assigned !== undefined ? { assigned: c.events.assigned } : {}),
    ...(c.events?.mention !== undefined ? { mention: c.events.mention } : {}),
    ...(c.events?.newMessage !== undefined ? { newMessage: c.events.newMessage } : {}),
  };
  const [row] = await db
    .insert(notificationPreferences)
    .values({ userId, ...set })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: { ...set, updatedAt: new Date() } })
    .returning();
  return toPreferences(row);
}
