/**
 * Spaces sends to stay under provider throughput limits (WhatsApp per number, Telegram global and
 * per chat). In-process: each process paces its own sends.
 */
const next = new Map<string, number>();

export async function pace(key: string, perSecond: number): Promise<void> {
  const now = Date.now();
  const slot = Math.max(now, next.get(key) ?? 0);
  next.set(key, slot + 1000 / perSecond);
  if (next.size > 10_000) for (const [k, t] of next) if (t < now) next.delete(k);
  if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s… capped, each randomised to 50–100 %. */
export function backoffMs(attempt: number, baseMs = 2000, capMs = 5 * 60_000): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}
