import type { Priority } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";
import { addBusinessSeconds, CALENDAR } from "./business-time";
import { type ClockSubject, lockOpenClock, warnSeconds } from "./clocks";
import { getPolicyVersion } from "./queries";
import { type SlaClockRow, slaClocks } from "./schema";

/**
 * Starts the clock of one target, with the policy version chosen for the subject (it keeps that version
 * for its life). The deadline and the warning instant are stored now. Null when the version sets no
 * target for that priority and metric; the open clock when one already runs (starting is idempotent:
 * `created` says whether this call started it).
 */
export async function startClockOnce(
  db: Db,
  input: ClockSubject & { policyVersionId: string; priority: Priority; now: Date },
): Promise<{ clock: SlaClockRow; created: boolean } | null> {
  const version = await getPolicyVersion(db, input.policyVersionId);
  const target = version.targets[input.priority]?.[input.metric];
  if (!target) return null;
  const targetSeconds = target.minutes * 60;
  const hours = target.hours === "calendar" ? CALENDAR : version.schedule;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(slaClocks)
      .values({
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        metric: input.metric,
        policyVersionId: version.id,
        hours: target.hours,
        targetSeconds,
        startedAt: input.now,
        runningSince: input.now,
        deadlineAt: addBusinessSeconds(input.now, targetSeconds, hours),
        warnAt: addBusinessSeconds(input.now, warnSeconds(targetSeconds, version.warningPercent), hours),
        status: "active",
      })
      .onConflictDoNothing()
      .returning();
    if (row) return { clock: row, created: true };
    const open = await lockOpenClock(tx, input);
    return open ? { clock: open, created: false } : null;
  });
}

export async function startClock(
  db: Db,
  input: ClockSubject & { policyVersionId: string; priority: Priority; now: Date },
): Promise<SlaClockRow | null> {
  return (await startClockOnce(db, input))?.clock ?? null;
}
