import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRows, count, signedInAgent } from "./contacts-helpers";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

// "Remove demo data" deletes exactly what the seed recorded (demo_records), never a look-alike,
// writes one audit entry, is idempotent, and the demo never comes back on restart.
describe.each(drivers)("removing the demo data (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await bootServer(driver, { DEMO: "1" });
    admin = await loginAs(s.url);
  }, 180_000);
  afterAll(() => s?.stop());

  it("removes exactly the seeded rows; real look-alikes stay; agents cannot; idempotent; no reseed", async () => {
    expect(s.bootstrap.demo).toBe(true);
    expect((await admin.get("/api/demo")).body).toEqual({ present: true, removedAt: null });
    // Real data an admin made, named like the demo: must survive.
    const real = await admin.post("/api/contacts", { name: "Dana Reyes (demo)", email: "dana.real@example.com" });
    const site = (await createWebchat(admin)).channel.id;
    const v = await visitor(s.url, site, { name: "Real Rita" });
    const realConv = (await v.post("/api/widget/messages", { content: "a real question" })).body.conversationId;
    const demoAgents = (await admin.get("/api/agents")).body.items.filter((a: { email: string }) =>
      a.email.endsWith(".demo@switchboard.local"),
    );
    expect(demoAgents).toHaveLength(2);
    // A real conversation assigned to a demo agent is kept, unassigned.
    await admin.post(`/api/conversations/${realConv}/assign`, { assigneeId: demoAgents[0].id });

    const agent = await signedInAgent(s, admin, "ola@example.com");
    expect((await agent.del("/api/demo")).status).toBe(403);
    expect(await count(s, "conversations")).toBe(6);

    const r = await admin.del("/api/demo");
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ removed: { conversations: 5, contacts: 5, agents: 2, channels: 1 } });
    const convs = (await admin.get("/api/conversations?status=all")).body.items;
    expect(convs.map((c: { id: string; assignee: unknown }) => [c.id, c.assignee])).toEqual([[realConv, null]]);
    expect((await admin.get(`/api/contacts/${real.body.id}`)).status).toBe(200);
    const channels = (await admin.get("/api/channels")).body.items.map((c: { name: string }) => c.name);
    expect(channels).toEqual(["Site"]);
    const agents = (await admin.get("/api/agents")).body.items.map((a: { email: string }) => a.email);
    expect(agents.some((e: string) => e.endsWith(".demo@switchboard.local"))).toBe(false);
    expect(await count(s, "contacts where notes = 'Demo contact: safe to delete.'")).toBe(0);
    const status = (await admin.get("/api/demo")).body;
    expect(status.present).toBe(false);
    expect(status.removedAt).toEqual(expect.any(String));

    const entries = await auditRows(s, "demo.removed");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toEqual({ conversations: 5, contacts: 5, agents: 2, channels: 1 });

    // Idempotent: nothing more to remove, no second entry.
    const again = await admin.del("/api/demo");
    expect(again.body).toEqual({ removed: { conversations: 0, contacts: 0, agents: 0, channels: 0 } });
    expect(await auditRows(s, "demo.removed")).toHaveLength(1);

    // Restart with DEMO=1: the demo does not come back, even with every channel removed.
    await admin.del(`/api/channels/${site}`);
    s = await s.restart();
    admin = await loginAs(s.url);
    expect(s.bootstrap.demo).toBe(false);
    expect((await admin.get("/api/demo")).body.present).toBe(false);
    expect(
      await count(
        s,
        "contacts where name like '%(demo)' and email like '%@example.com' and email <> 'dana.real@example.com'",
      ),
    ).toBe(0);
  });
});
