import { boolean, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";

export const channels = pgTable("channels", {
  id: pk(),
  type: text("type", { enum: ["webchat", "whatsapp", "telegram", "instagram", "x"] }).notNull(),
  name: text("name").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  /** Non-secret settings, validated by the channel's adapter. */
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  /** Secret values as one AES-256-GCM sealed JSON object (see platform/secret-box.ts). */
  secretsSealed: text("secrets_sealed"),
  // Soft delete: conversations of a removed channel stay readable.
  deletedAt: ts("deleted_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
