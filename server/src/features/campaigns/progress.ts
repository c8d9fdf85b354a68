import type { SessionUser } from "../../platform/auth/identity";
import type { AppContext } from "../../platform/context";
import { PgRateLimiter } from "../../platform/rate-limit/limiter";
import { campaignRow, countsFor } from "./queries";

/** At most one campaign.progress per campaign per window, across every process. */
const WINDOW_MS = 1000;
/** A trailing emit waits past the window it was throttled in (the window runs on the database clock). */
const TRAILING_MS = WINDOW_MS + 100;

/** Who receives campaign.progress: whoever may read campaigns (GET /api/campaigns is guard "agent"). */
export const canSeeCampaigns = (u: SessionUser) => u.role === "admin" || u.role === "agent";

/**
 * This process's campaigns with a check or a trailing emit on its way. `dirty`: a change landed
 * while the check ran, so its read may predate it; `timer`: the trailing emit is scheduled (it reads
 * after every change noted until then, so later notes need nothing).
 */
type Slot = { dirty: boolean; timer?: NodeJS.Timeout };
const slotsByCtx = new WeakMap<AppContext, Map<string, Slot>>();
const limiters = new WeakMap<AppContext, PgRateLimiter>();

function slotsOf(ctx: AppContext) {
  const m = slotsByCtx.get(ctx) ?? new Map<string, Slot>();
  slotsByCtx.set(ctx, m);
  return m;
}

function limiterOf(ctx: AppContext) {
  const l =
    limiters.get(ctx) ?? new PgRateLimiter(ctx.db, { name: "campaign-progress", limit: 1, windowMs: WINDOW_MS });
  limiters.set(ctx, l);
  return l;
}

/**
 * Tells the consoles that campaigns moved. Call after the change committed; never throws, never
 * waits (the dispatcher and the status drain are hot paths). The throttle is the shared rate_limits
 * table: the hit that opens a window emits, the others schedule one trailing emit after it, so the
 * last change of a burst is always shown. A trailing hit throttled again means another process
 * emitted in a later window, i.e. after this change committed, so it is dropped. At worst two
 * processes' trailing emits race: one wins the window; the payload is re-read counts, so a
 * duplicate would be harmless anyway.
 */
export function campaignProgressed(ctx: AppContext, campaignIds: Iterable<string>) {
  for (const id of new Set(campaignIds)) {
    const slot = slotsOf(ctx).get(id);
    if (slot) {
      if (!slot.timer) slot.dirty = true;
      continue;
    }
    void check(ctx, id, false);
  }
}

async function check(ctx: AppContext, id: string, trailing: boolean) {
  const slots = slotsOf(ctx);
  const slot: Slot = { dirty: false };
  slots.set(id, slot);
  try {
    const { count } = await limiterOf(ctx).hit(id);
    if (count === 1) await emit(ctx, id);
    else if (!trailing) slot.dirty = true;
  } catch (err) {
    ctx.log.warn({ err, campaignId: id }, "campaign progress event failed");
  }
  if (!slot.dirty) return void slots.delete(id);
  slot.timer = setTimeout(() => {
    slots.delete(id);
    void check(ctx, id, true);
  }, TRAILING_MS);
  slot.timer.unref();
}

async function emit(ctx: AppContext, id: string) {
  const [c, counts] = await Promise.all([campaignRow(ctx.db, id), countsFor(ctx.db, [id])]);
  ctx.bus.emit("campaign.progress", { campaignId: id, status: c.status, counts: counts.get(id)! });
}

/** Progress to the sockets of this process, for events committed in any process (the relay carries them). */
export function registerCampaignRealtime(ctx: AppContext) {
  ctx.bus.onEveryProcess("campaign.progress", (p) =>
    ctx.hub.toAgents({ type: "campaign.progress", ...p }, canSeeCampaigns),
  );
}

/** Checks and trailing emits still on their way in this process (tests wait for none). */
export function progressPending(ctx: AppContext): number {
  return slotsOf(ctx).size;
}
