import {
  liveSessions,
  purgeExpiredSessions,
  purgeOldConnections,
  sweepAvailability,
} from "./features/agents";
import { sweepLostCalls } from "./features/calls";
import { sweepStuckWork } from "./features/channels";
import { purgeEmptyVisitorContacts } from "./features/inbox";
import { purgeOldDeliveries } from "./features/integrations";
import { drainQueue } from "./features/routing";
import type { AppContext } from "./platform/context";
import { pruneSlots } from "./platform/pacing";
import { purgeRateLimits } from "./platform/rate-limit/limiter";

/**
 * The periodic sweeps of the composition root. They run on job processes only, and one process at
 * a time (each takes a database lock without waiting: a skipped round is harmless). Returns stop.
 */
export function startSweepers(
  ctx: AppContext,
  opts: { works: boolean; serves: boolean; presenceRules: Parameters<typeof sweepAvailability>[1] },
): () => void {
  const { database, log } = ctx;
  const timers: NodeJS.Timeout[] = [];
  const every = (name: string, ms: number, fn: () => Promise<unknown>) => {
    if (!opts.works) return;
    const t = setInterval(
      () => void database.lock(name, fn, { wait: false }).catch((err) => log.warn({ err }, `${name} failed`)),
      ms,
    );
    t.unref();
    timers.push(t);
  };
  every("hourly-purge", 3600_000, () =>
    Promise.all([
      purgeExpiredSessions(ctx.db),
      purgeRateLimits(ctx.db),
      purgeEmptyVisitorContacts(ctx.db),
      purgeOldDeliveries(ctx),
      purgeOldConnections(ctx.db),
    ]),
  );
  every("sweep", 60_000, () => sweepStuckWork(ctx));
  // Calls whose driving process died or whose final Twilio callback never came end visibly.
  every("call-sweep", 60_000, () => sweepLostCalls(ctx));
  every("presence-sweep", 30_000, () => sweepAvailability(ctx, opts.presenceRules));
  every("pacing-prune", 3600_000, () => pruneSlots(ctx.db));
  // The routing queue drains on events; this only catches a request lost in a crash.
  every("routing-sweep", 60_000, () => drainQueue(ctx));
  // Sessions can end where no event reaches this process (the admin command): every process that
  // holds sockets checks its own every 30 s.
  if (opts.serves) {
    const ended = setInterval(
      () =>
        ctx.hub
          .dropEndedSessions((ids) => liveSessions(ctx.db, ids))
          .catch((err) => log.warn({ err }, "socket session check failed")),
      30_000,
    );
    ended.unref();
    timers.push(ended);
  }
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
