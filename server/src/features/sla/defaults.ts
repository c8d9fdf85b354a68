import type { SlaTargets } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { slaPolicies, slaPolicyVersions, slaSchedules } from "./schema";

/**
 * Seeded on first read, not by the migration: generated migrations stay schema only, and a database
 * restored without these rows gets them back. Monday to Friday 09:00–17:00 in UTC: the installation has
 * no workspace zone to copy, and an admin sets theirs.
 */
export const DEFAULT_SCHEDULE = {
  name: "Office hours",
  timeZone: "UTC",
  periods: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" })),
  holidays: [] as Array<{ date: string; name: string }>,
};

const b = (minutes: number) => ({ minutes, hours: "business" as const });
const DAY = 8 * 60; // one business day of the default schedule (Intercom: "1 day" is that day's hours)

/** Business hours throughout; next reply as first reply; no periodic update until a team asks for it. */
export const DEFAULT_TARGETS: SlaTargets = {
  urgent: { firstReply: b(60), nextReply: b(60), resolution: b(4 * 60) },
  high: { firstReply: b(4 * 60), nextReply: b(4 * 60), resolution: b(DAY) },
  normal: { firstReply: b(DAY), nextReply: b(DAY), resolution: b(3 * DAY) },
  low: { firstReply: b(2 * DAY), nextReply: b(2 * DAY), resolution: b(5 * DAY) },
};

/**
 * Creates the default schedule and, when no policy ever existed (archived ones count), the default
 * policy. Under a transaction-scoped advisory lock so two first reads at once seed once.
 */
export async function ensureSlaDefaults(db: Db): Promise<void> {
  const [schedule] = await db.select({ id: slaSchedules.id }).from(slaSchedules).where(sql`${slaSchedules.isDefault}`);
  const [policy] = await db.select({ id: slaPolicies.id }).from(slaPolicies).limit(1);
  if (schedule && policy) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sla_defaults'))`);
    let [schedule] = await tx.select({ id: slaSchedules.id }).from(slaSchedules).where(sql`${slaSchedules.isDefault}`);
    if (!schedule)
      [schedule] = await tx
        .insert(slaSchedules)
        .values({ ...DEFAULT_SCHEDULE, isDefault: true })
        .returning({ id: slaSchedules.id });
    const [anyPolicy] = await tx.select({ id: slaPolicies.id }).from(slaPolicies).limit(1);
    if (anyPolicy || !schedule) return;
    const [policy] = await tx.insert(slaPolicies).values({ position: 0 }).returning({ id: slaPolicies.id });
    if (!policy) return;
    const [version] = await tx
      .insert(slaPolicyVersions)
      .values({
        policyId: policy.id,
        version: 1,
        name: "Default",
        conditions: [],
        targets: DEFAULT_TARGETS,
        scheduleId: schedule.id,
      })
      .returning({ id: slaPolicyVersions.id });
    await tx.update(slaPolicies).set({ currentVersionId: version?.id }).where(sql`${slaPolicies.id} = ${policy.id}`);
  });
}
