import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueDispatch } from "../src/features/campaigns/job-handle";
import { bootServer, drivers, type TestServer } from "./helpers";

/**
 * The dispatcher's queued runs (job-handle.ts): a run already waiting for later work must not
 * swallow one wanted sooner, and runs wanted in the same minute share one job.
 */
describe.each(drivers)("campaign dispatcher wake-ups (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await bootServer(driver);
  });
  afterAll(() => s?.stop());

  const waiting = async (campaignId: string) =>
    (
      await s.ctx.database.executeSql(
        `select start_after from pgboss.job
         where name = 'campaign.dispatch' and data->>'campaignId' = $1 and state = 'created'
         order by start_after`,
        [campaignId],
      )
    ).rows.map((r) => new Date((r as { start_after: string | Date }).start_after).toISOString());

  it("a retry due in an hour is queued beside a run waiting for a follow-up due in two days", async () => {
    const id = randomUUID();
    const inTwoDays = new Date(Date.now() + 48 * 3600_000);
    const inAnHour = new Date(Date.now() + 3600_000);
    await queueDispatch(s.ctx, id, inTwoDays);
    await queueDispatch(s.ctx, id, inAnHour);
    expect(await waiting(id)).toEqual([inAnHour.toISOString(), inTwoDays.toISOString()]);
  });

  it("runs wanted within one minute share one job; a later minute gets its own", async () => {
    const id = randomUUID();
    const minute = Math.floor(Date.now() / 60_000) + 90;
    const at = (second: number) => new Date(minute * 60_000 + second * 1000);
    for (const second of [5, 20, 59]) await queueDispatch(s.ctx, id, at(second));
    await queueDispatch(s.ctx, id, at(61));
    expect(await waiting(id)).toEqual([at(5).toISOString(), at(61).toISOString()]);
  });
});
