import type { Conversation, Ticket } from "@switchboard/contracts";
import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { announceNotifications, insertNotifications } from "../notifications";
import { alertNotifications } from "./alert-notifications";
import type { SlaLinks } from "./links";
import { type SlaClockRow, slaClocks } from "./schema";
import { slaStatesOf } from "./state";

export type AlertKind = "warning" | "breach";
export type FiredAlert = { kind: AlertKind; clock: SlaClockRow };
export type Subjects = { tickets: Map<string, Ticket>; conversations: Map<string, Conversation> };

/** Due alerts claimed per statement: one sweep stays a short transaction even when thousands are due. */
export const SWEEP_BATCH = 500;

/**
 * Fires every warning and breach due by `now` (up to `limit` of each kind): claims and stamps them
 * (`claimDueAlerts`), then notifies and announces them (`deliverAlerts`). The alert sweeper runs the
 * two steps as a pipeline; tests and a one-off run call this.
 */
export async function sweepDueAlerts(
  ctx: AppContext,
  links: SlaLinks,
  now: Date,
  limit = SWEEP_BATCH,
): Promise<FiredAlert[]> {
  const fired = await claimDueAlerts(ctx.db, now, limit);
  await deliverAlerts(ctx, links, fired, now);
  return fired;
}

/**
 * Claims and stamps the due clocks, in one short transaction: one UPDATE per kind (`FOR UPDATE SKIP
 * LOCKED`, so two processes sweeping at once take disjoint rows, and the conditions are checked again
 * on the locked row). The stored instants are the whole truth: a paused clock has status paused, a
 * stopped one hit/missed, a moved deadline has new instants and cleared stamps, so none of them is
 * due, and a stamped one is never due again. `warned_at` / `breached_at` = `now`: when it fired.
 */
export async function claimDueAlerts(db: Db, now: Date, limit = SWEEP_BATCH): Promise<FiredAlert[]> {
  return db.transaction(async (tx) => {
    const fired: FiredAlert[] = [];
    for (const kind of ["warning", "breach"] as const) {
      const warning = kind === "warning";
      const due = and(
        eq(slaClocks.status, "active"),
        warning ? isNull(slaClocks.warnedAt) : isNull(slaClocks.breachedAt),
        lte(warning ? slaClocks.warnAt : slaClocks.deadlineAt, now),
      );
      // The claim is a CTE, not an `IN (subquery)`: a locking subquery with LIMIT may be planned as a
      // subplan run again per outer row, which claimed far more than the limit (7,349 rows in 30 s
      // in the bench); a CTE that locks rows is evaluated once.
      const claim = tx.$with("claim").as(
        tx
          .select({ id: slaClocks.id })
          .from(slaClocks)
          .where(due)
          .orderBy(asc(warning ? slaClocks.warnAt : slaClocks.deadlineAt))
          .limit(limit)
          .for("update", { skipLocked: true }),
      );
      const rows = await tx
        .with(claim)
        .update(slaClocks)
        .set(warning ? { warnedAt: now, updatedAt: new Date() } : { breachedAt: now, updatedAt: new Date() })
        .where(and(inArray(slaClocks.id, tx.select({ id: claim.id }).from(claim)), due))
        .returning();
      for (const clock of rows) fired.push({ kind, clock });
    }
    return fired;
  });
}

/**
 * The notifications and console pushes of claimed alerts: the subjects are read in one statement per
 * type, the team leads in one, every notification inserted in one (one transaction); after commit
 * `sla.changed` per alert and `notification.created`. It runs after the stamps committed, so a crash in
 * between loses that batch's notifications (the stamps, the badges and the reports stay right): the
 * price of stamping the next batch while this one is delivered.
 */
export async function deliverAlerts(ctx: AppContext, links: SlaLinks, fired: FiredAlert[], now: Date) {
  if (!fired.length) return;
  const ids = (type: "ticket" | "conversation") => [
    ...new Set(fired.filter((f) => f.clock.subjectType === type).map((f) => f.clock.subjectId)),
  ];
  const { subjects, created } = await ctx.db.transaction(async (tx) => {
    const [tickets, conversations] = await Promise.all([
      links.getTickets(tx, ids("ticket")),
      links.getConversations(tx, ids("conversation")),
    ]);
    const subjects: Subjects = { tickets, conversations };
    return { subjects, created: await insertNotifications(tx, await alertNotifications(tx, fired, subjects)) };
  });
  await announceAlerts(ctx, fired, subjects, now);
  announceNotifications(ctx.bus, created);
}

/** After commit: each fired alert's subject state to the consoles (one state read for the batch). */
async function announceAlerts(ctx: AppContext, fired: FiredAlert[], subjects: Subjects, now: Date) {
  const states = await Promise.all(
    (["ticket", "conversation"] as const).map((type) =>
      slaStatesOf(
        ctx.db,
        type,
        [...new Set(fired.filter((f) => f.clock.subjectType === type).map((f) => f.clock.subjectId))],
        now,
      ),
    ),
  );
  for (const { kind, clock } of fired) {
    const sla = states[clock.subjectType === "ticket" ? 0 : 1]!.get(clock.subjectId);
    if (!sla) continue;
    let target: { assigneeId: string | null; teamId: string | null; channelId: string } | undefined;
    if (clock.subjectType === "conversation") {
      const c = subjects.conversations.get(clock.subjectId);
      // A conversation that is gone has no audience (as announceSla does for one subject).
      if (!c) continue;
      target = { assigneeId: c.assignee?.id ?? null, teamId: c.team?.id ?? null, channelId: c.channelId };
    }
    ctx.bus.emit("sla.changed", {
      kind: kind === "warning" ? "sla.warning" : "sla.breached",
      subjectType: clock.subjectType,
      subjectId: clock.subjectId,
      metric: clock.metric,
      sla,
      ...(target ? { target } : {}),
    });
  }
}
