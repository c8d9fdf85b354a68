/**
 * Webhook acknowledgements come before processing. On a small machine the two compete for the same
 * CPU and database, so while providers are posting hard, background processing steps aside (for at
 * most a couple of seconds at a time, so it always makes progress): a burst is acknowledged at full
 * speed and applied right after it, visible a little later and never lost.
 */
let lastIntake = 0;
let windowStart = 0;
let windowCount = 0;
let rate = 0;

export function noteIntake(now = Date.now()) {
  lastIntake = now;
  if (now - windowStart > 250) {
    rate = (windowCount * 1000) / Math.max(1, now - windowStart);
    windowStart = now;
    windowCount = 0;
  }
  windowCount++;
}

const busy = (now: number) => now - lastIntake < 150 && rate > 300;

/** Called by background processing between events. */
export async function yieldToIntake(maxWaitMs = 1000): Promise<void> {
  const until = Date.now() + maxWaitMs;
  while (busy(Date.now()) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
}
