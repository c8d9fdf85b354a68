import { and, desc, eq } from "drizzle-orm";
import type { VisitorIdentity } from "../../platform/auth/visitor-token";
import type { Db } from "../../platform/db/client";
import { contacts, conversations } from "./schema";

/** What the widget shows of its own visitor. */
export async function getVisitorContact(db: Db, contactId: string) {
  const [row] = await db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .limit(1);
  return row ?? null;
}

/** Whether this conversation is the visitor's own (on the visitor's channel). */
export async function isVisitorConversation(db: Db, v: VisitorIdentity, conversationId: string): Promise<boolean> {
  const [c] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.contactId, v.contactId),
        eq(conversations.channelId, v.channelId),
      ),
    )
    .limit(1);
  return Boolean(c);
}

/** The visitor's latest conversations on this channel, in the widget's shape. */
export async function listVisitorConversations(db: Db, v: VisitorIdentity, limit = 20) {
  const rows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactId, v.contactId), eq(conversations.channelId, v.channelId)))
    .orderBy(desc(conversations.lastMessageAt))
    .limit(limit);
  return rows.map((c) => ({
    id: c.id,
    status: c.status,
    lastMessageAt: c.lastMessageAt.toISOString(),
    unreadCount: c.contactUnreadCount,
  }));
}
