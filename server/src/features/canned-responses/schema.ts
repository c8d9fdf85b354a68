import { sql } from "drizzle-orm";
import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, updatedAt } from "../../platform/db/columns";
import { users } from "../agents/schema";

/**
 * Saved replies agents insert with "/" in the composer. A personal one belongs to its owner (gone
 * with them); a shared one has no owner, is managed by admins and offered to everyone. Shortcuts are
 * stored lower-case and unique where they are offered: among shared replies, and per owner.
 */
export const cannedResponses = pgTable(
  "canned_responses",
  {
    id: pk(),
    scope: text("scope", { enum: ["personal", "shared"] }).notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    shortcut: text("shortcut").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("canned_responses_shared_shortcut_key").on(t.shortcut).where(sql`${t.ownerId} is null`),
    uniqueIndex("canned_responses_owner_shortcut_key").on(t.ownerId, t.shortcut).where(sql`${t.ownerId} is not null`),
    index("canned_responses_owner_idx").on(t.ownerId),
  ],
);
export type CannedResponseRow = typeof cannedResponses.$inferSelect;
