import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { ClockSubject } from "./clocks";
import { slaClocks } from "./schema";

/**
 * Drops an open clock that no longer measures anything (the AI took the conversation back, a ticket was
 * solved before anyone owed a reply): it is neither hit nor missed, so it is deleted. Its jobs find
 * nothing and do nothing. True when one was open.
 */
export async function cancelClock(db: Db, input: ClockSubject): Promise<boolean> {
  const rows = await db
    .delete(slaClocks)
    .where(
      and(
        eq(slaClocks.subjectType, input.subjectType),
        eq(slaClocks.subjectId, input.subjectId),
        eq(slaClocks.metric, input.metric),
        inArray(slaClocks.status, ["active", "paused"]),
      ),
    )
    .returning({ id: slaClocks.id });
  return rows.length > 0;
}
