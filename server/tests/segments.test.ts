import { sql as q } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CampaignEngagement, countSegment, segmentContactIds } from "../src/features/inbox";
import { signedInAgent } from "./contacts-helpers";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

// Segments over real contacts on both drivers: every condition type through the HTTP API, all vs
// any, negation, field keys checked against contact_fields, values that stay values, and the
// count agreeing with the keyset-paged ids.
describe.each(drivers)("segments (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  let vip: string;
  let wa1: string;
  const ids: Record<string, string> = {};
  const sql = (q: string, p: unknown[] = []) => s.ctx.database.executeSql(q, p);
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

  beforeAll(async () => {
    s = await bootServer(driver, { SANDBOX: "1" });
    admin = await loginAs(s.url);
    agent = await signedInAgent(s, admin, "agent@example.com");
    for (const f of [
      { key: "city", label: "City", type: "text" },
      { key: "age", label: "Age", type: "number" },
      { key: "joined", label: "Joined", type: "date" },
      { key: "plan", label: "Plan", type: "choice", options: ["gold", "silver", "bronze"] },
    ]) {
      const r = await admin.post("/api/contact-fields", f);
      expect(r.status, r.text).toBe(201);
    }
    const l = await admin.post("/api/labels", { name: "vip", color: "#aa0000" });
    expect(l.status, l.text).toBe(201);
    vip = l.body.id;
    const channel = async (name: string) => {
      const r = await admin.post("/api/channels", { type: "whatsapp", name, sandbox: true });
      expect(r.status, r.text).toBe(201);
      return r.body.channel.id as string;
    };
    wa1 = await channel("WA one");
    const wa2 = await channel("WA two");
    const today = new Date().toISOString().slice(0, 10);
    const fiveDaysAgo = daysAgo(5).slice(0, 10);
    const people: [string, Record<string, unknown>, string, number][] = [
      ["ana", { city: "Madrid", age: 30, joined: "2025-01-10", plan: "gold" }, "opted_in", 0],
      ["ben", { city: "Barcelona", age: 45, joined: fiveDaysAgo, plan: "silver" }, "opted_out", 100],
      ["cai", { city: "madrid norte", age: "n/a", joined: "not a date" }, "unknown", 0],
      ["dee", { city: "x'; drop table contacts; --", joined: today }, "unknown", 400],
    ];
    for (const [name, attrs, consent, age] of people) {
      const r = await sql(
        "insert into contacts (name, attributes, consent_status, created_at) values ($1, $2, $3, $4) returning id",
        [name, JSON.stringify(attrs), consent, daysAgo(age)],
      );
      ids[name] = (r.rows[0] as { id: string }).id;
    }
    expect((await admin.post(`/api/contacts/${ids.ana}/labels`, { labelId: vip })).status).toBe(200);
    await sql(
      "insert into contact_identities (contact_id, channel_id, external_id) values ($1, $2, 'a'), ($3, $4, 'b')",
      [ids.ana, wa1, ids.ben, wa2],
    );
    // Ana wrote 2 days ago, Ben 60 days ago; Cai and Dee never wrote.
    await sql("insert into conversations (channel_id, contact_id, last_inbound_at) values ($1, $2, $3), ($4, $5, $6)", [
      wa1,
      ids.ana,
      daysAgo(2),
      wa2,
      ids.ben,
      daysAgo(60),
    ]);
  }, 180_000);
  afterAll(async () => {
    await s?.stop();
  });

  async function match(conditions: unknown[], matchMode: "all" | "any" = "all") {
    const r = await agent.post("/api/segments/count", { definition: { match: matchMode, conditions } });
    expect(r.status, r.text).toBe(200);
    const names = (r.body.sample as { name: string }[]).map((c) => c.name).sort();
    expect(r.body.count).toBe(names.length);
    return names;
  }

  it.each([
    ["tag has", [{ type: "tag", labelId: "VIP" }], ["ana"]],
    ["tag has not", [{ type: "tag", labelId: "VIP", negate: true }], ["ben", "cai", "dee"]],
    ["text equals (any case)", [{ type: "text", key: "city", op: "equals", value: "MADRID" }], ["ana"]],
    ["text contains", [{ type: "text", key: "city", op: "contains", value: "madrid" }], ["ana", "cai"]],
    ["text contains a literal %", [{ type: "text", key: "city", op: "contains", value: "%" }], []],
    ["number =", [{ type: "number", key: "age", op: "eq", value: 30 }], ["ana"]],
    ["number <", [{ type: "number", key: "age", op: "lt", value: 40 }], ["ana"]],
    ["number > (non-numbers never match)", [{ type: "number", key: "age", op: "gt", value: 0 }], ["ana", "ben"]],
    ["date before", [{ type: "date", key: "joined", op: "before", value: "2025-06-01" }], ["ana"]],
    ["date after", [{ type: "date", key: "joined", op: "after", value: "2025-06-01" }], ["ben", "dee"]],
    ["date within last N days", [{ type: "date", key: "joined", op: "within_days", value: 7 }], ["ben", "dee"]],
    ["choice in", [{ type: "choice", key: "plan", values: ["gold", "bronze"] }], ["ana"]],
    ["consent is", [{ type: "consent", status: "opted_out" }], ["ben"]],
    ["identity on a channel", [{ type: "identity", channelId: "WA1" }], ["ana"]],
    ["identity on any WhatsApp channel", [{ type: "identity", channelType: "whatsapp" }], ["ana", "ben"]],
    ["no identity on any channel", [{ type: "identity", negate: true }], ["cai", "dee"]],
    ["created within", [{ type: "created", withinDays: 30 }], ["ana", "cai"]],
    ["last inbound within", [{ type: "last_inbound", op: "within", days: 7 }], ["ana"]],
    [
      "last inbound older than (or never)",
      [{ type: "last_inbound", op: "older_than", days: 7 }],
      ["ben", "cai", "dee"],
    ],
  ])("%s", async (_name, conditions, expected) => {
    const resolved = JSON.parse(
      JSON.stringify(conditions).replaceAll('"VIP"', `"${vip}"`).replaceAll('"WA1"', `"${wa1}"`),
    );
    expect(await match(resolved)).toEqual(expected);
  });

  it("all is an intersection, any a union; no conditions is every contact", async () => {
    const two = [
      { type: "text", key: "city", op: "contains", value: "madrid" },
      { type: "consent", status: "opted_out" },
    ];
    expect(await match(two, "all")).toEqual([]);
    expect(await match(two, "any")).toEqual(["ana", "ben", "cai"]);
    expect(await match([])).toEqual(["ana", "ben", "cai", "dee"]);
  });

  it("an injection attempt in a value is only a value", async () => {
    expect(await match([{ type: "text", key: "city", op: "equals", value: "x'; drop table contacts; --" }])).toEqual([
      "dee",
    ]);
    expect(await match([{ type: "text", key: "city", op: "contains", value: "') or 1=1 --" }])).toEqual([]);
    expect((await sql("select count(*)::int as n from contacts")).rows[0]).toEqual({ n: 4 });
  });

  it("an unknown or mistyped field key or a malformed date is a 400", async () => {
    const bad = async (c: unknown) => {
      const r = await agent.post("/api/segments/count", { definition: { conditions: [c] } });
      expect(r.status, r.text).toBe(400);
      return r.body.error.message as string;
    };
    expect(await bad({ type: "text", key: "nope", op: "equals", value: "x" })).toMatch(/Unknown custom field "nope"/);
    expect(await bad({ type: "text", key: 'attributes"; drop', op: "equals", value: "x" })).toMatch(
      /Unknown custom field/,
    );
    expect(await bad({ type: "number", key: "city", op: "eq", value: 1 })).toMatch(/text field/);
    expect(await bad({ type: "date", key: "joined", op: "before", value: 3 })).toMatch(/needs a date/);
    expect(await bad({ type: "bogus" })).toMatch(/Invalid/);
    // Campaign conditions over HTTP: the app passes the campaigns port (segments-engagement.test.ts).
    const saved = await admin.post("/api/segments", {
      name: "bad",
      definition: { conditions: [{ type: "text", key: "nope", op: "equals", value: "x" }] },
    });
    expect(saved.status).toBe(400);
    expect((await sql("select count(*)::int as n from segments")).rows[0]).toEqual({ n: 0 });
  });

  it("saved segments: create, list with counts, rename, page contacts by keyset, delete; agents read, admins write", async () => {
    const definition = { match: "any", conditions: [{ type: "created", withinDays: 3650 }] };
    expect((await agent.post("/api/segments", { name: "All", definition })).status).toBe(403);
    const c = await admin.post("/api/segments", { name: "All", definition });
    expect(c.status, c.text).toBe(201);
    expect(c.body).toMatchObject({ name: "All", count: 4 });
    const id = c.body.id;
    expect((await agent.get("/api/segments")).body.items).toMatchObject([{ id, count: 4 }]);
    expect((await agent.patch(`/api/segments/${id}`, { name: "Everyone" })).status).toBe(403);
    const renamed = await admin.patch(`/api/segments/${id}`, { name: "Everyone" });
    expect(renamed.body).toMatchObject({ name: "Everyone", count: 4 });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const q: string = after ? `?limit=3&afterId=${after}` : "?limit=3";
      const page = await agent.get(`/api/segments/${id}/contacts${q}`);
      expect(page.status, page.text).toBe(200);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      after = page.body.nextAfterId;
    } while (after);
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set(Object.values(ids)));
    expect([...seen].sort()).toEqual(seen);
    expect((await agent.del(`/api/segments/${id}`)).status).toBe(403);
    expect((await admin.del(`/api/segments/${id}`)).status).toBe(204);
    expect((await agent.get(`/api/segments/${id}`)).status).toBe(404);
  });

  it("campaign conditions compile through the CampaignEngagement port the campaigns feature will provide", async () => {
    // A stand-in port answering "step" from a table of our own: what matters is that its SQL is
    // combined with the others, negated, counted and paged like any condition.
    await sql("create table fake_engagement (contact_id uuid, step text)");
    await sql("insert into fake_engagement values ($1, 'read'), ($2, 'read'), ($2, 'replied')", [ids.ana, ids.ben]);
    const engagement: CampaignEngagement = {
      condition: (c, contactId) =>
        q`${contactId} in (select contact_id from fake_engagement where step = ${c.step}::text)`,
    };
    const campaignId = "00000000-0000-4000-8000-000000000000";
    const readNotReplied = {
      match: "all" as const,
      conditions: [
        { type: "campaign" as const, campaignId, step: "read" as const, negate: false },
        { type: "campaign" as const, campaignId, step: "replied" as const, negate: true },
      ],
    };
    expect(await countSegment(s.ctx.db, readNotReplied, engagement)).toBe(1);
    expect(await segmentContactIds(s.ctx.db, readNotReplied, { limit: 10 }, engagement)).toEqual([ids.ana]);
    await expect(countSegment(s.ctx.db, readNotReplied)).rejects.toThrow(
      "campaign conditions need the campaigns feature",
    );
  });
});
