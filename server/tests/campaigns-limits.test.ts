import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { orderMapping, useCampaignSuite } from "./campaigns-suite";
import { drivers, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249202",
  secrets: { accessToken: "EAAcampaign-limits-token", appSecret: "camp-limits-secret" },
  settings: {
    phoneNumberId: "106540352249202",
    wabaId: "102290129349202",
    appId: "301234567890202",
    displayPhoneNumber: "+1 555 000 9202",
  },
  webhookUrl: "",
};

/** Minutes past local midnight in a zone, and the HH:MM Intl prints there. */
const localMinutes = (zone: string, at = new Date()) => {
  const [h, m] = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(at)
    .split(":")
    .map(Number);
  return h! * 60 + m!;
};
const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, "0")}:${String(min % 60).padStart(2, "0")}`;
const ZONES = [
  "Asia/Kolkata",
  "Europe/London",
  "America/New_York",
  "Asia/Tokyo",
  "America/Los_Angeles",
  "Pacific/Auckland",
];

/**
 * Two zones far apart and a same-day window around "now" in the first that excludes "now" in the
 * second (computed at run time, so the test holds at any hour).
 */
function pickWindow() {
  for (const inside of ZONES)
    for (const outside of ZONES) {
      const a = localMinutes(inside);
      const b = localMinutes(outside);
      const start = a - 60;
      const end = a + 120;
      if (start < 0 || end > 23 * 60 + 59) continue;
      if (b >= start - 30 && b < end + 30) continue;
      return { inside, outside, start: hhmm(start), end: hhmm(end) };
    }
  throw new Error("no pair of zones fits");
}

describe.each(drivers)("WhatsApp campaign limits (%s)", (driver) => {
  const { t, fake, get, stats, byContact, start } = useCampaignSuite(driver, account, { name: "Limits number" });

  /** A number of its own range, and the contact's time zone when given. */
  const contact = async (timeZone?: string) => {
    const number = `+9197${String(20000000 + t.seq++)}`;
    const r = await t.admin.post("/api/contacts", { name: "Lab Partner", phone: number });
    expect(r.status, r.text).toBe(201);
    if (timeZone) {
      const tz = await t.admin.patch(`/api/contacts/${r.body.id}/consent`, { timeZone });
      expect(tz.status, tz.text).toBe(200);
    }
    return { id: r.body.id as string, to: number.replace(/\D/g, "") };
  };
  /** The raw answer (some tests expect a refusal). */
  const create = (over: Record<string, unknown>) =>
    t.admin.post("/api/campaigns", {
      name: `Limits ${t.seq++}`,
      channelId: t.channelId,
      templateId: t.templates.order_update,
      mapping: orderMapping(),
      ...over,
    });
  const created = async (over: Record<string, unknown>) => {
    const r = await create(over);
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };

  it("sends inside each recipient's local window and defers the others to their next opening", async () => {
    const w = pickWindow();
    const inside = await contact(w.inside);
    const outside = await contact(w.outside);
    const id = await created({
      audience: { contactIds: [inside.id, outside.id] },
      window: { start: w.start, end: w.end, days: [1, 2, 3, 4, 5, 6, 7] },
    });
    expect((await get(id)).window).toMatchObject({ start: w.start, end: w.end });
    await start(id);
    await waitFor(async () => (await byContact(id, inside.id)).status === "sent", 15_000);
    const waiting = await byContact(id, outside.id);
    expect(waiting.status).toBe("pending");
    expect(fake.thread(account, outside.to).length).toBe(0);
    // Deferred to the window's opening in the recipient's own zone, within the next day.
    const next = new Date(waiting.nextAttemptAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime()).toBeLessThan(Date.now() + 25 * 3600_000);
    expect(hhmm(localMinutes(w.outside, next))).toBe(w.start);
    expect((await get(id)).status).toBe("running");
    expect((await t.admin.post(`/api/campaigns/${id}/cancel`)).status).toBe(200);

    // A window that ends before the next opening can never open for them: skipped, campaign done.
    const late = await contact(w.outside);
    const ending = await created({
      audience: { contactIds: [late.id] },
      window: {
        start: w.start,
        end: w.end,
        days: [1, 2, 3, 4, 5, 6, 7],
        until: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    await start(ending);
    await waitFor(async () => (await get(ending)).status === "completed", 15_000);
    const skipped = await byContact(ending, late.id);
    expect(skipped.status).toBe("skipped");
    expect(skipped.errorClass).toBe("outside_window");
  });

  it("rejects a window that ends before it starts", async () => {
    const c = await contact();
    const r = await create({ audience: { contactIds: [c.id] }, window: { start: "19:00", end: "09:00" } });
    expect(r.status, r.text).toBe(400);
  });

  it("caps unique users per 24 h at the portfolio's limit; a capability webhook raising it releases the rest", async () => {
    const probe = await created({ audience: { contactIds: [(await contact()).id] } });
    const before = (await stats(probe)).messagingLimit;
    expect(before).toMatchObject({ limit: null });
    const used = before.used24h as number;
    // The limit the Graph API reports: room for two more unique users.
    t.limits.portfolioLimit = `TIER_${used + 2}`;
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => contact()));
    const id = await created({ audience: { contactIds: people.map((p) => p.id) } });
    await start(id);
    await waitFor(async () => (await get(id)).counts.sent === 2, 15_000);
    expect(fake.calls.some((c) => c.method === "GET" && (c.body as any)?.fields?.includes("messaging_limit"))).toBe(
      true,
    );
    // Absence can't be awaited: give the dispatcher a few batches (it re-checks every second).
    await new Promise((r) => setTimeout(r, 2500));
    const held = await get(id);
    expect(held.counts.sent).toBe(2);
    expect(held.counts.pending).toBe(3);
    expect((await stats(id)).messagingLimit).toEqual({ limit: used + 2, used24h: used + 2 });

    expect(await fake.capabilityUpdate(account, 10000)).toBe(200);
    await waitFor(async () => (await get(id)).status === "completed", 15_000);
    expect((await get(id)).counts.sent).toBe(5);
    for (const p of people) expect(fake.thread(account, p.to).filter((m) => m.from === "business").length).toBe(1);
    expect((await stats(id)).messagingLimit).toEqual({ limit: 10000, used24h: used + 5 });
  });

  it("sends a MARKETING template through /marketing_messages with its TTL", async () => {
    const c = await contact();
    const utility = await create({
      audience: { contactIds: [c.id] },
      marketingMessagesApi: { enabled: true },
    });
    expect(utility.status, utility.text).toBe(400);
    // The fake's MARKETING template is still in review: Meta's webhook approves it.
    await fake.wabaWebhook(account, "message_template_status_update", {
      event: "APPROVED",
      message_template_id: 9003,
      message_template_name: "summer_sale",
      message_template_language: "en_US",
      reason: "NONE",
    });
    await waitFor(async () => {
      const r = await create({ templateId: t.templates.summer_sale, mapping: {}, audience: { contactIds: [c.id] } });
      return r.status === 201;
    }, 10_000);
    const tooShort = await create({
      templateId: t.templates.summer_sale,
      mapping: {},
      audience: { contactIds: [c.id] },
      marketingMessagesApi: { enabled: true, ttlSeconds: 60 },
    });
    expect(tooShort.status, tooShort.text).toBe(400);
    const id = await created({
      templateId: t.templates.summer_sale,
      mapping: {},
      audience: { contactIds: [c.id] },
      marketingMessagesApi: { enabled: true, ttlSeconds: 86_400 },
    });
    await start(id);
    await waitFor(async () => (await get(id)).status === "completed", 15_000);
    expect((await byContact(id, c.id)).status).toBe("sent");
    const sends = fake.calls.filter((x) => (x.body as any)?.to === c.to);
    expect(sends.length).toBe(1);
    expect(sends[0]!.path).toMatch(/\/marketing_messages$/);
    expect(sends[0]!.body).toMatchObject({
      messaging_product: "whatsapp",
      type: "template",
      message_send_ttl_seconds: 86_400,
      template: { name: "summer_sale" },
    });
  });
});
