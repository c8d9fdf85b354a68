import type { Conversation, LabelRef, Message } from "@switchboard/contracts";
import { and, desc, eq, inArray, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../platform/db/client";
import { teams, users } from "../agents/schema";
import { channels } from "../channels/schema";
import { replyWindowFor, toReplyWindowDto } from "../channels/catalog";
import { conversationLabels, labels } from "./labels/schema";
import { attachments, contacts, conversations, messages } from "./schema";
import { decodeCursor, encodeCursor } from "./cursor";

const assignee = alias(users, "assignee");

export const conversationColumns = {
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
  team: { id: teams.id, name: teams.name },
  // In the same statement as the row (no second round trip on the hot paths that read one conversation).
  labels: sql<
    LabelRef[] | string
  >`coalesce((select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name))
      from ${conversationLabels} cl join ${labels} l on l.id = cl.label_id where cl.conversation_id = ${conversations.id}), '[]'::json)`,
};

/** Extra columns of conversationQuery for a reply about to be recorded: can the channel still send? */
export const channelStateColumns = {
  channelEnabled: sql<boolean>`${channels.enabled}`,
  channelDeleted: sql<boolean>`${channels.deletedAt} is not null`,
};

export type ConversationRow = {
  c: typeof conversations.$inferSelect;
  contact: { id: string; name: string | null; email: string | null; phone: string | null; avatarUrl: string | null };
  channel: { type: Conversation["channelType"]; name: string; settings: Record<string, unknown> };
  assignee: { id: string; name: string; avatarUrl: string | null } | null;
  team: { id: string; name: string } | null;
  labels: LabelRef[] | string;
};

/** json from node-postgres arrives parsed; keep working if a driver hands back the text. */
export function parseLabels(v: LabelRef[] | string | null | undefined): LabelRef[] {
  if (!v) return [];
  return typeof v === "string" ? (JSON.parse(v) as LabelRef[]) : v;
}

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
    team: r.team?.id ? r.team : null,
    handler: r.c.handler,
    queuedAt: r.c.queuedAt?.toISOString() ?? null,
    lastMessageAt: r.c.lastMessageAt.toISOString(),
    lastMessagePreview: r.c.lastMessagePreview,
    lastMessageSender:
      r.c.lastMessageSenderType && r.c.lastMessageSenderType !== "customer"
        ? { type: r.c.lastMessageSenderType, id: r.c.lastMessageSenderId, name: r.c.lastMessageSenderName }
        : null,
    labels: parseLabels(r.labels),
    waitingSince: r.c.waitingSince?.toISOString() ?? null,
    lastInboundAt: r.c.lastInboundAt?.toISOString() ?? null,
    replyWindow: toReplyWindowDto(replyWindowFor(r.channel.type, r.channel.settings, r.c.lastInboundAt)),
    unreadCount: r.c.agentUnreadCount,
    createdAt: r.c.createdAt.toISOString(),
  };
}

export function conversationQuery(db: Db, extra: Record<string, SQL> = {}) {
  return db
    .select({ ...conversationColumns, ...extra })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId))
    .leftJoin(teams, eq(teams.id, conversations.teamId));
}

export async function getConversation(db: Db, id: string): Promise<Conversation | null> {
  const [row] = await conversationQuery(db).where(eq(conversations.id, id)).limit(1);
  return row ? toConversation(row as ConversationRow) : null;
}

/** A contact's conversations that are not resolved (the SLA feature re-picks their policies when its fields change). */
export async function unresolvedConversationsOfContact(db: Db, contactId: string): Promise<Conversation[]> {
  const rows = (await conversationQuery(db).where(
    and(eq(conversations.contactId, contactId), ne(conversations.status, "resolved")),
  )) as ConversationRow[];
  return rows.map(toConversation);
}

/** Several conversations in one read (the webhook drain announces a round's conversations at once). */
export async function getConversations(db: Db, ids: string[]): Promise<Map<string, Conversation>> {
  if (!ids.length) return new Map();
  const rows = (await conversationQuery(db).where(inArray(conversations.id, ids))) as ConversationRow[];
  return new Map(rows.map((r) => [r.c.id, toConversation(r)]));
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
