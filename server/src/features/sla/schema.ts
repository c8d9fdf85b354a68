import type { SlaCondition, SlaTargets } from "@switchboard/contracts";
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
    /** Who made this version; no foreign key: history outlives users. Null when seeded. */
    createdById: text("created_by_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sla_policy_versions_policy_version").on(t.policyId, t.version)],
);
export type SlaPolicyVersionRow = typeof slaPolicyVersions.$inferSelect;
