import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, updatedAt } from "../../../platform/db/columns";
import { contacts, conversations } from "../schema";

/**
 * Labels describe the inbox's conversations and contacts ("billing", "vip"), so they live inside
 * the inbox: its list query joins them without crossing a feature boundary. Names are unique
 * whatever their case, so "VIP" and "vip" cannot both exist and confuse a filter.
 */
export const labels = pgTable(
  "labels",
  {
    id: pk(),
    name: text("name").notNull(),
    /** #rrggbb: the chip's colour in the console. */
    color: text("color").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("labels_name_key").on(sql`lower(${t.name})`)],
);

export const conversationLabels = pgTable(
  "conversation_labels",
  {
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    labelId: uuid("label_id")
      .notNull()
      .references(() => labels.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  // The primary key serves "this conversation's labels"; the label index serves the list's filter.
  (t) => [primaryKey({ columns: [t.conversationId, t.labelId] }), index("conversation_labels_label_idx").on(t.labelId)],
);

export const contactLabels = pgTable(
  "contact_labels",
  {
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    labelId: uuid("label_id")
      .notNull()
      .references(() => labels.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.labelId] }), index("contact_labels_label_idx").on(t.labelId)],
);
