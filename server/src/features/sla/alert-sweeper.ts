import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import type { SlaLinks } from "./links";
import { slaClocks } from "./schema";
import { claimDueAlerts, deliverAlerts, SWEEP_BATCH } from "./sweep-alerts";

/**
 * The longest the sweeper sleeps. It sleeps until the soonest stored instant, but a clock started
 * meanwhile (in any process) may be due sooner than that: it is found on the next look, so it fires at
 * most this late. A look is two index probes (the partial due indexes), cheap enough four times a second.
 */
export const SWEEP_MAX_SLEEP_MS = 250;

/** The soonest warning or breach that has not fired yet (null: none pending). */
export async function nextAlertAt(db: Db): Promise<Date | null> {
  const { rows } = (await db.execute(sql`select least(
      (select min(${slaClocks.warnAt}) from ${slaClocks} where ${slaClocks.status} = 'active' and ${slaClocks.warnedAt} is null),
      (select min(${slaClocks.deadlineAt}) from ${slaClocks} where ${slaClocks.status} = 'active' and ${slaClocks.breachedAt} is null)
    ) as at`)) as unknown as { rows: { at: string | Date | null }[] };
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

/**
 * Fires SLA warnings and breaches at their stored instants, in every job process (ROLE all | worker):
 * sweep what is due, then sleep until the next stored instant (at most SWEEP_MAX_SLEEP_MS), or sweep
 * again at once when a batch came back full. Several processes sweep side by side (the claims skip
 * each other's locked rows). Replaces one pg-boss job per alert: at 10,000 clocks those could neither
 * be queued nor run fast enough (bench/results/analytics.md).
 */
export function startAlertSweeper(app: AppContext, links: SlaLinks): { stop(): Promise<void> } {
  // Its own connections (database.timedDb): the work its events cause must not delay the next sweep.
  const ctx: AppContext = { ...app, db: app.database.timedDb };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  // A two-stage pipeline: the next batch is claimed and stamped while the previous one is notified
  // and pushed (at most one in flight), so the stamps keep pace with the clocks coming due.
  let delivering: Promise<void> = Promise.resolve();
  const loop = (async () => {
    while (!stopped) {
      let wait = SWEEP_MAX_SLEEP_MS;
      try {
        const now = new Date();
        const fired = await claimDueAlerts(ctx.db, now);
        if (fired.length) {
          await delivering;
          delivering = deliverAlerts(ctx, links, fired, now).catch((err) =>
            ctx.log.error({ err, alerts: fired.length }, "SLA alert notifications failed"),
          );
        }
        const full = ["warning", "breach"].some((k) => fired.filter((f) => f.kind === k).length >= SWEEP_BATCH);
        if (full) continue;
        const next = await nextAlertAt(ctx.db);
        if (next) wait = Math.min(SWEEP_MAX_SLEEP_MS, Math.max(0, next.getTime() - Date.now()));
      } catch (err) {
        if (stopped) break;
        ctx.log.warn({ err }, "SLA alert sweep failed");
      }
      if (!stopped && wait > 0) await sleep(wait);
    }
    await delivering;
  })();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
