import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { pk, ts } from "../../platform/db/columns";

/**
 * Who did what, when and from where: admin actions (users, roles, channels and credentials,
 * settings, deletions, exports, tokens). Append-only: a trigger in the migration refuses UPDATE and
 * DELETE, so not even a bug in our code can rewrite history. Actor names are copied in so an entry
 * still reads right after the user is renamed or deleted.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: pk(),
    at: ts("at").notNull().defaultNow(),
    actorType: text("actor_type", { enum: ["user", "token", "system", "cli"] }).notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    /** dotted verb: user.created, user.role_changed, channel.credentials_updated, contact.deleted, export.contacts, token.created, … */
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** One sentence for the list ("Deleted contact Dana Reyes"). */
    summary: text("summary").notNull(),
    /** What changed (never a secret: credentials are recorded as "changed", not their values). */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_log_action_idx").on(t.action, t.at.desc().nullsFirst()),
    index("audit_log_actor_idx").on(t.actorId, t.at.desc().nullsFirst()),
  ],
);
