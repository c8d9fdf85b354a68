import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { chooseWinner } from "../src/features/campaigns/choose-winner";
import { winnerJobHandle } from "../src/features/campaigns/job-handle";
import { orderMapping, useCampaignSuite } from "./campaigns-suite";
import { signedInAgent } from "./contacts-helpers";
import { drivers, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249301",
  secrets: { accessToken: "EAAcampaign-ab-token", appSecret: "camp-ab-secret" },
  settings: {
    phoneNumberId: "106540352249301",
    wabaId: "102290129349301",
    appId: "301234567890301",
    displayPhoneNumber: "+1 555 000 9301",
  },
  webhookUrl: "",
};

type Row = Record<string, any>;

describe.each(drivers)("WhatsApp campaign A/B split (%s)", (driver) => {
  const { t, fake, contact, get, stats, recipients, start } = useCampaignSuite(driver, account, {
    name: "A/B number",
    prefix: "+9195",
  });
  const people = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => contact(`Partner ${i}`)));
  /** order_update (two variables) against hello_world (none): each recipient's template is visible on the wire. */
  const split = (a: number, b: number) => [
    { key: "A", templateId: t.templates.order_update, mapping: orderMapping("#A"), percent: a },
    { key: "B", templateId: t.templates.hello_world, percent: b },
  ];
  const post = (body: Record<string, unknown>) =>
    t.admin.post("/api/campaigns", { name: `AB ${t.seq++}`, channelId: t.channelId, ...body });
  const created = async (body: Record<string, unknown>) => {
    const r = await post(body);
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  /** Every template send the fake received for a number: the template names, in order. */
  const wire = (to: string) =>
    fake.calls
      .filter((c) => c.path.endsWith("/messages") && (c.body as Row)?.to === to)
      .map((c) => (c.body as Row).template?.name as string);
  const all = async (id: string) => {
    const out: Row[] = [];
    let cursor = "";
    for (;;) {
      const r = await t.admin.get(`/api/campaigns/${id}/recipients?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      out.push(...r.body.items);
      if (!r.body.nextCursor) return out;
      cursor = r.body.nextCursor;
    }
  };
  const variantOf = async (id: string) => new Map((await all(id)).map((r) => [r.contactId as string, r.variant]));
  const tmplName = (key: string) => (key === "A" ? "order_update" : "hello_world");

  it("splits by the percents, deterministically, and sends each recipient its variant's template", async () => {
    const ps = await people(20);
    const bad = ps[19]!;
    t.limits = { errorByNumber: { [bad.to]: 131026 } }; // one final failure, for the failed column
    const id = await created({ variants: split(30, 70), audience: { contactIds: ps.map((p) => p.id) } });
    const draft = await get(id);
    expect(draft.templateId).toBe(t.templates.order_update); // the first variant stands for the campaign
    expect(draft.variants.map((v: Row) => [v.key, v.templateName, v.percent])).toEqual([
      ["A", "order_update", 30],
      ["B", "hello_world", 70],
    ]);
    await start(id);
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
    t.limits = {};

    // Deterministic: the recipients ranked by md5(campaign id || contact id), the first 30 % are A.
    const ranked = ps
      .map((p) => ({ id: p.id, h: crypto.createHash("md5").update(`${id}${p.id}`).digest("hex") }))
      .sort((x, y) => (x.h < y.h ? -1 : x.h > y.h ? 1 : x.id < y.id ? -1 : 1));
    const assigned = await variantOf(id);
    expect(ranked.map((r) => assigned.get(r.id))).toEqual([...Array(6).fill("A"), ...Array(14).fill("B")]);
    for (const p of ps) expect(wire(p.to)).toEqual([tmplName(assigned.get(p.id))]);
    // The mapping is the variant's own: A's order number.
    const aSend = fake.calls.find((c) => (c.body as Row)?.to === ps.find((p) => assigned.get(p.id) === "A")!.to);
    expect(JSON.stringify((aSend!.body as Row).template.components)).toContain("#A");

    // Funnel per variant: two of A delivered, one of them read, a third replies; one of B replies.
    const rows = await all(id);
    const of = (key: string) => rows.filter((r) => r.variant === key && r.status === "sent");
    const phoneOf = (r: Row) => ps.find((p) => p.id === r.contactId)!.to;
    const [a0, a1, a2] = of("A");
    const [b0] = of("B");
    await fake.sendStatus(account, a0!.providerMessageId, phoneOf(a0!), "delivered");
    await fake.sendStatus(account, a1!.providerMessageId, phoneOf(a1!), "read");
    await fake.customerSays(account, { id: phoneOf(a2!), name: "Partner" }, "Which lab?");
    await fake.customerSays(account, { id: phoneOf(b0!), name: "Partner" }, "Interested");
    await waitFor(async () => {
      const s = await stats(id);
      return s.counts.replied === 2 && s.counts.read === 1 && s.counts.delivered === 1;
    }, 15_000);
    const s = await stats(id);
    const bFailed = assigned.get(bad.id) === "B" ? 1 : 0;
    const bRow = (k: string) => s.byVariant.find((v: Row) => v.key === k);
    expect(bRow("A")).toMatchObject({
      templateName: "order_update",
      percent: 30,
      recipients: 6,
      sent: 6 - (1 - bFailed),
      delivered: 3,
      read: 2,
      replied: 1,
      failed: 1 - bFailed,
    });
    expect(bRow("B")).toMatchObject({ recipients: 14, sent: 14 - bFailed, delivered: 1, read: 1, replied: 1 });
    expect(bRow("B").failed).toBe(bFailed);
    expect(bRow("A").rates.replied).toBeCloseTo(1 / bRow("A").sent);
    expect(s.held).toBe(0);
    expect(s.winner).toBeNull(); // a split without a winner rule
    // The CSV carries each row's variant.
    const csv = (await t.admin.get(`/api/campaigns/${id}/recipients.csv`)).text.trim().split("\r\n").slice(1);
    expect(csv.filter((l) => l.split(",")[2] === "A")).toHaveLength(6);
    expect(csv.filter((l) => l.split(",")[2] === "B")).toHaveLength(14);
    // No test phase: there is no winner to choose.
    expect((await t.admin.post(`/api/campaigns/${id}/winner`, { variant: "A" })).status).toBe(409);
  });

  it("keeps each bucket within one of its share, over three variants", async () => {
    const ps = await people(31);
    const id = await created({
      variants: [...split(33, 33), { key: "C", templateId: t.templates.order_update, percent: 34 }],
      mapping: orderMapping("#C"),
      audience: { contactIds: ps.map((p) => p.id) },
    });
    await start(id);
    const counts = (await stats(id)).byVariant.map((v: Row) => v.recipients);
    expect(counts.reduce((n: number, x: number) => n + x, 0)).toBe(31);
    for (const [i, pct] of [33, 33, 34].entries())
      expect(Math.abs(counts[i] - (31 * pct) / 100)).toBeLessThanOrEqual(1);
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
  });

  it("refuses bad splits with 400s and names the field", async () => {
    const [p] = await people(1);
    const audience = { contactIds: [p!.id] };
    const refused = async (body: Record<string, unknown>, pattern: RegExp) => {
      const r = await post({ audience, ...body });
      expect(r.status, r.text).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(JSON.stringify(r.body.error)).toMatch(pattern);
    };
    await refused({ variants: split(50, 40) }, /add up to 100/);
    await refused({ variants: split(100, 0).slice(0, 1) }, /at least two variants/);
    await refused({ variants: split(50, 50).map((v) => ({ ...v, key: "A" })) }, /its own key/);
    await refused(
      { variants: [split(50, 50)[0], { key: "B", templateId: crypto.randomUUID(), percent: 50 }] },
      /No such template/,
    );
    await refused(
      { variants: [split(50, 50)[0], { key: "B", templateId: t.templates.summer_sale, percent: 50 }] },
      /not approved/,
    );
    await refused({ templateId: t.orderUpdate, variants: split(50, 50) }, /not both/);
    await refused({ variants: split(50, 50), winner: { metric: "reply", mode: "auto" } }, /test phase/);
    await refused({ templateId: t.orderUpdate, winner: { metric: "reply", mode: "manual" } }, /needs variants/);
    await refused(
      { variants: split(50, 50), winner: { metric: "reply", mode: "auto", testPercent: 60, testHours: 2 } },
      /testPercent/,
    );
  });

  it("sends only the test share first, then the automatic winner by reply rate gets the held rest", async () => {
    const ps = await people(20);
    const id = await created({
      variants: split(50, 50),
      winner: { metric: "reply", mode: "auto", testPercent: 40, testHours: 1 },
      audience: { contactIds: ps.map((p) => p.id) },
    });
    const started = await start(id);
    expect(new Date(started.winner.testEndsAt).getTime() - Date.now()).toBeGreaterThan(3600_000 - 60_000);
    // 40 % of 20 is sent (4 A, 4 B); 12 are held, and the campaign keeps running for the winner.
    await waitFor(async () => (await stats(id)).counts.sent === 8 && (await get(id)).counts.sending === 0, 20_000);
    let s = await stats(id);
    expect(s.held).toBe(12);
    expect(s.byVariant.map((v: Row) => v.recipients)).toEqual([4, 4]);
    const held = (await all(id)).filter((r) => r.variant === null);
    expect(held).toHaveLength(12);
    expect(held.every((r) => r.status === "pending")).toBe(true);
    for (const r of held) expect(wire(ps.find((p) => p.id === r.contactId)!.to)).toEqual([]);
    expect((await get(id)).status).toBe("running");

    // B: two of four reply; A: one of four.
    const rows = await all(id);
    const phones = (key: string) =>
      rows.filter((r) => r.variant === key).map((r) => ps.find((p) => p.id === r.contactId)!.to);
    for (const to of [...phones("B").slice(0, 2), phones("A")[0]!])
      await fake.customerSays(account, { id: to, name: "Partner" }, "Yes please");
    await waitFor(async () => (await stats(id)).counts.replied === 3, 15_000);

    // Too early: the choice waits for the test's end (and a run this early re-queues itself).
    const early = await chooseWinner(t.s.ctx, id, "auto");
    expect(early).toEqual({ notBefore: new Date(started.winner.testEndsAt) });
    expect((await get(id)).winner.variant).toBeNull();
    // The test phase ends: the job (as the scheduled one runs) picks B.
    await t.s.ctx.database.executeSql("update campaigns set test_ends_at = now() - interval '1 second' where id = $1", [
      id,
    ]);
    await t.s.ctx.jobs.send(winnerJobHandle, { campaignId: id });
    await waitFor(async () => (await get(id)).winner.variant === "B", 15_000);
    const c = await get(id);
    expect(c.winner).toMatchObject({ mode: "auto", metric: "reply", variant: "B", rates: { A: 0.25, B: 0.5 } });
    expect(c.winner.chosenAt).not.toBeNull();
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
    s = await stats(id);
    expect(s.held).toBe(0);
    expect(s.byVariant.map((v: Row) => [v.key, v.recipients, v.sent])).toEqual([
      ["A", 4, 4],
      ["B", 16, 16],
    ]);
    for (const r of held) expect(wire(ps.find((p) => p.id === r.contactId)!.to)).toEqual(["hello_world"]);
    // Choosing again does nothing: the job is idempotent, a person is told it is decided.
    expect(await chooseWinner(t.s.ctx, id, "auto")).toBeNull();
    const again = await t.admin.post(`/api/campaigns/${id}/winner`, { variant: "A" });
    expect(again.status).toBe(409);
  });

  it("lets an admin choose the winner by hand, once, even when two choose at the same moment", async () => {
    const ps = await people(10);
    const id = await created({
      variants: split(50, 50),
      winner: { metric: "read", mode: "manual", testPercent: 20 },
      audience: { contactIds: ps.map((p) => p.id) },
    });
    expect((await t.admin.post(`/api/campaigns/${id}/winner`, { variant: "A" })).status).toBe(409); // a draft
    const started = await start(id);
    expect(started.winner).toMatchObject({ mode: "manual", testEndsAt: null, variant: null });
    await waitFor(async () => (await stats(id)).counts.sent === 2 && (await get(id)).counts.sending === 0, 20_000);
    expect((await stats(id)).held).toBe(8);
    const agent = await signedInAgent(t.s, t.admin, "ab-agent@example.com");
    expect((await agent.post(`/api/campaigns/${id}/winner`, { variant: "A" })).status).toBe(403);
    expect((await t.admin.post(`/api/campaigns/${id}/winner`, { variant: "Z" })).status).toBe(400);
    const [one, two] = await Promise.all([
      t.admin.post(`/api/campaigns/${id}/winner`, { variant: "A" }),
      t.admin.post(`/api/campaigns/${id}/winner`, { variant: "B" }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const won = one.status === 200 ? "A" : "B";
    expect((one.status === 200 ? one : two).body.winner).toMatchObject({ variant: won, rates: { A: 0, B: 0 } });
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
    const s = await stats(id);
    expect(s.winner.variant).toBe(won);
    expect(s.byVariant.find((v: Row) => v.key === won).sent).toBe(9);
    for (const p of ps) expect(wire(p.to)).toHaveLength(1);
    expect((await recipients(id)).every((r) => r.variant !== null)).toBe(true);
  });
});
