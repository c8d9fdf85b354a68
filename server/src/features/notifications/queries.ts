import type { Notification, NotificationType } from "@switchboard/contracts";
import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { notifications } from "./schema";

type Row = typeof notifications.$inferSelect;

export function toNotification(r: Row): Notification {
  return {
    id: r.id,
    type: r.type,
    conversationId: r.conversationId,
    messageId: r.messageId,
    actor: { id: r.actorId, name: r.actorName },
    contactName: r.contactName,
    excerpt: r.excerpt,
    readAt: r.readAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Cursor: (read?, created_at, id) of the last row, in the list's order (unread first, newest first). */
function encode(r: Row): string {
  return Buffer.from(JSON.stringify([r.readAt ? 1 : 0, r.createdAt.toISOString(), r.id])).toString("base64url");
}
function decode(c: string): [number, Date, string] {
  try {
    const [read, at, id] = JSON.parse(Buffer.from(c, "base64url").toString()) as [number, string, string];
    const date = new Date(at);
    if ((read !== 0 && read !== 1) || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error();
    return [read, date, id];
  } catch {
    throw new AppError("validation_failed", "Bad cursor", { fieldErrors: { cursor: ["Bad cursor"] }, formErrors: [] });
  }
}

export async function unreadCount(db: Db, userId: string, type?: NotificationType): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        type ? eq(notifications.type, type) : undefined,
      ),
    );
  return r?.n ?? 0;
}

export async function listNotifications(
  db: Db,
  userId: string,
  q: { type?: NotificationType; cursor?: string; limit: number },
) {
  const where: (SQL | undefined)[] = [eq(notifications.userId, userId)];
  if (q.type) where.push(eq(notifications.type, q.type));
  if (q.cursor) {
    const [read, at, id] = decode(q.cursor);
    const isRead = sql`(${notifications.readAt} is not null)::int`;
    where.push(
      sql`(${isRead} > ${read} or (${isRead} = ${read} and (${notifications.createdAt}, ${notifications.id}) < (${at.toISOString()}::timestamptz, ${id}::uuid)))`,
    );
  }
  const rows = await db
    .select()
    .from(notifications)
    .where(and(...where))
    .orderBy(sql`${notifications.readAt} is not null`, desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(toNotification),
    nextCursor: rows.length > q.limit ? encode(page[page.length - 1]!) : null,
    unread: await unreadCount(db, userId, q.type),
  };
}

/** Marks some (or all) of my notifications read; the unread count left. */
export async function markNotificationsRead(
  db: Db,
  userId: string,
  which: { ids: string[] } | { all: true; type?: NotificationType },
): Promise<{ unread: number }> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        "ids" in which
          ? inArray(notifications.id, which.ids)
          : which.type
            ? eq(notifications.type, which.type)
            : undefined,
      ),
    );
  return { unread: await unreadCount(db, userId) };
}
