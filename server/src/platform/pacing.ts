import { type SQL, sql } from "drizzle-orm";
import type { Db } from "./db/client";

/**
 * Reserves the next `count` send slots of a paced key, shared by every process on the database: one
 * atomic UPSERT moves the key's `next_at` forward by `count` intervals and returns the first slot it
 * reserved (the later of "now" and the previous `next_at`); slot i is `first + i × interval`. Two
 * processes can never take the same slot, so together they stay under the limit. The database clock
 * decides, so process clocks may differ.
 *
 * `burstMs` is the idle credit: a key whose `next_at` fell behind "now" restarts from at most
 * `burstMs` ago instead of from now, so a short pause between a sender's batches (its claim, the
 * status read) is made up instead of lost every second. It is bounded: the slots stay `interval`
 * apart and only slots of the last `burstMs` can be taken late, so any one second holds at most
 * `perSecond × (1 + burstMs / 1000) + 1` sends (50 ms: 5 % over, the issue's own tolerance), and a
 * key that stays busy never gets credit at all. Without it (0), idle time is never credited.
 */
export async function reserveSlots(
  db: Db,
  key: string,
  perSecond: number,
  count: number,
  opts: {
    /**
     * A data-modifying statement run in the same round trip (PostgreSQL runs a WITH's UPDATE whether
     * or not the query reads it): the campaign sender marks "these sends took their slots" at no
     * extra cost. A function gets the first reserved slot as an SQL expression (each send's own
     * slot is that plus its index × interval).
     */
    also?: SQL | ((firstSlot: SQL, interval: SQL) => SQL);
    burstMs?: number;
  } = {},
): Promise<{ slot: Date; slotMicros: number; intervalUs: number; waitMs: number }> {
  const n = Math.max(1, Math.floor(count));
  const intervalUs = Math.max(1, Math.round(1_000_000 / perSecond));
  const step = sql`make_interval(secs => ${intervalUs * n}::double precision / 1000000)`;
  const interval = sql`make_interval(secs => ${intervalUs}::double precision / 1000000)`;
  const also = typeof opts.also === "function" ? opts.also(sql`(select slot from r)`, interval) : opts.also;
  const credit = sql`make_interval(secs => ${Math.max(0, Math.round(opts.burstMs ?? 0))}::double precision / 1000)`;
  const result = (await db.execute(sql`
    with r as (
      insert into pacing_slots as p (key, next_at) values (${key}, clock_timestamp() + ${step})
      on conflict (key) do update set next_at = greatest(p.next_at, clock_timestamp() - ${credit}) + ${step}
      returning p.next_at - ${step} as slot
    )${also ? sql`, also as (${also})` : sql``}
    select (extract(epoch from slot) * 1000000)::bigint::text as slot_us,
      greatest(0, extract(epoch from (slot - clock_timestamp())) * 1000)::float8 as wait_ms
    from r`)) as unknown as { rows: { slot_us: string; wait_ms: string | number }[] }; // both drivers answer { rows }
  const row = result.rows[0]!;
  const slotMicros = Number(row.slot_us);
  return { slot: new Date(slotMicros / 1000), slotMicros, intervalUs, waitMs: Number(row.wait_ms) };
}

/** One slot (see reserveSlots), no idle credit. */
export async function reserveSlot(
  db: Db,
  key: string,
  perSecond: number,
  also?: SQL,
): Promise<{ slot: Date; slotMicros: number; waitMs: number }> {
  const { slot, slotMicros, waitMs } = await reserveSlots(db, key, perSecond, 1, { also });
  return { slot, slotMicros, waitMs };
}

/** Waits for the reserved slot. */
export async function paceOn(db: Db, key: string, perSecond: number, also?: SQL): Promise<Date> {
  const { slot, waitMs } = await reserveSlot(db, key, perSecond, also);
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  return slot;
}

/** Keys idle for an hour hold no reservation worth keeping (per-chat keys come and go). */
export async function pruneSlots(db: Db): Promise<void> {
  await db.execute(sql`delete from pacing_slots where next_at < now() - interval '1 hour'`);
}
