import { type SQL, sql } from "drizzle-orm";
import type { Db } from "./db/client";

/**
 * Reserves the next send slot of a paced key, shared by every process on the database: one atomic
 * UPSERT moves the key's `next_at` forward by one interval and returns the slot it reserved (the
 * later of "now" and the previous `next_at`). Two processes can never take the same slot, so
 * together they stay under the limit. The database clock decides, so process clocks may differ.
 */
export async function reserveSlot(
  db: Db,
  key: string,
  perSecond: number,
  /**
   * A data-modifying statement run in the same round trip (PostgreSQL runs a WITH's UPDATE whether
   * or not the query reads it): the campaign sender marks "this send took its slot" at no extra cost.
   */
  also?: SQL,
): Promise<{ slot: Date; slotMicros: number; waitMs: number }> {
  const intervalUs = Math.max(1, Math.round(1_000_000 / perSecond));
  const step = sql`make_interval(secs => ${intervalUs}::double precision / 1000000)`;
  const result = (await db.execute(sql`
    with ${also ? sql`also as (${also}),` : sql``} r as (
      insert into pacing_slots as p (key, next_at) values (${key}, clock_timestamp() + ${step})
      on conflict (key) do update set next_at = greatest(p.next_at, clock_timestamp()) + ${step}
      returning p.next_at - ${step} as slot
    )
    select (extract(epoch from slot) * 1000000)::bigint::text as slot_us,
      greatest(0, extract(epoch from (slot - clock_timestamp())) * 1000)::float8 as wait_ms
    from r`)) as unknown as { rows: { slot_us: string; wait_ms: string | number }[] }; // both drivers answer { rows }
  const row = result.rows[0]!;
  const slotMicros = Number(row.slot_us);
  return { slot: new Date(slotMicros / 1000), slotMicros, waitMs: Number(row.wait_ms) };
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
