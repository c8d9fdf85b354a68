import type { Priority } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";
import { addBusinessSeconds, CALENDAR } from "./business-time";
import { type ClockSubject, lockOpenClock } from "./clocks";
import { getPolicyVersion } from "./queries";
import { type SlaClockRow, slaClocks } from "./schema";

/**
 * Starts the clock of one target, with the policy version chosen for the subject (it keeps that version
 * for its life). The deadline is stored now. Null when the version sets no target for that priority and
 * metric; the open clock when one already runs (starting is idempotent).
 */
export async function startClock(
  db: Db,
  input: ClockSubject & { policyVersionId: string; priority: Priority; now: Date },
): Promise<SlaClockRow | null> {
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
        status: "active",
      })
      .onConflictDoNothing()
      .returning();
    return row ?? (await lockOpenClock(tx, input)) ?? null;
  });
}
