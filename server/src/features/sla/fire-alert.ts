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
  await announceSla(ctx, links, clock, warning ? "sla.warning" : "sla.breached", clock.metric);
  await notifyAlert(ctx, links, clock, alert.kind);
  return true;
}
