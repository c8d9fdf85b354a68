import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";

export const users = pgTable(
  "users",
  {
    id: pk(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "agent"] })
      .notNull()
      .default("agent"),
    availability: text("availability", { enum: ["online", "away", "offline"] })
      .notNull()
      .default("offline"),
    capacity: integer("capacity").notNull().default(10),
    avatarUrl: text("avatar_url"),
    disabled: boolean("disabled").notNull().default(false),
    /** Set for generated (temporary) passwords: the API refuses everything but a password change until then. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    lastAssignedAt: ts("last_assigned_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    // sha256 of the cookie token: a database leak does not leak live sessions.
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: ts("expires_at").notNull(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    userAgent: text("user_agent"),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
