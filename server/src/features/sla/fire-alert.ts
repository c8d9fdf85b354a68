import { and, eq, isNull, lte } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { SlaAlert } from "./alert-job";
import { announceSla } from "./announce";
import type { SlaLinks } from "./links";
import { notifyAlert } from "./notify-alert";
import { slaClocks } from "./schema";

/**
 * The warning or breach of one clock, at `now`: recorded once (a conditional UPDATE: still running,
 * still due at exactly the job's instant, not fired yet, and due by `now`), then pushed to the consoles
 * and notified. A paused, stopped or re-deadlined clock, a retried job or a second process: nothing.
 * Returns whether it fired.
 */
export async function fireAlert(ctx: AppContext, links: SlaLinks, alert: SlaAlert, now: Date): Promise<boolean> {
  const at = new Date(alert.at);
  if (at > now) return false;
  const warning = alert.kind === "warning";
  const [clock] = await ctx.db
    .update(slaClocks)
    .set(warning ? { warnedAt: now, updatedAt: new Date() } : { breachedAt: now, updatedAt: new Date() })
    .where(
      and(
        eq(slaClocks.id, alert.clockId),
        eq(slaClocks.status, "active"),
        warning ? eq(slaClocks.warnAt, at) : eq(slaClocks.deadlineAt, at),
        warning ? isNull(slaClocks.warnedAt) : isNull(slaClocks.breachedAt),
        lte(warning ? slaClocks.warnAt : slaClocks.deadlineAt, now),
      ),
    )
    .returning();
  if (!clock) return false;
  // The console push and the notifications read the same subject: read it once (many clocks can
  // come due in the same second, each read is a join), then do both side by side.
  const once = memoSubject(links, clock.subjectType, clock.subjectId);
  await Promise.all([
    announceSla(ctx, once, clock, warning ? "sla.warning" : "sla.breached", clock.metric),
    notifyAlert(ctx, once, clock, alert.kind),
  ]);
  return true;
}

/** `links` whose read of this one subject is shared by its callers. */
function memoSubject(links: SlaLinks, type: "ticket" | "conversation", id: string): SlaLinks {
  let conversation: ReturnType<SlaLinks["getConversation"]> | undefined;
  let ticket: ReturnType<SlaLinks["getTicket"]> | undefined;
  return {
    ...links,
    getConversation: (db, cid) => {
      if (type !== "conversation" || cid !== id) return links.getConversation(db, cid);
      conversation ??= links.getConversation(db, cid);
      return conversation;
    },
    getTicket: (db, tid) => {
      if (type !== "ticket" || tid !== id) return links.getTicket(db, tid);
      ticket ??= links.getTicket(db, tid);
      return ticket;
    },
  };
}
