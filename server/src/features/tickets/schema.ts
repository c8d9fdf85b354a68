import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { teams, users } from "../agents/schema";
import { contacts, conversations } from "../inbox/schema";

/**
 * Tickets (issue 10 §1). The product is one workspace per installation (no table has a workspace
 * column), so `number` is unique in the database: an identity column, shown as "#123". Gaps after a
 * rolled-back insert are fine for a display number.
 */
export const tickets = pgTable(
  "tickets",
  {
    id: pk(),
    number: integer("number").notNull().unique().generatedAlwaysAsIdentity(),
    subject: text("subject").notNull(),
    description: text("description").notNull().default(""),
    priority: text("priority", { enum: ["low", "normal", "high", "urgent"] })
      .notNull()
      .default("normal"),
    status: text("status", { enum: ["new", "open", "pending", "on_hold", "solved", "closed"] })
      .notNull()
      .default("new"),
    type: text("type", { enum: ["question", "problem", "incident", "task"] })
      .notNull()
      .default("question"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    requesterId: uuid("requester_id").references(() => contacts.id, { onDelete: "set null" }),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb("custom_fields").$type<Record<string, unknown>>().notNull().default({}),
    dueAt: ts("due_at"),
    createdByType: text("created_by_type", { enum: ["user", "ai", "api"] }).notNull(),
    /** The user (or the token's owner) who created it; null for the AI. No foreign key: history outlives users. */
    createdById: text("created_by_id"),
    createdByName: text("created_by_name"),
    solvedAt: ts("solved_at"),
    closedAt: ts("closed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // nullsFirst: what ORDER BY ... DESC means, so the list's keyset walks these indexes.
    index("tickets_updated_idx").on(t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("tickets_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("tickets_status_idx").on(t.status, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("tickets_assignee_idx").on(t.assigneeId),
    index("tickets_team_idx").on(t.teamId),
    index("tickets_requester_idx").on(t.requesterId),
    index("tickets_tags_idx").using("gin", t.tags),
  ],
);
export type TicketRow = typeof tickets.$inferSelect;

/** A ticket's conversations (one or many); a conversation may belong to several tickets. */
export const ticketConversations = pgTable(
  "ticket_conversations",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.conversationId] }),
    index("ticket_conversations_conversation_idx").on(t.conversationId),
  ],
);

/**
 * The activity log: one row per change (field, old -> new), link, comment and the creation. Written in
 * the transaction of the change and never updated (the feature has no UPDATE or DELETE on it; rows go
 * only with their ticket).
 */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: pk(),
    /** The order of writing: one change writes several rows with the same created_at (the transaction's time). */
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["created", "changed", "linked", "unlinked", "commented", "notice"] }).notNull(),
    field: text("field"),
    fromValue: jsonb("from_value"),
    toValue: jsonb("to_value"),
    /** system: Switchboard itself (the outcome of a customer notice). */
    actorType: text("actor_type", { enum: ["user", "ai", "api", "system"] }).notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    createdAt: createdAt(),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketId, t.seq)],
);

/** Internal comments (Markdown): for the team only, never sent to the customer. */
export const ticketComments = pgTable(
  "ticket_comments",
  {
    id: pk(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    authorType: text("author_type", { enum: ["user", "ai", "api"] }).notNull(),
    authorId: text("author_id"),
    authorName: text("author_name"),
    createdAt: createdAt(),
  },
  (t) => [index("ticket_comments_ticket_idx").on(t.ticketId, t.createdAt, t.id)],
);

/** Saved views of the tickets page: a name, the list filters and the sort; personal or shared with everyone. */
export const ticketViews = pgTable(
  "ticket_views",
  {
    id: pk(),
    name: text("name").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    shared: boolean("shared").notNull().default(false),
    filters: jsonb("filters").$type<Record<string, string>>().notNull(),
    sort: text("sort").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("ticket_views_owner_idx").on(t.ownerId)],
);

/** One row ("default"): the customer notices per ticket status (contracts' ticketNoticeSettingsSchema). */
export const ticketNoticeSettings = pgTable("ticket_notice_settings", {
  id: text("id").primaryKey(),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
  updatedAt: updatedAt(),
});

/**
 * One customer notice per (status change, linked conversation): `key` is the status change's
 * ticket_events id and the conversation id, unique, so a retried job or a second process never
 * sends twice. status: pending (message written, on its way) | sent | failed | skipped (with
 * `reason`); each final state writes its `notice` line to ticket_events once (the update from
 * pending is conditional). The conversation and message are the inbox's: no foreign keys.
 */
export const ticketNotices = pgTable(
  "ticket_notices",
  {
    id: pk(),
    key: text("key").notNull(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    /** Null: the ticket had no linked conversation (a skipped notice that says so). */
    conversationId: uuid("conversation_id"),
    channelType: text("channel_type"),
    ticketStatus: text("ticket_status").notNull(),
    form: text("form", { enum: ["text", "template"] }).notNull(),
    templateName: text("template_name"),
    status: text("status", { enum: ["pending", "sent", "failed", "skipped"] }).notNull(),
    reason: text("reason"),
    messageId: uuid("message_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("ticket_notices_key").on(t.key),
    index("ticket_notices_ticket_idx").on(t.ticketId),
    index("ticket_notices_message_idx").on(t.messageId),
  ],
);
export type TicketNoticeRow = typeof ticketNotices.$inferSelect;
