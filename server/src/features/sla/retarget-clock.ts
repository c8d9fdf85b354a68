import type { Priority } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { addBusinessSeconds, businessSecondsBetween, CALENDAR } from "./business-time";
import { type ClockSubject, clockHours, lockOpenClock, warnSeconds } from "./clocks";
import { getPolicyVersion } from "./queries";
import { type SlaClockRow, slaClocks } from "./schema";

/**
 * The subject's priority (or what chose its policy) changed: an open clock takes the target of the new
 * version and priority (Zendesk re-applies policies on update). The time already used stays used; the
 * new deadline is what is left of the new target from now, stored. Without a target any more, the clock
 * is dropped. Returns the clock as it is now ({ clock: null } when dropped) and whether it changed.
 */
export async function retargetClock(
  db: Db,
  input: ClockSubject & { policyVersionId: string; priority: Priority; now: Date },
): Promise<{ clock: SlaClockRow | null; changed: boolean }> {
  const version = await getPolicyVersion(db, input.policyVersionId);
  const target = version.targets[input.priority]?.[input.metric];
  return db.transaction(async (tx) => {
    const clock = await lockOpenClock(tx, input);
    if (!clock) return { clock: null, changed: false };
    if (!target) {
      await tx.delete(slaClocks).where(eq(slaClocks.id, clock.id));
      return { clock: null, changed: true };
    }
    const targetSeconds = target.minutes * 60;
    if (clock.policyVersionId === version.id && clock.targetSeconds === targetSeconds && clock.hours === target.hours)
      return { clock, changed: false };
    const oldHours = await clockHours(tx, clock);
    const used =
      clock.consumedSeconds +
      (clock.status === "active" && clock.runningSince
        ? businessSecondsBetween(clock.runningSince, input.now, oldHours)
        : 0);
    const hours = target.hours === "calendar" ? CALENDAR : version.schedule;
    const running = clock.status === "active";
    const [row] = await tx
      .update(slaClocks)
      .set({
        policyVersionId: version.id,
        hours: target.hours,
        targetSeconds,
        consumedSeconds: used,
        runningSince: running ? input.now : null,
        deadlineAt: running ? addBusinessSeconds(input.now, Math.max(0, targetSeconds - used), hours) : null,
        warnAt: running
          ? addBusinessSeconds(input.now, Math.max(0, warnSeconds(targetSeconds, version.warningPercent) - used), hours)
          : null,
        warnedAt: null,
        breachedAt: null,
        updatedAt: new Date(),
      })
      .where(eq(slaClocks.id, clock.id))
      .returning();
    return { clock: row ?? null, changed: true };
  });
}
