import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { ts } from "../db/columns";

/**
 * Fixed-window counters shared by every process on the database (login attempts today; any
 * limiter tomorrow). One row per key; an expired window is restarted by the next hit, and rows
 * nobody hits again are purged hourly.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    /** "<limiter name>:<key>", e.g. "login-ip:ann@example.com|203.0.113.7". */
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    resetAt: ts("reset_at").notNull(),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);
