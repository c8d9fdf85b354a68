import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneSlots, reserveSlot, reserveSlots } from "../src/platform/pacing";
import { bootServer, drivers, type TestServer } from "./helpers";

// Pacing across processes is proven with two real processes in multiprocess.test.ts; this covers
// the reservation itself on both drivers.
describe.each(drivers)("provider pacing slots in PostgreSQL (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await bootServer(driver);
  });
  afterAll(() => s.stop());

  it("gives concurrent senders distinct slots exactly one interval apart", async () => {
    const slots = await Promise.all(Array.from({ length: 20 }, () => reserveSlot(s.ctx.db, "pace:burst", 80)));
    const us = slots.map((x) => x.slotMicros).sort((a, b) => a - b);
    const gaps = us.slice(1).map((v, i) => v - us[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(12_500);
    // The later slots are in the future: those senders are told to wait.
    expect(Math.max(...slots.map((x) => x.waitMs))).toBeGreaterThan(0);
  });

  it("reserves a group of slots in one round trip: the next reservation starts count intervals later", async () => {
    const groups = await Promise.all(Array.from({ length: 6 }, () => reserveSlots(s.ctx.db, "pace:group", 100, 4)));
    const firsts = groups.map((g) => g.slotMicros).sort((a, b) => a - b);
    expect(groups[0]!.intervalUs).toBe(10_000);
    // Six groups of four: 24 distinct slots 10 ms apart, each group's first 40 ms after the previous one's.
    expect(firsts.slice(1).map((v, i) => v - firsts[i]!)).toEqual([40_000, 40_000, 40_000, 40_000, 40_000]);
  });

  it("credits idle time up to burstMs, never more", async () => {
    const dbNowUs = async () =>
      Number(
        (
          (
            await s.ctx.database.executeSql(
              "select (extract(epoch from clock_timestamp()) * 1000000)::bigint::text as us",
              [],
            )
          ).rows[0] as { us: string }
        ).us,
      );
    await reserveSlots(s.ctx.db, "pace:idle", 100, 1);
    // The key fell ten seconds behind (idle): a credit of 50 ms gives back 50 ms of slots, not ten seconds.
    await s.ctx.db.execute(
      sql`update pacing_slots set next_at = now() - interval '10 seconds' where key = 'pace:idle'`,
    );
    const before = await dbNowUs();
    const credited = await reserveSlots(s.ctx.db, "pace:idle", 100, 5, { burstMs: 50 });
    const after = await dbNowUs();
    expect(credited.slotMicros).toBeGreaterThanOrEqual(before - 50_000);
    expect(credited.slotMicros).toBeLessThanOrEqual(after - 50_000);
    expect(credited.waitMs).toBe(0);
    // The next group follows the credited one: the slots stay one interval apart.
    const next = await reserveSlots(s.ctx.db, "pace:idle", 100, 1, { burstMs: 50 });
    expect(next.slotMicros - credited.slotMicros).toBe(50_000);
    // Without credit a lapsed key restarts from now.
    await s.ctx.db.execute(
      sql`update pacing_slots set next_at = now() - interval '10 seconds' where key = 'pace:idle'`,
    );
    const t0 = await dbNowUs();
    expect((await reserveSlots(s.ctx.db, "pace:idle", 100, 1)).slotMicros).toBeGreaterThanOrEqual(t0);
  });

  it("keys are independent (one number's queue never delays another's)", async () => {
    await Promise.all(Array.from({ length: 10 }, () => reserveSlot(s.ctx.db, "pace:busy", 1)));
    const other = await reserveSlot(s.ctx.db, "pace:quiet", 1);
    expect(other.waitMs).toBe(0);
  });

  it("prunes keys idle for an hour", async () => {
    await reserveSlot(s.ctx.db, "pace:old", 10);
    await s.ctx.db.execute(sql`update pacing_slots set next_at = now() - interval '2 hours' where key = 'pace:old'`);
    await pruneSlots(s.ctx.db);
    const rows = (await s.ctx.database.executeSql("select key from pacing_slots where key like 'pace:%'", [])).rows;
    expect(rows.map((r) => (r as { key: string }).key).sort()).toEqual([
      "pace:burst",
      "pace:busy",
      "pace:group",
      "pace:idle",
      "pace:quiet",
    ]);
  });
});
