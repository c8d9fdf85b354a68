import type { Db } from "../../platform/db/client";
import { paceOn } from "../../platform/pacing";

/**
 * Spaces sends to stay under provider throughput limits (WhatsApp per number, Telegram global and
 * per chat). The slots live in PostgreSQL (pacing_slots), so several processes sending on one
 * number together stay under its limit.
 */
export async function pace(db: Db, key: string, perSecond: number): Promise<void> {
  await paceOn(db, key, perSecond);
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s… capped, each randomised to 50–100 %. */
export function backoffMs(attempt: number, baseMs = 2000, capMs = 5 * 60_000): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}
