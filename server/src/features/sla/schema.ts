import { type SlaCondition, type SlaTargets, slaMetrics } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";

/**
 * Business-hours schedules (issue 10 §2). Periods and holidays are jsonb, not child tables: a schedule
 * is always read and written whole (the deadline arithmetic needs all of it), Zod checks the shape at
 * the boundary, and nothing queries a single period. Archived rather than deleted: policy versions
 * that clocks still run on keep pointing at their schedule.
 */
export const slaSchedules = pgTable(
  "sla_schedules",
  {
    id: pk(),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    periods: jsonb("periods").$type<Array<{ day: number; start: string; end: string }>>().notNull(),
    holidays: jsonb("holidays").$type<Array<{ date: string; name: string }>>().notNull().default([]),
    isDefault: boolean("is_default").notNull().default(false),
    archivedAt: ts("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // At most one default, so seeding it twice (two first reads at once) cannot make two.
  (t) => [uniqueIndex("sla_schedules_one_default").on(t.isDefault).where(sql`${t.isDefault}`)],
);
export type SlaScheduleRow = typeof slaSchedules.$inferSelect;

/**
 * A policy is its place in the first-match order plus a pointer to its current version; what it says
 * lives in sla_policy_versions, immutable, so an applied SLA names the version it started with.
 */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: pk(),
    position: integer("position").notNull(),
    currentVersionId: uuid("current_version_id"),
    archivedAt: ts("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sla_policies_position_idx").on(t.position)],
);

export const slaPolicyVersions = pgTable(
  "sla_policy_versions",
  {
    id: pk(),
    policyId: uuid("policy_id")
      .notNull()
      .references(() => slaPolicies.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    conditions: jsonb("conditions").$type<SlaCondition[]>().notNull(),
    targets: jsonb("targets").$type<SlaTargets>().notNull(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => slaSchedules.id, { onDelete: "restrict" }),
    /** The share of a target after which the warning fires (75 %: Zendesk's and Intercom's habit). */
    warningPercent: integer("warning_percent").notNull().default(75),
    /** Who made this version; no foreign key: history outlives users. Null when seeded. */
    createdById: text("created_by_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sla_policy_versions_policy_version").on(t.policyId, t.version)],
);
export type SlaPolicyVersionRow = typeof slaPolicyVersions.$inferSelect;

/**
 * One SLA target being timed for a ticket or a conversation. The deadline is computed and stored when
 * the clock starts or resumes (never on read), so a breach job can fire at exactly that instant and a
 * list can sort by it. subject_id has no foreign key: the subject belongs to another feature, which
 * starts and stops its clocks through this feature's use-cases. A paused clock has no deadline.
 */
export const slaClocks = pgTable(
  "sla_clocks",
  {
    id: pk(),
    subjectType: text("subject_type", { enum: ["ticket", "conversation"] }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    metric: text("metric", { enum: slaMetrics }).notNull(),
    policyVersionId: uuid("policy_version_id")
      .notNull()
      .references(() => slaPolicyVersions.id, { onDelete: "restrict" }),
    hours: text("hours", { enum: ["business", "calendar"] }).notNull(),
    targetSeconds: integer("target_seconds").notNull(),
    startedAt: ts("started_at").notNull(),
    /** When the current running stretch began (the start, or the last resume). */
    runningSince: ts("running_since"),
    deadlineAt: ts("deadline_at"),
    /** When the warning is due (the version's share of the target), stored with the deadline. */
    warnAt: ts("warn_at"),
    /** When the sweeper fired the warning for the current deadline (cleared when the deadline moves). */
    warnedAt: ts("warned_at"),
    /** When the sweeper fired the breach: the clock stays open (still owed) and stops as missed. */
    breachedAt: ts("breached_at"),
    pausedAt: ts("paused_at"),
    /** Working seconds (business or calendar, as `hours` says) used up before the current stretch. */
    consumedSeconds: integer("consumed_seconds").notNull().default(0),
    status: text("status", { enum: ["active", "paused", "hit", "missed"] }).notNull(),
    stoppedAt: ts("stopped_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One open clock per subject and target: starting twice is a no-op, not a second clock.
    uniqueIndex("sla_clocks_one_open")
      .on(t.subjectType, t.subjectId, t.metric)
      .where(sql`${t.status} in ('active', 'paused')`),
    index("sla_clocks_deadline_idx").on(t.deadlineAt).where(sql`${t.status} = 'active'`),
    // The alert sweeper's due scans and its next-instant probe: only what has not fired yet, so the
    // indexes stay as small as the pending alerts however many clocks have ever run.
    index("sla_clocks_warn_due_idx").on(t.warnAt).where(sql`${t.status} = 'active' and ${t.warnedAt} is null`),
    index("sla_clocks_breach_due_idx")
      .on(t.deadlineAt)
      .where(sql`${t.status} = 'active' and ${t.breachedAt} is null`),
    index("sla_clocks_subject_idx").on(t.subjectType, t.subjectId),
  ],
);
export type SlaClockRow = typeof slaClocks.$inferSelect;
