import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TARGETS } from "../src/features/sla/defaults";
import { getPolicyVersion, listPolicies, selectPolicy } from "../src/features/sla";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

const madrid = {
  name: "Madrid office",
  timeZone: "Europe/Madrid",
  periods: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: "09:00", end: "12:00" },
    { day, start: "13:00", end: "17:00" },
  ]),
  holidays: [{ date: "2026-01-06", name: "Reyes" }],
};
const target = (minutes: number, hours: "business" | "calendar" = "business") => ({ minutes, hours });

describe.each(drivers)("SLA schedules and policies (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let ana: Client;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    await admin.post("/api/agents", { name: "ana", email: "ana@example.com", password: "long-enough-secret" });
    ana = await loginAs(s.url, "ana@example.com", "long-enough-secret");
  });
  afterAll(() => s.stop());

  it("seeds one default schedule and one default policy, even on concurrent first reads", async () => {
    const reads = await Promise.all([
      ana.get("/api/sla/policies"),
      ana.get("/api/sla/schedules"),
      admin.get("/api/sla/policies"),
    ]);
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);
    const schedules = (await ana.get("/api/sla/schedules")).body.items;
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ name: "Office hours", timeZone: "UTC", isDefault: true, holidays: [] });
    expect(schedules[0].periods).toHaveLength(5);
    const policies = (await ana.get("/api/sla/policies")).body.items;
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ name: "Default", version: 1, conditions: [], scheduleId: schedules[0].id });
    expect(policies[0].targets).toEqual(DEFAULT_TARGETS);
    expect(policies[0].targets.urgent.firstReply).toEqual(target(60));
  });

  it("lets agents read but only admins write", async () => {
    expect((await ana.post("/api/sla/schedules", madrid)).status).toBe(403);
    expect((await ana.post("/api/sla/policies", { name: "x", targets: {} })).status).toBe(403);
    const [policy] = (await ana.get("/api/sla/policies")).body.items;
    expect((await ana.patch(`/api/sla/policies/${policy.id}`, { name: "mine" })).status).toBe(403);
    expect((await ana.post("/api/sla/policies/reorder", { ids: [policy.id] })).status).toBe(403);
    expect((await ana.del(`/api/sla/policies/${policy.id}`)).status).toBe(403);
    expect((await new (admin.constructor as typeof Client)(s.url).get("/api/sla/policies")).status).toBe(401);
    const doc = (await ana.get("/api/openapi.json")).body;
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/api/sla/")).length).toBeGreaterThanOrEqual(5);
  });

  it("validates schedules: zone, periods, dates", async () => {
    const bad = async (body: unknown) => {
      const r = await admin.post("/api/sla/schedules", body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      return r.body.error.message as string;
    };
    expect(await bad({ ...madrid, timeZone: "Mars/Olympus" })).toMatch(/time zone/);
    expect(await bad({ ...madrid, periods: [{ day: 1, start: "17:00", end: "09:00" }] })).toMatch(/ends after/);
    expect(await bad({ ...madrid, periods: [] })).toMatch(/at least one/);
    expect(await bad({ ...madrid, periods: [{ day: 8, start: "09:00", end: "10:00" }] })).toMatch(/day/);
    expect(await bad({ ...madrid, holidays: [{ date: "2026-02-30" }] })).toMatch(/calendar date/);
    expect(await bad({ ...madrid, extra: 1 })).toBeTruthy();
  });

  it("creates, edits and deletes schedules, but not the default nor one in use", async () => {
    const created = await admin.post("/api/sla/schedules", madrid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Madrid office", timeZone: "Europe/Madrid", isDefault: false });
    expect(created.body.periods).toHaveLength(10);
    const id = created.body.id;
    const edited = await admin.patch(`/api/sla/schedules/${id}`, {
      holidays: [...madrid.holidays, { date: "2026-12-25", name: "Navidad" }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.holidays.map((h: { date: string }) => h.date)).toEqual(["2026-01-06", "2026-12-25"]);
    expect((await ana.get(`/api/sla/schedules/${id}`)).body.holidays).toHaveLength(2);

    const def = (await admin.get("/api/sla/schedules")).body.items.find((x: { isDefault: boolean }) => x.isDefault);
    const delDefault = await admin.del(`/api/sla/schedules/${def.id}`);
    expect(delDefault.status).toBe(409);
    expect(delDefault.body.error.code).toBe("conflict");

    const policy = await admin.post("/api/sla/policies", {
      name: "Spain",
      targets: { urgent: { firstReply: target(30) } },
      scheduleId: id,
    });
    expect(policy.status).toBe(201);
    const inUse = await admin.del(`/api/sla/schedules/${id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain("Spain");
    // Once the policy moves to another schedule, the old one can go; its old version still reads it.
    await admin.patch(`/api/sla/policies/${policy.body.id}`, { scheduleId: null });
    expect((await admin.del(`/api/sla/schedules/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/sla/schedules/${id}`)).status).toBe(404);
    expect((await admin.patch(`/api/sla/schedules/${id}`, { name: "x" })).status).toBe(404);
    const old = await getPolicyVersion(s.ctx.db, policy.body.versionId);
    expect(old.schedule.timeZone).toBe("Europe/Madrid");
    expect(old.schedule.holidays).toEqual(["2026-01-06", "2026-12-25"]);
    await admin.del(`/api/sla/policies/${policy.body.id}`);
  });

  it("versions a policy on every edit and keeps the old version for SLAs already applied", async () => {
    const created = await admin.post("/api/sla/policies", {
      name: "VIP",
      conditions: [{ field: "tag", in: ["vip"] }],
      targets: { high: { firstReply: target(30), resolution: target(240, "calendar") } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, name: "VIP" });
    expect(created.body.targets.high.resolution).toEqual(target(240, "calendar"));
    expect(created.body.targets.low).toEqual({});
    const id = created.body.id;
    const edited = await admin.patch(`/api/sla/policies/${id}`, { targets: { high: { firstReply: target(15) } } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, version: 2, name: "VIP", conditions: [{ field: "tag", in: ["vip"] }] });
    expect(edited.body.versionId).not.toBe(created.body.versionId);
    const versions = (await ana.get(`/api/sla/policies/${id}/versions`)).body.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await getPolicyVersion(s.ctx.db, created.body.versionId);
    expect(v1.targets.high?.firstReply).toEqual(target(30));
    expect(v1.version).toBe(1);

    const unknown = await admin.patch(`/api/sla/policies/${id}`, {
      scheduleId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe("unknown_reference");
    const badCondition = await admin.patch(`/api/sla/policies/${id}`, { conditions: [{ field: "mood", in: ["x"] }] });
    expect(badCondition.status).toBe(400);
    const badTarget = await admin.patch(`/api/sla/policies/${id}`, { targets: { high: { firstReply: target(0) } } });
    expect(badTarget.status).toBe(400);
    expect((await ana.get(`/api/sla/policies/${id}`)).body.version).toBe(2);
    // Two edits at once make two versions, not one number twice.
    const both = await Promise.all([
      admin.patch(`/api/sla/policies/${id}`, { name: "VIP a" }),
      admin.patch(`/api/sla/policies/${id}`, { name: "VIP b" }),
    ]);
    expect(both.map((r) => r.body.version).sort()).toEqual([3, 4]);
    await admin.patch(`/api/sla/policies/${id}`, { name: "VIP" });

    expect((await admin.del(`/api/sla/policies/${id}`)).status).toBe(204);
    expect((await ana.get(`/api/sla/policies/${id}`)).status).toBe(404);
    expect((await admin.patch(`/api/sla/policies/${id}`, { name: "back" })).status).toBe(404);
    // Deleted policies keep their versions for the clocks running on them.
    expect((await getPolicyVersion(s.ctx.db, edited.body.versionId)).name).toBe("VIP");
  });

  it("reorders policies and selects the first match in that order", async () => {
    const def = (await admin.get("/api/sla/policies")).body.items[0];
    const vip = (
      await admin.post("/api/sla/policies", {
        name: "VIP urgent",
        conditions: [
          { field: "tag", in: ["VIP"] },
          { field: "priority", in: ["urgent", "high"] },
        ],
        targets: { urgent: { firstReply: target(15) } },
      })
    ).body;
    const whatsapp = (
      await admin.post("/api/sla/policies", {
        name: "WhatsApp",
        conditions: [{ field: "channel", in: ["whatsapp"] }],
        targets: {},
      })
    ).body;
    expect([def.position, vip.position, whatsapp.position]).toEqual([0, 1, 2]);
    const subject = { priority: "urgent" as const, channel: "whatsapp", teamId: null, tags: ["vip"] };
    // The catch-all default is first: it wins.
    expect(selectPolicy(await listPolicies(s.ctx.db), subject)?.id).toBe(def.id);

    const partial = await admin.post("/api/sla/policies/reorder", { ids: [vip.id, def.id] });
    expect(partial.status).toBe(409);
    const twice = await admin.post("/api/sla/policies/reorder", { ids: [vip.id, vip.id, def.id] });
    expect(twice.status).toBe(400);
    const ok = await admin.post("/api/sla/policies/reorder", { ids: [whatsapp.id, vip.id, def.id] });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((p: { name: string }) => p.name)).toEqual(["WhatsApp", "VIP urgent", "Default"]);
    const policies = await listPolicies(s.ctx.db);
    expect(selectPolicy(policies, subject)?.id).toBe(whatsapp.id);
    expect(selectPolicy(policies, { ...subject, channel: "webchat" })?.id).toBe(vip.id);
    expect(selectPolicy(policies, { ...subject, channel: "webchat", priority: "normal" })?.id).toBe(def.id);
    const audit = await s.ctx.database.executeSql(
      "select count(*)::int as n from audit_log where action = 'sla_policy.reordered'",
    );
    expect((audit.rows[0] as { n: number }).n).toBe(1);
  });
});
