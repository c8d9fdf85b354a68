import { pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { ts } from "../../platform/db/columns";

/**
 * Every row the demo seed created, by kind and id: "Remove demo data" deletes exactly these (never
 * a guess by name or email), so a real contact called "Dana" or a channel named "Demo website"
 * that an admin made is never touched. Rows live in their own features' tables; no foreign key, so
 * a demo row deleted by hand simply leaves a dangling id here that removal skips.
 */
export const demoRecords = pgTable(
  "demo_records",
  {
    kind: text("kind", { enum: ["user", "channel", "contact", "conversation"] }).notNull(),
    recordId: uuid("record_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.recordId] })],
);

/**
 * One row once the demo was seeded; `removed_at` set when an admin removed it. The seed never runs
 * again once this row exists, so removed demo data does not come back on restart (and a second
 * process starting together does not seed twice: the insert of this row is the claim).
 */
export const demoState = pgTable("demo_state", {
  id: text("id").primaryKey().default("demo"),
  seededAt: ts("seeded_at").notNull().defaultNow(),
  removedAt: ts("removed_at"),
});
