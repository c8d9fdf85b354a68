import type { SlaMetric } from "@switchboard/contracts";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { CALENDAR, type Hours } from "./business-time";
import { getPolicyVersion } from "./queries";
import { type SlaClockRow, slaClocks } from "./schema";

export type ClockSubject = { subjectType: "ticket" | "conversation"; subjectId: string; metric: SlaMetric };

/** The open (active or paused) clock of a subject's target, locked for the caller's transaction. */
export async function lockOpenClock(tx: Db, s: ClockSubject): Promise<SlaClockRow | undefined> {
  const [row] = await tx
    .select()
    .from(slaClocks)
    .where(
      and(
        eq(slaClocks.subjectType, s.subjectType),
        eq(slaClocks.subjectId, s.subjectId),
        eq(slaClocks.metric, s.metric),
        inArray(slaClocks.status, ["active", "paused"]),
      ),
    )
    .for("update");
  return row;
}

/** What a clock counts in: its version's schedule (as it is now) for business hours. */
export async function clockHours(db: Db, clock: Pick<SlaClockRow, "hours" | "policyVersionId">): Promise<Hours> {
  if (clock.hours === "calendar") return CALENDAR;
  return (await getPolicyVersion(db, clock.policyVersionId)).schedule;
}

/** Working seconds into a target at which its warning is due (the version's share, whole seconds). */
export const warnSeconds = (targetSeconds: number, percent: number) => Math.floor((targetSeconds * percent) / 100);

/** The warning share of a clock's version. */
export async function clockWarningPercent(db: Db, clock: Pick<SlaClockRow, "policyVersionId">): Promise<number> {
  return (await getPolicyVersion(db, clock.policyVersionId)).warningPercent;
}
