import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { businessSecondsBetween } from "./business-time";
import { type ClockSubject, clockHours, lockOpenClock } from "./clocks";
import { type SlaClockRow, slaClocks } from "./schema";

/**
 * Stops a clock when its target is fulfilled (the human reply, the resolution) and records hit or miss:
 * a running clock hits when it stops by its stored deadline; a paused one when its banked time is
 * within the target. Null when no clock is open.
 */
export async function stopClock(db: Db, input: ClockSubject & { now: Date }): Promise<SlaClockRow | null> {
  return db.transaction(async (tx) => {
    const clock = await lockOpenClock(tx, input);
    if (!clock) return null;
    const stretch =
      clock.status === "active" && clock.runningSince
        ? businessSecondsBetween(clock.runningSince, input.now, await clockHours(tx, clock))
        : 0;
    const hit =
      clock.status === "active" && clock.deadlineAt
        ? input.now.getTime() <= clock.deadlineAt.getTime()
        : clock.consumedSeconds <= clock.targetSeconds;
    const [row] = await tx
      .update(slaClocks)
      .set({
        status: hit ? "hit" : "missed",
        consumedSeconds: clock.consumedSeconds + stretch,
        stoppedAt: input.now,
        runningSince: null,
        updatedAt: new Date(),
      })
      .where(eq(slaClocks.id, clock.id))
      .returning();
    return row ?? null;
  });
}
