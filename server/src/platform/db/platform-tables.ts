import { bigserial, customType, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/** node-postgres gives a Buffer, PGlite a Uint8Array: callers always get a Buffer (no copy). */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

/**
 * Realtime events too large for one NOTIFY payload (8000 bytes): the row id is notified instead
 * and every process reads the row. Rows are short-lived (pruned after a few minutes).
 */
export const realtimePayloads = pgTable("realtime_payloads", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  body: text("body").notNull(),
  createdAt: createdAt(),
});

/**
 * Provider pacing shared by every process: one row per paced key (a number, a chat) holding the
 * next free send slot. Reserving a slot is one atomic UPSERT (platform/pacing.ts).
 */
export const pacingSlots = pgTable("pacing_slots", {
  key: text("key").primaryKey(),
  // Microsecond precision: slots of fast limits (80/s) are 12.5 ms apart.
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
});

/** Attachment bytes when no S3 bucket is configured (platform/storage.ts). Every process reaches them. */
export const storedFiles = pgTable("stored_files", {
  key: text("key").primaryKey(),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  bytes: bytea("bytes").notNull(),
  createdAt: createdAt(),
});
