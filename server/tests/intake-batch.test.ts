import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntakeBatcher, type IntakeRow } from "../src/features/channels/intake-batch";
import { bootServer, drivers, type TestServer } from "./helpers";

/**
 * Webhook intake's group commit (intake-batch.ts): a burst shares INSERTs, yet every caller learns
 * exactly whether its own row was new, duplicates in one batch count once, and a row the database
 * refuses fails only its own request.
 */
describe.each(drivers)("webhook intake group commit (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await bootServer(driver);
  });
  afterAll(() => s?.stop());

  const row = (key: string, extra: Partial<IntakeRow> = {}): IntakeRow => ({
    channelType: "whatsapp",
    channelId: null,
    eventKey: key,
    status: "orphan",
    payload: `{"k":"${key}"}`,
    summary: "test",
    orderingKey: "",
    ...extra,
  });
  const stored = async (prefix: string) =>
    (
      await s.ctx.database.executeSql(
        "select event_key from webhook_events where event_key like $1 || '%' order by event_key",
        [prefix],
      )
    ).rows.map((r) => (r as { event_key: string }).event_key);

  it("stores a burst of 1,000 with fewer statements than rows; each new row is reported new once", async () => {
    let statements = 0;
    const batcher = new IntakeBatcher(async (text, values) => {
      statements++;
      return s.ctx.database.intakeSql(text, values);
    });
    // 800 distinct events, 200 of them sent twice in the same burst (a provider's retry racing it).
    const keys = Array.from({ length: 800 }, (_, i) => `burst-${String(i).padStart(4, "0")}`);
    const sent = [...keys, ...keys.slice(0, 200)];
    const results = await Promise.all(sent.map((k) => batcher.store(row(k))));
    expect(results.filter(Boolean)).toHaveLength(800);
    // Exactly one copy of each repeated key is new. Which one is not fixed: the two copies sit in
    // different statements in flight at once, and the one PostgreSQL commits first wins.
    expect(results.slice(200, 800).every(Boolean)).toBe(true);
    const bothOrNeither = keys.slice(0, 200).filter((_, i) => results[i] === results[800 + i]);
    expect(bothOrNeither).toEqual([]);
    expect(await stored("burst-")).toEqual(keys);
    expect(statements).toBeLessThan(sent.length / 10);
    // Sent again later: all duplicates, nothing stored twice.
    const again = await Promise.all(keys.slice(0, 50).map((k) => batcher.store(row(k))));
    expect(again.some(Boolean)).toBe(false);
    expect(await stored("burst-")).toHaveLength(800);
  });

  it("a row the database refuses fails only its own request; the rest of its batch is stored", async () => {
    const batcher = new IntakeBatcher(s.ctx.database.intakeSql);
    const keys = Array.from({ length: 40 }, (_, i) => `mixed-${String(i).padStart(2, "0")}`);
    // A NUL character is not storable in a text column: PostgreSQL refuses that one row.
    const outcomes = await Promise.allSettled(
      keys.map((k, i) => batcher.store(row(k, i === 7 ? { payload: "bad\u0000payload" } : {}))),
    );
    expect(outcomes[7]!.status).toBe("rejected");
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === true)).toHaveLength(39);
    expect(await stored("mixed-")).toEqual(keys.filter((_, i) => i !== 7));
  });
});
