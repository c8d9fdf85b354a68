import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { channels } from "../channels/schema";

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
    /** Which conversations this agent may see: every one, their teams' (and unassigned ones of channels
     * their teams serve), or only those assigned to them. Admins always see all. */
    visibility: text("visibility", { enum: ["all", "teams", "assigned"] })
      .notNull()
      .default("all"),
    avatarUrl: text("avatar_url"),
    disabled: boolean("disabled").notNull().default(false),
    /** Set for generated (temporary) passwords: the API refuses everything but a password change until then. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    lastAssignedAt: ts("last_assigned_at"),
    /** The last deliberate sign of life from the console (input, focus, going online): auto-away after inactivity. */
    lastActiveAt: ts("last_active_at"),
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

/** Teams: a group of agents serving some channels (routing sends a channel's conversations to its teams). */
export const teams = pgTable(
  "teams",
  {
    id: pk(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("teams_name_key").on(sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

/** The channels a team serves: a new conversation on one of them belongs to that team. */
export const teamChannels = pgTable(
  "team_channels",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.channelId] }), index("team_channels_channel_idx").on(t.channelId)],
);

/**
 * Each serving process's count of one agent's open sockets, refreshed every heartbeat: sockets live
 * in one process's memory, so "all of an agent's sockets closed" is a question for the database.
 * A row with sockets > 0 whose seen_at went stale belongs to a process that died (availability.ts).
 */
export const agentConnections = pgTable(
  "agent_connections",
  {
    processId: text("process_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sockets: integer("sockets").notNull(),
    seenAt: ts("seen_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.processId, t.userId] }), index("agent_connections_user_idx").on(t.userId)],
);
