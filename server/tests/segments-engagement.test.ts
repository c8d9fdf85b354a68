import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignEngagement } from "../src/features/campaigns";
import { countSegment, segmentContactIds } from "../src/features/inbox";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

// Campaign engagement conditions answered by the campaigns feature's port over campaign_recipients:
// through the HTTP API (the app wires the port), combined with other conditions, negated, counted
// and paged, and correlated to the right campaign only.
describe.each(drivers)("segments over campaign engagement (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  const ids: Record<string, string> = {};
  let x = "";
  let y = "";
  const sql = (q: string, p: unknown[] = []) => s.ctx.database.executeSql(q, p);
  const count = async (conditions: unknown[], match = "all") => {
    const r = await admin.post("/api/segments/count", { definition: { match, conditions } });
    expect(r.status, r.text).toBe(200);
    return r.body.count as number;
  };
  const campaign = async (name: string) => {
    const r = await sql(
      `insert into campaigns (name, channel_id, template_id, template_name, template_language, audience)
       values ($1, gen_random_uuid(), gen_random_uuid(), 't', 'en', '{"labelIds":[],"contactIds":[]}') returning id`,
      [name],
    );
    return (r.rows[0] as { id: string }).id;
  };

  beforeAll(async () => {
    s = await bootServer(driver, { SANDBOX: "1" });
    admin = await loginAs(s.url);
    for (const name of ["ana", "ben", "cai", "dee", "eve", "fay"]) {
      const r = await sql("insert into contacts (name, consent_status) values ($1, 'opted_in') returning id", [name]);
      ids[name] = (r.rows[0] as { id: string }).id;
    }
    x = await campaign("X");
    y = await campaign("Y");
    // X: ana read, ben replied, cai delivered, dee failed, eve pending. Y: ana failed, fay sent.
    const rows: [string, string, string][] = [
      [x, "ana", "read"],
      [x, "ben", "replied"],
      [x, "cai", "delivered"],
      [x, "dee", "failed"],
      [x, "eve", "pending"],
      [y, "ana", "failed"],
      [y, "fay", "sent"],
    ];
    for (const [c, who, status] of rows)
      await sql("insert into campaign_recipients (campaign_id, contact_id, status) values ($1, $2, $3)", [
        c,
        ids[who],
        status,
      ]);
  });
  afterAll(async () => {
    await s?.stop();
  });

  const cond = (campaignId: string, step: string, negate = false) => ({ type: "campaign", campaignId, step, negate });

  it("each step means 'reached it or later' in that campaign only; failed stands apart", async () => {
    expect(await count([cond(x, "sent")])).toBe(3); // ana, ben, cai
    expect(await count([cond(x, "delivered")])).toBe(3);
    expect(await count([cond(x, "read")])).toBe(2); // ana, ben
    expect(await count([cond(x, "replied")])).toBe(1);
    expect(await count([cond(x, "failed")])).toBe(1); // dee, not ana (failed in Y)
    expect(await count([cond(y, "failed")])).toBe(1);
    expect(await count([cond(y, "sent")])).toBe(1); // fay
    expect(await count([cond("00000000-0000-4000-8000-000000000000", "sent")])).toBe(0);
  });

  it("read but not replied, negation, any-of across campaigns; ids page like any segment", async () => {
    expect(await count([cond(x, "read"), cond(x, "replied", true)])).toBe(1);
    // Never received X: dee (failed), eve (pending), fay (not a recipient).
    expect(await count([cond(x, "sent", true)])).toBe(3);
    expect(await count([cond(x, "failed"), cond(y, "failed")], "any")).toBe(2);
    expect(await count([cond(x, "read"), { type: "consent", status: "opted_in" }])).toBe(2);
    const def = { match: "all" as const, conditions: [cond(x, "read") as never, cond(x, "replied", true) as never] };
    expect(await countSegment(s.ctx.db, def, campaignEngagement)).toBe(1);
    expect(await segmentContactIds(s.ctx.db, def, { limit: 10 }, campaignEngagement)).toEqual([ids.ana]);
  });

  it("a saved segment's live count follows the recipients' statuses", async () => {
    const r = await admin.post("/api/segments", {
      name: "Read X, no reply",
      definition: { conditions: [cond(x, "read"), cond(x, "replied", true)] },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.count).toBe(1);
    await sql("update campaign_recipients set status = 'read' where campaign_id = $1 and contact_id = $2", [
      x,
      ids.cai,
    ]);
    expect((await admin.get(`/api/segments/${r.body.id}`)).body.count).toBe(2);
  });
});
