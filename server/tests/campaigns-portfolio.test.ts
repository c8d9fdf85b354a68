import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { orderMapping, useCampaignSuite } from "./campaigns-suite";
import { drivers, waitFor } from "./helpers";

/** Meta's messaging limit belongs to the Business Manager: these two WABAs are one portfolio's. */
const BUSINESS = "880000000009501";
const number = (n: string, waba: string, businessId?: string): FakeAccount => ({
  accountId: `10654035224${n}`,
  secrets: { accessToken: `EAAportfolio-${n}`, appSecret: `portfolio-secret-${n}` },
  settings: { phoneNumberId: `10654035224${n}`, wabaId: waba, displayPhoneNumber: `+1 555 000 ${n.slice(-4)}` },
  webhookUrl: "",
  ...(businessId ? { businessId } : {}),
});
const first = number("9501", "102290129349501", BUSINESS);
const second = number("9502", "102290129349502", BUSINESS);
/** A third number on a WABA of another business: a room of its own. */
const elsewhere = number("9503", "102290129349503");

/**
 * Issue 9 §3: "never more unique users per rolling 24 h than the portfolio's messaging limit …
 * shared by all numbers of the portfolio". The portfolio is the WABA's owner business (Graph
 * `owner_business_info`), so numbers on two WABAs of one business share one room; the
 * `business_capability_update` webhook, which names only a WABA, raises it for both.
 */
describe.each(drivers)("portfolio messaging limit keyed by business (%s)", (driver) => {
  const { t, fake, contact, get, stats, start } = useCampaignSuite(driver, first, {
    name: "First WABA",
    prefix: "+9195",
    others: [second, elsewhere],
  });
  const campaign = async (channelId: string, templateId: string, contactIds: string[]) => {
    const r = await t.admin.post("/api/campaigns", {
      name: `Portfolio ${t.seq++}`,
      channelId,
      templateId,
      mapping: orderMapping(),
      audience: { contactIds },
    });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };

  it("two channels on two WABAs of one business share one limit; another business has its own", async () => {
    // The limit the Graph API reports for every number: three unique users per 24 h.
    t.limits.portfolioLimit = "TIER_3";
    const a = await Promise.all([1, 2].map(() => contact()));
    const one = await campaign(
      t.channelId,
      t.orderUpdate,
      a.map((p) => p.id),
    );
    await start(one);
    await waitFor(async () => (await get(one)).status === "completed", 20_000);

    const b = await Promise.all([1, 2, 3].map(() => contact()));
    const two = await campaign(
      t.others[0]!.channelId,
      t.others[0]!.orderUpdate,
      b.map((p) => p.id),
    );
    await start(two);
    await waitFor(async () => (await get(two)).counts.sent === 1, 20_000);
    // Another business's number is not held by this portfolio's count.
    const c = await Promise.all([1, 2].map(() => contact()));
    const three = await campaign(
      t.others[1]!.channelId,
      t.others[1]!.orderUpdate,
      c.map((p) => p.id),
    );
    await start(three);
    await waitFor(async () => (await get(three)).status === "completed", 20_000);
    expect((await get(three)).counts.sent).toBe(2);
    // Absence can't be awaited: by now the second WABA's dispatcher has claimed again several times.
    const held = (await get(two)).counts;
    expect(held).toMatchObject({ sent: 1, pending: 2 });
    expect((await stats(two)).messagingLimit).toEqual({ limit: 3, used24h: 3 });
    expect((await stats(one)).messagingLimit).toEqual({ limit: 3, used24h: 3 });
    expect((await stats(three)).messagingLimit).toEqual({ limit: 3, used24h: 2 });

    // The capability webhook arrives for the FIRST WABA; the second one's campaign is released.
    expect(await fake.capabilityUpdate(first, 10000)).toBe(200);
    await waitFor(async () => (await get(two)).status === "completed", 20_000);
    expect((await get(two)).counts.sent).toBe(3);
    for (const p of b) expect(fake.thread(second, p.to).filter((m) => m.from === "business").length).toBe(1);
    expect((await stats(two)).messagingLimit).toEqual({ limit: 10000, used24h: 5 });
    // The other business kept its own limit.
    expect((await stats(three)).messagingLimit).toEqual({ limit: 3, used24h: 2 });
  }, 120_000);
});
