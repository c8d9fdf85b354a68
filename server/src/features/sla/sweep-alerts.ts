import type { Conversation, Ticket } from "@switchboard/contracts";
import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { announceNotifications, type CreatedNotification, insertNotifications } from "../notifications";
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
 * Fires every warning and breach due by `now` (up to `limit` of each kind): the due clocks are claimed
 * and stamped by one UPDATE per kind (`FOR UPDATE SKIP LOCKED`, so two processes sweeping at once
 * take disjoint rows, and the outer conditions are checked again on the locked row), their subjects
 * are read in one statement per type, and the notifications are inserted in one statement, all in one
 * transaction: a stamp never commits without its notifications. After commit, the consoles get
 * `sla.changed` and the recipients their notification. The stored instants are the whole truth: a
 * paused clock has status paused, a stopped one hit/missed, a moved deadline has new instants and
 * cleared stamps, so none of them is due, and a stamped one is never due again.
 */
export async function sweepDueAlerts(
  ctx: AppContext,
  links: SlaLinks,
  now: Date,
  limit = SWEEP_BATCH,
): Promise<FiredAlert[]> {
  const { fired, subjects, created } = await ctx.db.transaction(async (tx) => {
    const fired: FiredAlert[] = [];
    for (const kind of ["warning", "breach"] as const) {
      const warning = kind === "warning";
      const due = and(
        eq(slaClocks.status, "active"),
        warning ? isNull(slaClocks.warnedAt) : isNull(slaClocks.breachedAt),
        lte(warning ? slaClocks.warnAt : slaClocks.deadlineAt, now),
      );
      const claim = tx
        .select({ id: slaClocks.id })
        .from(slaClocks)
        .where(due)
        .orderBy(asc(warning ? slaClocks.warnAt : slaClocks.deadlineAt))
        .limit(limit)
        .for("update", { skipLocked: true });
      const rows = await tx
        .update(slaClocks)
        .set(warning ? { warnedAt: now, updatedAt: new Date() } : { breachedAt: now, updatedAt: new Date() })
        .where(and(inArray(slaClocks.id, claim), due))
        .returning();
      for (const clock of rows) fired.push({ kind, clock });
    }
    if (!fired.length) return { fired, subjects: null, created: [] as CreatedNotification[] };
    const ids = (type: "ticket" | "conversation") => [
      ...new Set(fired.filter((f) => f.clock.subjectType === type).map((f) => f.clock.subjectId)),
    ];
    const [tickets, conversations] = await Promise.all([
      links.getTickets(tx, ids("ticket")),
      links.getConversations(tx, ids("conversation")),
    ]);
    const subjects: Subjects = { tickets, conversations };
    const created = await insertNotifications(tx, await alertNotifications(tx, fired, subjects));
    return { fired, subjects, created };
  });
  if (subjects) await announceAlerts(ctx, fired, subjects, now);
  announceNotifications(ctx.bus, created);
  return fired;
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
