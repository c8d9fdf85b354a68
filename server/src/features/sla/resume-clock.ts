import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { addBusinessSeconds } from "./business-time";
import { type ClockSubject, clockHours, clockWarningPercent, lockOpenClock, warnSeconds } from "./clocks";
import { type SlaClockRow, slaClocks } from "./schema";

/**
 * Resumes a paused clock: the new deadline is what is left of the target from now, pushed into working
 * hours, and stored (the warning instant too). A clock already past its target resumes with its deadline
 * now (it is due). A warning already sent stays sent.
 */
export async function resumeClock(db: Db, input: ClockSubject & { now: Date }): Promise<SlaClockRow | null> {
  return db.transaction(async (tx) => {
    const clock = await lockOpenClock(tx, input);
    if (!clock) return null;
    if (clock.status !== "paused") return clock;
    const left = Math.max(0, clock.targetSeconds - clock.consumedSeconds);
    const toWarn = Math.max(
      0,
      warnSeconds(clock.targetSeconds, await clockWarningPercent(tx, clock)) - clock.consumedSeconds,
    );
    const hours = await clockHours(tx, clock);
    const [row] = await tx
      .update(slaClocks)
      .set({
        status: "active",
        pausedAt: null,
        runningSince: input.now,
        deadlineAt: addBusinessSeconds(input.now, left, hours),
        warnAt: addBusinessSeconds(input.now, toWarn, hours),
        updatedAt: new Date(),
      })
      .where(eq(slaClocks.id, clock.id))
      .returning();
    return row ?? null;
  });
}
