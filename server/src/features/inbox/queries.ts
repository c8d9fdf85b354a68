import type { Conversation, ListConversationsQuery, Message } from "@switchboard/contracts";
import { and, desc, eq, gt, ilike, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../platform/db/client";
import { users } from "../agents/schema";
import { channels } from "../channels/schema";
import { replyWindowFor, toReplyWindowDto } from "../channels/catalog";
import { attachments, contacts, conversations, messages } from "./schema";
import { decodeCursor, encodeCursor } from "./cursor";

const assignee = alias(users, "assignee");

const conversationColumns = {
  c: conversations,
  contact: {
    id: contacts.id,
    name: contacts.name,
    email: contacts.email,
    phone: contacts.phone,
    avatarUrl: contacts.avatarUrl,
  },
  channel: { type: channels.type, name: channels.name, settings: channels.settings },
  assignee: { id: assignee.id, name: assignee.name, avatarUrl: assignee.avatarUrl },
};

type ConversationRow = {
  c: typeof conversations.$inferSelect;
  contact: { id: string; name: string | null; email: string | null; phone: string | null; avatarUrl: string | null };
  channel: { type: Conversation["channelType"]; name: string; settings: Record<string, unknown> };
  assignee: { id: string; name: string; avatarUrl: string | null } | null;
};

export function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.c.id,
    channelId: r.c.channelId,
    channelType: r.channel.type,
    channelName: r.channel.name,
    contact: r.contact,
    status: r.c.status,
    snoozedUntil: r.c.snoozedUntil?.toISOString() ?? null,
    priority: r.c.priority,
    assignee: r.assignee?.id ? r.assignee : null,
    lastMessageAt: r.c.lastMessageAt.toISOString(),
    lastMessagePreview: r.c.lastMessagePreview,
    lastInboundAt: r.c.lastInboundAt?.toISOString() ?? null,
    replyWindow: toReplyWindowDto(replyWindowFor(r.channel.type, r.channel.settings, r.c.lastInboundAt)),
    unreadCount: r.c.agentUnreadCount,
    createdAt: r.c.createdAt.toISOString(),
  };
}

function conversationQuery(db: Db) {
  return db
    .select(conversationColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId));
}

export async function getConversation(db: Db, id: string): Promise<Conversation | null> {
  const [row] = await conversationQuery(db).where(eq(conversations.id, id)).limit(1);
  return row ? toConversation(row as ConversationRow) : null;
}

/** Several conversations in one read (the webhook drain announces a round's conversations at once). */
export async function getConversations(db: Db, ids: string[]): Promise<Map<string, Conversation>> {
  if (!ids.length) return new Map();
  const rows = (await conversationQuery(db).where(inArray(conversations.id, ids))) as ConversationRow[];
  return new Map(rows.map((r) => [r.c.id, toConversation(r)]));
}

export async function listConversations(db: Db, q: ListConversationsQuery & { userId: string }) {
  const where: SQL[] = [];
  const now = new Date();
  const notSnoozed = or(isNull(conversations.snoozedUntil), lt(conversations.snoozedUntil, now))!;
  if (q.status === "snoozed") where.push(isNotNull(conversations.snoozedUntil), gt(conversations.snoozedUntil, now));
  else if (q.status !== "all") where.push(eq(conversations.status, q.status), notSnoozed);
  if (q.assignee === "me") where.push(eq(conversations.assigneeId, q.userId));
  else if (q.assignee === "unassigned") where.push(isNull(conversations.assigneeId));
  else if (q.assignee !== "any") where.push(eq(conversations.assigneeId, q.assignee));
  if (q.channelId) where.push(eq(conversations.channelId, q.channelId));
  if (q.priority) where.push(eq(conversations.priority, q.priority));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(
      or(
        ilike(contacts.name, like),
        ilike(contacts.email, like),
        ilike(contacts.phone, like),
        sql`exists (select 1 from ${messages} m where m.conversation_id = ${conversations.id} and to_tsvector('simple', m.content) @@ plainto_tsquery('simple', ${q.q}))`,
      )!,
    );
  }
  const cursor = decodeCursor(q.cursor);
  if (cursor) {
    where.push(
      or(
        lt(conversations.lastMessageAt, cursor.at),
        and(eq(conversations.lastMessageAt, cursor.at), lt(conversations.id, cursor.id)),
      )!,
    );
  }
  const rows = (await conversationQuery(db)
    .where(and(...where))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(q.limit + 1)) as ConversationRow[];
  const items = rows.slice(0, q.limit).map(toConversation);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > q.limit && last ? encodeCursor(new Date(last.lastMessageAt), last.id) : null,
  };
}

const sender = alias(users, "sender");

type MessageRow = { m: typeof messages.$inferSelect; senderAvatar: string | null };

export async function loadMessages(
  db: Db,
  rows: MessageRow[],
  attachmentUrl: (id: string) => string,
  /** The rows' attachments when the caller already knows them (e.g. none): saves a query. */
  knownFiles?: (typeof attachments.$inferSelect)[],
): Promise<Message[]> {
  const ids = rows.map((r) => r.m.id);
  const files =
    knownFiles ?? (ids.length ? await db.select().from(attachments).where(inArray(attachments.messageId, ids)) : []);
  return rows.map(({ m, senderAvatar }) => ({
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    senderType: m.senderType,
    sender: { id: m.senderId, name: m.senderName, avatarUrl: senderAvatar },
    private: m.private,
    kind: m.kind,
    metadata: m.metadata,
    content: m.content,
    attachments: files
      .filter((f) => f.messageId === m.id)
      .map((f) => ({
        id: f.id,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.size,
        url: attachmentUrl(f.id),
      })),
    status: m.status,
    error: m.errorCode ? { code: m.errorCode, message: m.errorMessage ?? "" } : null,
    createdAt: m.createdAt.toISOString(),
  }));
}

function messageQuery(db: Db) {
  return db
    .select({ m: messages, senderAvatar: sender.avatarUrl })
    .from(messages)
    .leftJoin(sender, and(eq(messages.senderType, "agent"), sql`${sender.id}::text = ${messages.senderId}`));
}

export const attachmentPath = (id: string) => `/api/attachments/${id}`;

export async function getMessage(db: Db, id: string): Promise<Message | null> {
  const rows = await messageQuery(db).where(eq(messages.id, id)).limit(1);
  const [m] = await loadMessages(db, rows, attachmentPath);
  return m ?? null;
}

export async function listMessages(
  db: Db,
  p: { conversationId: string; before?: string; limit: number; includePrivate: boolean },
) {
  const where: SQL[] = [eq(messages.conversationId, p.conversationId)];
  if (!p.includePrivate) where.push(eq(messages.private, false));
  const cursor = decodeCursor(p.before);
  if (cursor) {
    where.push(
      or(lt(messages.createdAt, cursor.at), and(eq(messages.createdAt, cursor.at), lt(messages.id, cursor.id)))!,
    );
  }
  const rows = await messageQuery(db)
    .where(and(...where))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(p.limit + 1);
  const page = rows.slice(0, p.limit).reverse();
  const items = await loadMessages(db, page, attachmentPath);
  const oldest = items[0];
  return {
    items,
    prevCursor: rows.length > p.limit && oldest ? encodeCursor(new Date(oldest.createdAt), oldest.id) : null,
  };
}
