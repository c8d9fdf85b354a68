import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { useCampaignSuite } from "./campaigns-suite";
import { drivers, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249201",
  secrets: { accessToken: "EAAcampaign-errors", appSecret: "camp-app-secret" },
  settings: {
    phoneNumberId: "106540352249201",
    wabaId: "102290129349201",
    appId: "301234567890101",
    displayPhoneNumber: "+1 555 000 9201",
  },
  webhookUrl: "",
};

describe.each(drivers)("WhatsApp campaign errors and pause (%s)", (driver) => {
  const { t, fake, contact, create, get, byContact, accepted, start } = useCampaignSuite(driver, account);

  const sendsTo = (to: string) =>
    fake.calls.filter((c) => c.path.endsWith("/messages") && (c.body as { to?: string })?.to === to).length;
  /** Brings a waiting retry due now and wakes the dispatcher (pause + resume queues a run at once). */
  const dueNow = async (id: string) => {
    await t.s.ctx.database.executeSql(
      "update campaign_recipients set next_attempt_at = now() where campaign_id = $1 and status = 'pending'",
      [id],
    );
    expect((await t.admin.post(`/api/campaigns/${id}/pause`)).status).toBe(200);
    expect((await t.admin.post(`/api/campaigns/${id}/resume`)).status).toBe(200);
  };

  it("131049 (marketing cap) is retried at most twice, each a day later, then fails as capped", async () => {
    const p = await contact();
    t.limits = { errorByNumber: { [p.to]: 131049 } };
    const id = await create({ audience: { contactIds: [p.id] } });
    await start(id);
    for (const sends of [1, 2]) {
      await waitFor(async () => (await byContact(id, p.id)).attempts === sends && sendsTo(p.to) === sends, 15_000);
      await waitFor(async () => (await byContact(id, p.id)).status === "pending", 15_000);
      const r = await byContact(id, p.id);
      expect(r).toMatchObject({ errorClass: "marketing_cap", errorCode: "131049" });
      expect(new Date(r.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
      await dueNow(id);
    }
    await waitFor(async () => (await get(id)).status === "completed", 15_000);
    expect(await byContact(id, p.id)).toMatchObject({ status: "failed", errorClass: "marketing_cap", attempts: 3 });
    expect(sendsTo(p.to)).toBe(3); // the first send and two retries, never a fourth
    t.limits = {};
  });

  it("130472 (experiment group) is never retried, 132000 fails as a template error; both end the campaign", async () => {
    const exp = await contact();
    const tpl = await contact();
    t.limits = { errorByNumber: { [exp.to]: 130472, [tpl.to]: 132000 } };
    const id = await create({ audience: { contactIds: [exp.id, tpl.id] } });
    await start(id);
    await waitFor(async () => (await get(id)).status === "completed", 15_000);
    expect(await byContact(id, exp.id)).toMatchObject({ status: "failed", errorClass: "experiment", attempts: 1 });
    expect(await byContact(id, tpl.id)).toMatchObject({
      status: "failed",
      errorClass: "template",
      errorCode: "132000",
    });
    // Even when woken again, nothing is pending: the experiment recipient is not sent a second time.
    expect((await t.admin.post(`/api/campaigns/${id}/pause`)).status).toBe(409);
    expect(sendsTo(exp.to)).toBe(1);
    expect(sendsTo(tpl.to)).toBe(1);
    t.limits = {};
  });

  it("a pause holds within about a second: at most one batch is accepted after it returns; resume completes", async () => {
    const people = await Promise.all(Array.from({ length: 40 }, () => contact()));
    const rate = 5; // a batch is about a second of sends: 5 recipients
    const id = await create({ ratePerSecond: rate, audience: { contactIds: people.map((p) => p.id) } });
    await start(id);
    const total = () => people.reduce((n, p) => n + accepted(p.to), 0);
    await waitFor(() => total() >= 3, 15_000);
    const paused = await t.admin.post(`/api/campaigns/${id}/pause`);
    expect(paused.status, paused.text).toBe(200);
    const atPause = total();
    await waitFor(async () => (await get(id)).counts.sending === 0, 10_000);
    const afterPause = total();
    expect(afterPause - atPause).toBeLessThanOrEqual(rate);
    const held = (await get(id)).counts;
    expect(held.sent).toBe(afterPause);
    expect(held.pending).toBe(40 - afterPause);
    expect((await get(id)).status).toBe("paused");
    expect((await t.admin.post(`/api/campaigns/${id}/resume`)).status).toBe(200);
    await waitFor(async () => (await get(id)).status === "completed", 30_000);
    for (const p of people) expect(accepted(p.to)).toBe(1);
  }, 60_000);
});
