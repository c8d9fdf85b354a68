import type { LiveTiles } from "@switchboard/contracts";
import type { SessionUser } from "../../platform/auth/identity";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { PgRateLimiter } from "../../platform/rate-limit/limiter";
import { countAgentsOnline } from "../agents";
import { liveConversationCounts } from "../inbox";

/**
 * The SLA tiles' source: the sla feature's clocks, when they report (issue 10 §2 is another change).
 * Absent, or answering null, the tiles are null ("not measured"), never an invented 0.
 */
export type SlaLiveSource = (db: Db, now: Date) => Promise<{ atRisk: number; breachedToday: number } | null>;

export async function liveTiles(db: Db, now: Date, sla?: SlaLiveSource): Promise<LiveTiles> {
  const [counts, agentsOnline, slaCounts] = await Promise.all([
    liveConversationCounts(db, now),
    countAgentsOnline(db),
    sla ? sla(db, now) : Promise.resolve(null),
  ]);
  return {
    ...counts,
    agentsOnline,
    slaAtRisk: slaCounts?.atRisk ?? null,
    slaBreachedToday: slaCounts?.breachedToday ?? null,
    at: now.toISOString(),
  };
}

/** At most one reports.changed per window, across every process (the shared rate_limits table). */
const WINDOW_MS = 1000;
const TRAILING_MS = WINDOW_MS + 100;
const KEY = "live";

export const canSeeReports = (u: SessionUser) => u.role === "admin" || u.role === "agent";

/** This process's pending check: `dirty` = a change landed while it ran; `timer` = a trailing emit is due. */
type Slot = { dirty: boolean; timer?: NodeJS.Timeout };
const slots = new WeakMap<AppContext, Slot>();
const limiters = new WeakMap<AppContext, PgRateLimiter>();

function limiterOf(ctx: AppContext) {
  const l = limiters.get(ctx) ?? new PgRateLimiter(ctx.db, { name: "reports-live", limit: 1, windowMs: WINDOW_MS });
  limiters.set(ctx, l);
  return l;
}

/**
 * Tells the consoles that a tile may have moved. Never throws, never waits. Like
 * campaigns/progress.ts: the hit that opens a window emits; the others schedule one trailing emit
 * after it, so the last change of a burst is always announced; a trailing hit throttled again means
 * another process emitted after this change committed, so it is dropped.
 */
export function reportsChanged(ctx: AppContext) {
  const slot = slots.get(ctx);
  if (slot) {
    if (!slot.timer) slot.dirty = true;
    return;
  }
  void check(ctx, false);
}

async function check(ctx: AppContext, trailing: boolean) {
  const slot: Slot = { dirty: false };
  slots.set(ctx, slot);
  try {
    const { count } = await limiterOf(ctx).hit(KEY);
    if (count === 1) ctx.bus.emit("reports.changed", {});
    else if (!trailing) slot.dirty = true;
  } catch (err) {
    ctx.log.warn({ err }, "reports.changed failed");
  }
  if (!slot.dirty) return void slots.delete(ctx);
  slot.timer = setTimeout(() => {
    slots.delete(ctx);
    void check(ctx, true);
  }, TRAILING_MS);
  slot.timer.unref();
}

/** Checks or trailing emits still on their way in this process (tests wait for none). */
export const reportsChangePending = (ctx: AppContext) => (slots.has(ctx) ? 1 : 0);
