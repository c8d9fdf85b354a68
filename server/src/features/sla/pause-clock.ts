import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { businessSecondsBetween } from "./business-time";
import { type ClockSubject, clockHours, lockOpenClock } from "./clocks";
import { type SlaClockRow, slaClocks } from "./schema";

/**
 * Pauses a running clock (a ticket waiting on the customer): banks the working seconds of the stretch
 * and drops the deadline, so no breach fires while paused. Null when no clock runs.
 */
export async function pauseClock(db: Db, input: ClockSubject & { now: Date }): Promise<SlaClockRow | null> {
  return db.transaction(async (tx) => {
    const clock = await lockOpenClock(tx, input);
    if (!clock) return null;
    if (clock.status !== "active" || !clock.runningSince) return clock;
    const used = businessSecondsBetween(clock.runningSince, input.now, await clockHours(tx, clock));
    const [row] = await tx
      .update(slaClocks)
      .set({
        status: "paused",
        pausedAt: input.now,
        runningSince: null,
        deadlineAt: null,
        warnAt: null,
        consumedSeconds: clock.consumedSeconds + used,
        updatedAt: new Date(),
      })
      .where(eq(slaClocks.id, clock.id))
      .returning();
    return row ?? null;
  });
}
