import { sql } from "drizzle-orm";
import { timestamp, uuid } from "drizzle-orm/pg-core";

// Millisecond precision so a JavaScript Date round-trips exactly (keyset cursors depend on it).
export const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
export const createdAt = () => ts("created_at").notNull().defaultNow();
export const updatedAt = () => ts("updated_at").notNull().defaultNow();
export const pk = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
