import type pg from "pg";

/**
 * Runs `fn` while holding a named lock that every process on the database respects. `wait: false`
 * skips `fn` (returns undefined) when another holder has it: for periodic work that one process
 * at a time is enough for (sweepers).
 */
export type LockFn = <T>(name: string, fn: () => Promise<T>, opts?: { wait?: boolean }) => Promise<T | undefined>;

/**
 * PostgreSQL session advisory locks on one pooled connection, held for the whole of `fn` (which
 * may use any connection: the lock is about the name, not the queries). Names hash to the bigint
 * key space with hashtextextended, under a "switchboard:" prefix.
 */
export function advisoryLocks(pool: pg.Pool): LockFn {
  return async (name, fn, opts = {}) => {
    const client = await pool.connect();
    const key = `switchboard:${name}`;
    let held = false;
    try {
      if (opts.wait === false) {
        const r = await client.query<{ got: boolean }>("select pg_try_advisory_lock(hashtextextended($1, 0)) as got", [
          key,
        ]);
        if (!r.rows[0]?.got) return undefined;
      } else await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [key]);
      held = true;
      return await fn();
    } finally {
      let broken: Error | undefined;
      if (held)
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch((err: Error) => {
          broken = err;
        });
      // A connection whose unlock failed must not go back to the pool still holding the lock.
      client.release(broken);
    }
  };
}

/** One process (PGlite): an in-process lock per name is the same guarantee. */
export function processLocks(): LockFn {
  const tails = new Map<string, Promise<unknown>>();
  return async (name, fn, opts = {}) => {
    const prev = tails.get(name);
    if (prev && opts.wait === false) return undefined;
    const run = (prev ?? Promise.resolve()).catch(() => {}).then(fn);
    tails.set(name, run);
    try {
      return await run;
    } finally {
      if (tails.get(name) === run) tails.delete(name);
    }
  };
}
