import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../../platform/db/columns";
import { contacts } from "../../inbox/schema";
import { channels } from "../schema";

/**
 * Where a website visitor is and on what (page, referrer, browser, OS, device, language, time
 * zone), the latest the widget reported: one row per contact. Its own table rather than the
 * contact's attributes, which agents edit (and replace whole): what the browser reports and what an
 * agent typed never overwrite each other. Goes with the contact (cascade).
 */
export const webchatVisitors = pgTable("webchat_visitors", {
  contactId: uuid("contact_id")
    .primaryKey()
    .references(() => contacts.id, { onDelete: "cascade" }),
  channelId: uuid("channel_id")
    .notNull()
    .references(() => channels.id),
  pageUrl: text("page_url"),
  pageTitle: text("page_title"),
  referrer: text("referrer"),
  language: text("language"),
  timeZone: text("time_zone"),
  userAgent: text("user_agent"),
  browser: text("browser"),
  os: text("os"),
  device: text("device", { enum: ["desktop", "mobile", "tablet", "tv", "other"] }),
  firstSeenAt: createdAt(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
