import crypto from "node:crypto";
import type { AppContext } from "../../platform/context";

/** A lease not renewed for this long belongs to a dead process and is taken over. */
const LEASE_SECONDS = 10;
/** The holder renews this often; a lease with less than LEASE - 2 * RENEW left missed a renewal. */
const RENEW_MS = 2_000;

export interface DrainLease {
  /** Aborts when the lease was lost (this process stalled past the lease) or the job's claim ended. */
  signal: AbortSignal;
  /** Lets go unless someone asked for another drain meanwhile; then clears the request and returns false. */
  releaseUnlessRequested(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Takes the channel's drain lease (drain_leases), or, when another drain holds it, records the
 * request on it (`again`) so that holder drains once more, and returns when the lease ends at the
 * latest (a dead holder's lease runs out then: the caller schedules a wake-up for that moment).
 */
export async function acquireDrainLease(
  ctx: AppContext,
  channelId: string,
  jobSignal?: AbortSignal,
): Promise<DrainLease | { busyUntil: Date }> {
  const holder = crypto.randomUUID();
  for (let attempt = 0; attempt < 3; attempt++) {
    const taken = await ctx.database.executeSql(
      `insert into drain_leases (channel_id, holder, expires_at, again)
       values ($1, $2, now() + make_interval(secs => ${LEASE_SECONDS}), false)
       on conflict (channel_id) do update set holder = excluded.holder, expires_at = excluded.expires_at, again = false
         where drain_leases.expires_at < now()
       returning holder`,
      [channelId, holder],
    );
    if (taken.rows.length) return held(ctx, channelId, holder, jobSignal);
    const busy = await ctx.database.executeSql(
      "update drain_leases set again = true where channel_id = $1 and expires_at >= now() returning expires_at",
      [channelId],
    );
    const row = busy.rows[0] as { expires_at: Date | string } | undefined;
    if (row) return { busyUntil: new Date(row.expires_at) };
    // It ran out between the two statements: try to take it again.
  }
  return { busyUntil: new Date(Date.now() + LEASE_SECONDS * 1000) };
}

function held(ctx: AppContext, channelId: string, holder: string, jobSignal?: AbortSignal): DrainLease {
  const lost = new AbortController();
  const onJobAbort = () => lost.abort();
  jobSignal?.addEventListener("abort", onJobAbort);
  const renew = setInterval(() => {
    ctx.database
      .executeSql(
        `update drain_leases set expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
          where channel_id = $1 and holder = $2 returning 1`,
        [channelId, holder],
      )
      .then(
        (r) => {
          if (!r.rows.length) lost.abort();
        },
        (err) => ctx.log.warn({ err, channelId }, "drain lease not renewed"),
      );
  }, RENEW_MS);
  renew.unref();
  const stop = () => {
    clearInterval(renew);
    jobSignal?.removeEventListener("abort", onJobAbort);
  };
  return {
    signal: lost.signal,
    async releaseUnlessRequested() {
      const gone = await ctx.database.executeSql(
        "delete from drain_leases where channel_id = $1 and holder = $2 and not again returning 1",
        [channelId, holder],
      );
      if (gone.rows.length) {
        stop();
        return true;
      }
      const kept = await ctx.database.executeSql(
        `update drain_leases set again = false, expires_at = now() + make_interval(secs => ${LEASE_SECONDS})
          where channel_id = $1 and holder = $2 returning 1`,
        [channelId, holder],
      );
      if (!kept.rows.length) {
        // Not ours any more (we stalled past the lease): the new holder has the request.
        stop();
        return true;
      }
      return false;
    },
    async release() {
      stop();
      await ctx.database.executeSql("delete from drain_leases where channel_id = $1 and holder = $2", [
        channelId,
        holder,
      ]);
    },
  };
}

/**
 * Asks for a drain without a job when one is running: marks the live lease `again`. Returns false
 * when no healthy drain holds the channel (none, or its holder missed renewals): queue a job then.
 */
export async function markDrainRequested(ctx: AppContext, channelId: string): Promise<boolean> {
  const r = await ctx.database.executeSql(
    `update drain_leases set again = true where channel_id = $1 and expires_at >= now()
     returning expires_at > now() + make_interval(secs => ${LEASE_SECONDS - (2 * RENEW_MS) / 1000 - 1}) as healthy`,
    [channelId],
  );
  return (r.rows[0] as { healthy?: boolean } | undefined)?.healthy === true;
}
