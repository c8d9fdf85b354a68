import crypto from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rateLimits } from "./schema";

export interface RateLimitOptions {
  /** Namespaces the keys, so limiters never collide in the shared table. */
  name: string;
  limit: number;
  windowMs: number;
}

/**
 * A fixed-window limiter in PostgreSQL: correct across processes and restarts. Each hit is one
 * atomic upsert that also restarts an expired window, using the database clock so processes with
 * drifting clocks agree. Long keys are hashed to keep the primary key small.
 */
export class PgRateLimiter {
  constructor(
    private readonly db: Db,
    private readonly opts: RateLimitOptions,
  ) {}

  private key(k: string) {
    const raw = `${this.opts.name}:${k}`;
    return raw.length <= 200 ? raw : `${this.opts.name}:sha256:${crypto.createHash("sha256").update(k).digest("hex")}`;
  }

  /** Seconds to wait when the key is at its limit, else 0. Does not count. */
  async blockedFor(k: string): Promise<number> {
    const [row] = await this.db
      .select({
        count: rateLimits.count,
        wait: sql<number>`ceil(extract(epoch from (${rateLimits.resetAt} - now())))::int`,
      })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, this.key(k)), gt(rateLimits.resetAt, sql`now()`)))
      .limit(1);
    return row && row.count >= this.opts.limit ? Math.max(1, row.wait) : 0;
  }

  /** Counts one hit; returns the count in the current window and the seconds until it resets. */
  async hit(k: string): Promise<{ count: number; resetInSeconds: number }> {
    const windowEnd = sql`now() + ${`${this.opts.windowMs} milliseconds`}::interval`;
    const expired = sql`${rateLimits.resetAt} <= now()`;
    const [row] = await this.db
      .insert(rateLimits)
      .values({ key: this.key(k), count: 1, resetAt: windowEnd })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
          resetAt: sql`case when ${expired} then ${windowEnd} else ${rateLimits.resetAt} end`,
        },
      })
      .returning({
        count: rateLimits.count,
        resetIn: sql<number>`ceil(extract(epoch from (${rateLimits.resetAt} - now())))::int`,
      });
    return { count: row!.count, resetInSeconds: row!.resetIn };
  }

  async reset(k: string): Promise<void> {
    await this.db.delete(rateLimits).where(eq(rateLimits.key, this.key(k)));
  }
}

/** Drops windows that ended (called with the hourly session purge). */
export async function purgeRateLimits(db: Db) {
  await db.delete(rateLimits).where(lt(rateLimits.resetAt, sql`now()`));
}
