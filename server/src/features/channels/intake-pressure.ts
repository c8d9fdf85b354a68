import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Webhook acknowledgements come before processing. When this process truly saturates (its event
 * loop lags, so answers wait for CPU), the drain steps aside between rounds, for a bounded time, so
 * a burst is acknowledged at full speed and applied right after it. Deliberately per process and
 * in memory: it measures this process's own CPU, which is what intake and processing compete for
 * when they share a process (ROLE=all); a worker-only process never sees intake lag and never waits.
 * Nothing here is shared between requests, and no decision of another process depends on it.
 */
const LAG_MS = 40;
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let lagMs = 0;
setInterval(() => {
  lagMs = delay.percentile(99) / 1e6;
  delay.reset();
}, 100).unref();

/** Waits while this process's event loop lags (at most `maxWaitMs`). Called by the drain between rounds. */
export async function yieldWhenSaturated(maxWaitMs = 250): Promise<void> {
  const until = Date.now() + maxWaitMs;
  while (lagMs > LAG_MS && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
}
