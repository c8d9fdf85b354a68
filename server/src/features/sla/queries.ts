import type { SlaPolicy, SlaSchedule } from "@switchboard/contracts";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import type { BusinessSchedule } from "./business-time";
import { ensureSlaDefaults } from "./defaults";
import { type SlaScheduleRow, slaPolicies, slaPolicyVersions, slaSchedules } from "./schema";

export const scheduleDto = (r: SlaScheduleRow): SlaSchedule => ({
  id: r.id,
  name: r.name,
  timeZone: r.timeZone,
  periods: r.periods,
  holidays: r.holidays,
  isDefault: r.isDefault,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** What business-time.ts computes with. */
export const toBusinessSchedule = (r: Pick<SlaScheduleRow, "timeZone" | "periods" | "holidays">): BusinessSchedule => ({
  timeZone: r.timeZone,
  periods: r.periods,
  holidays: r.holidays.map((h) => h.date),
});

/**
 * Reads first and seeds only when what it needs is missing: the defaults exist on every read after the
 * first, so the steady state costs one statement, not three (these reads sit on every message's path).
 */
async function seededRead<T>(db: Db, read: () => Promise<T>, missing: (r: T) => boolean): Promise<T> {
  const first = await read();
  if (!missing(first)) return first;
  await ensureSlaDefaults(db);
  return read();
}

export async function listSchedules(db: Db): Promise<SlaSchedule[]> {
  const rows = await seededRead(
    db,
    () =>
      db
        .select()
        .from(slaSchedules)
        .where(isNull(slaSchedules.archivedAt))
        .orderBy(desc(slaSchedules.isDefault), asc(slaSchedules.name), asc(slaSchedules.id)),
    (rows) => !rows.some((r) => r.isDefault),
  );
  return rows.map(scheduleDto);
}

/** A schedule by id, archived ones too when asked (a running clock's version may point at one). */
export async function scheduleRow(db: Db, id: string, opts: { archived?: boolean } = {}): Promise<SlaScheduleRow> {
  const [row] = await db.select().from(slaSchedules).where(eq(slaSchedules.id, id));
  if (!row || (row.archivedAt && !opts.archived)) throw notFound("Schedule");
  return row;
}

/** The default schedule's row (seeded when missing). */
export async function defaultScheduleRow(db: Db): Promise<SlaScheduleRow> {
  const [row] = await seededRead(
    db,
    () => db.select().from(slaSchedules).where(eq(slaSchedules.isDefault, true)),
    (rows) => rows.length === 0,
  );
  if (!row) throw notFound("Default schedule");
  return row;
}

export async function defaultScheduleId(db: Db): Promise<string> {
  return (await defaultScheduleRow(db)).id;
}

const policyColumns = {
  id: slaPolicies.id,
  position: slaPolicies.position,
  version: slaPolicyVersions.version,
  versionId: slaPolicyVersions.id,
  name: slaPolicyVersions.name,
  conditions: slaPolicyVersions.conditions,
  targets: slaPolicyVersions.targets,
  scheduleId: slaPolicyVersions.scheduleId,
  warningPercent: slaPolicyVersions.warningPercent,
  createdAt: slaPolicies.createdAt,
  updatedAt: slaPolicies.updatedAt,
};
type PolicyRow = { [K in keyof typeof policyColumns]: (typeof policyColumns)[K]["_"]["data"] };
const policyDto = (r: PolicyRow): SlaPolicy => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The live policies in first-match order, each with its current version. */
export async function listPolicies(db: Db): Promise<SlaPolicy[]> {
  // No live policy: either none was ever made (seed the default) or all were archived (seeding adds none).
  const rows = await seededRead(
    db,
    () =>
      db
        .select(policyColumns)
        .from(slaPolicies)
        .innerJoin(slaPolicyVersions, eq(slaPolicyVersions.id, slaPolicies.currentVersionId))
        .where(isNull(slaPolicies.archivedAt))
        .orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt), asc(slaPolicies.id)),
    (rows) => rows.length === 0,
  );
  return rows.map(policyDto);
}

export async function getPolicy(db: Db, id: string): Promise<SlaPolicy> {
  const [row] = await db
    .select(policyColumns)
    .from(slaPolicies)
    .innerJoin(slaPolicyVersions, eq(slaPolicyVersions.id, slaPolicies.currentVersionId))
    .where(and(eq(slaPolicies.id, id), isNull(slaPolicies.archivedAt)));
  if (!row) throw notFound("SLA policy");
  return policyDto(row);
}

export async function listPolicyVersions(db: Db, policyId: string) {
  await getPolicy(db, policyId);
  const rows = await db
    .select()
    .from(slaPolicyVersions)
    .where(eq(slaPolicyVersions.policyId, policyId))
    .orderBy(desc(slaPolicyVersions.version));
  return rows.map((v) => ({
    versionId: v.id,
    version: v.version,
    name: v.name,
    conditions: v.conditions,
    targets: v.targets,
    scheduleId: v.scheduleId,
    warningPercent: v.warningPercent,
    createdAt: v.createdAt.toISOString(),
  }));
}

/**
 * A version as a clock uses it: its targets and its schedule, even when the policy or the schedule has
 * since been archived or edited (an applied SLA keeps what it started with).
 */
export async function getPolicyVersion(db: Db, versionId: string) {
  const [row] = await db
    .select({ version: slaPolicyVersions, schedule: slaSchedules })
    .from(slaPolicyVersions)
    .innerJoin(slaSchedules, eq(slaSchedules.id, slaPolicyVersions.scheduleId))
    .where(eq(slaPolicyVersions.id, versionId));
  if (!row) throw notFound("SLA policy version");
  return { ...row.version, schedule: toBusinessSchedule(row.schedule) };
}
