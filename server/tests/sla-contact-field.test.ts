import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const calendar = (minutes: number) => ({ minutes, hours: "calendar" as const });

/**
 * Contact-field conditions through the real wiring: the ticket's requester's custom fields (read through
 * the inbox's contact query) pick the policy, first match in order, and a requester whose fields do not
 * match falls through to the next policy.
 */
describe.each(drivers)("SLA contact-field condition (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let vipId: string;
  let laterId: string;

  const contactWith = async (name: string, attributes: Record<string, string | number | null>) => {
    const created = await admin.post("/api/contacts", { name });
    expect(created.status).toBe(201);
    if (Object.keys(attributes).length)
      expect((await admin.patch(`/api/contacts/${created.body.id}`, { attributes })).status).toBe(200);
    return created.body.id as string;
  };
  /** The stored first-reply target of a new ticket: how many minutes its policy gave it. */
  const firstReplyMinutes = async (requesterId: string) => {
    const t = await admin.post("/api/tickets", { subject: "Help", requesterId, tags: ["billing"] });
    expect(t.status).toBe(201);
    let target: { deadlineAt: string; startedAt: string } | undefined;
    await waitFor(async () => {
      const sla = (await admin.get(`/api/tickets/${t.body.id}`)).body.sla;
      target = sla.targets.find((x: { metric: string }) => x.metric === "firstReply");
      return !!target;
    });
    return (Date.parse(target!.deadlineAt) - Date.parse(target!.startedAt)) / 60_000;
  };

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    const vip = await admin.post("/api/sla/policies", {
      name: "Gold customers",
      conditions: [{ field: "contactField", key: "plan", op: "in", values: ["gold", "platinum"] }],
      targets: { normal: { firstReply: calendar(15) } },
    });
    expect(vip.status).toBe(201);
    expect(vip.body.conditions).toEqual([
      { field: "contactField", key: "plan", op: "in", values: ["gold", "platinum"] },
    ]);
    const later = await admin.post("/api/sla/policies", {
      name: "Billing",
      conditions: [{ field: "tag", in: ["billing"] }],
      targets: { normal: { firstReply: calendar(45) } },
    });
    vipId = vip.body.id;
    laterId = later.body.id;
    const all = (await admin.get("/api/sla/policies")).body.items as Array<{ id: string }>;
    const rest = all.map((p) => p.id).filter((id) => id !== vipId && id !== laterId);
    expect((await admin.post("/api/sla/policies/reorder", { ids: [vipId, laterId, ...rest] })).status).toBe(200);
  });
  afterAll(() => s.stop());

  it("rejects malformed contact-field conditions", async () => {
    const bad = (condition: Record<string, unknown>) =>
      admin.post("/api/sla/policies", { name: "x", conditions: [condition], targets: {} });
    expect((await bad({ field: "contactField", key: "plan", op: "equals", values: ["a", "b"] })).status).toBe(400);
    expect((await bad({ field: "contactField", key: "plan", op: "exists", values: ["a"] })).status).toBe(400);
    expect((await bad({ field: "contactField", key: "Plan Name", op: "exists" })).status).toBe(400);
    expect((await bad({ field: "contactField", key: "plan", op: "in", values: [] })).status).toBe(400);
  });

  it("gives a matching requester the contact-field policy, ahead of a later one that also matches", async () => {
    expect(await firstReplyMinutes(await contactWith("Gold Greta", { plan: "Gold" }))).toBe(15);
  });

  it("lets a requester whose field differs, or is unset, fall through to the next policy", async () => {
    expect(await firstReplyMinutes(await contactWith("Silver Sam", { plan: "silver" }))).toBe(45);
    expect(await firstReplyMinutes(await contactWith("Plain Pat", {}))).toBe(45);
  });

  it("re-picks the policy of a running clock when the requester's field changes; the time used stays used", async () => {
    const requesterId = await contactWith("Upgrading Uma", { plan: "silver" });
    const t = await admin.post("/api/tickets", { subject: "Help", requesterId, tags: ["billing"] });
    expect(t.status).toBe(201);
    const firstReply = async () =>
      ((await admin.get(`/api/tickets/${t.body.id}`)).body.sla.targets as Array<Record<string, string>>).find(
        (x) => x.metric === "firstReply",
      );
    // Deadline minus start, in whole minutes: the retarget keeps the start and the seconds already used,
    // so a calendar target of n minutes still ends n minutes after the start.
    const minutes = async () => {
      const x = await firstReply();
      return x ? Math.round((Date.parse(x.deadlineAt!) - Date.parse(x.startedAt!)) / 60_000) : null;
    };
    await waitFor(async () => (await minutes()) === 45);
    const startedAt = (await firstReply())!.startedAt;

    expect((await admin.patch(`/api/contacts/${requesterId}`, { attributes: { plan: "gold" } })).status).toBe(200);
    await waitFor(async () => (await minutes()) === 15);
    expect((await firstReply())!.startedAt).toBe(startedAt);
    expect((await firstReply())!.status).toBe("active");

    // And back: the fall-through policy again.
    expect((await admin.patch(`/api/contacts/${requesterId}`, { attributes: { plan: "silver" } })).status).toBe(200);
    await waitFor(async () => (await minutes()) === 45);
  });

  it("keeps the condition in the policy's version history", async () => {
    const edited = await admin.patch(`/api/sla/policies/${vipId}`, {
      conditions: [{ field: "contactField", key: "plan", op: "exists" }],
    });
    expect(edited.status).toBe(200);
    const versions = (await admin.get(`/api/sla/policies/${vipId}/versions`)).body.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0].conditions).toEqual([{ field: "contactField", key: "plan", op: "exists", values: [] }]);
    // exists: any non-empty plan now matches; an unset one still falls through.
    expect(await firstReplyMinutes(await contactWith("Silver Sue", { plan: "silver" }))).toBe(15);
    expect(await firstReplyMinutes(await contactWith("Plain Paul", {}))).toBe(45);
  });
});
