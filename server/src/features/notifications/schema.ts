import { boolean, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { users } from "../agents/schema";
import { conversations, messages } from "../inbox/schema";

/**
 * In-app notifications, one row per recipient ("Sam mentioned you", "Sam assigned Dana to you").
 * The actor's and customer's names are copied in, so a notification reads the same later and the
 * list needs no joins. Rows go with their conversation (and a mention with its note).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: pk(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type", { enum: ["mention", "assigned", "sla_warning", "sla_breached"] }).notNull(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id"),
    actorName: text("actor_name"),
    contactName: text("contact_name"),
    excerpt: text("excerpt").notNull().default(""),
    readAt: ts("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    // The list: mine, unread first, newest first (and its unread count).
    index("notifications_user_idx").on(t.userId, t.type, t.createdAt.desc().nullsFirst()),
    // One notification per mentioned user per note, whichever process handles the event.
    uniqueIndex("notifications_message_user_key").on(t.messageId, t.userId, t.type),
  ],
);

/** Per agent; a missing row means the defaults (everything on). */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  sound: boolean("sound").notNull().default(true),
  desktop: boolean("desktop").notNull().default(true),
  newConversation: boolean("new_conversation").notNull().default(true),
  assigned: boolean("assigned").notNull().default(true),
  mention: boolean("mention").notNull().default(true),
  newMessage: boolean("new_message").notNull().default(true),
  updatedAt: updatedAt(),
});
