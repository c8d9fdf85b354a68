import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneSlots, reserveSlot } from "../src/platform/pacing";
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
    expect(rows.map((r) => (r as { key: string }).key).sort()).toEqual(["pace:burst", "pace:busy", "pace:quiet"]);
  });
});
