import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

describe.each(drivers)("bulk ticket edit (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let ana: Client;
  let anaId: string;
  const make = async (n: number, extra: Record<string, unknown> = {}) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await admin.post("/api/tickets", { subject: `T${i}`, ...extra })).body.id);
    return ids;
  };

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    anaId = (await admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "long-enough-secret" }))
      .body.agent.id;
    ana = await loginAs(s.url, "ana@example.com", "long-enough-secret");
  });
  afterAll(() => s.stop());

  it("changes priority, assignee and tags on many tickets, logs each change and emits ticket.updated per ticket", async () => {
    const ids = await make(3, { tags: ["vip"] });
    const seen: string[] = [];
    s.ctx.bus.on("ticket.updated", (e) => {
      if (ids.includes(e.ticket.id)) seen.push(`${e.ticket.id}:${e.fields.join(",")}`);
    });
    const r = await ana.patch("/api/tickets/bulk", {
      ids,
      changes: { priority: "urgent", assigneeId: anaId, addTags: ["refund"], removeTags: ["vip"] },
    });
    expect(r.status).toBe(200);
    expect(r.body.changed).toBe(3);
    for (const t of r.body.items) {
      expect(t).toMatchObject({ priority: "urgent", status: "open", tags: ["refund"], assignee: { id: anaId } });
    }
    await waitFor(() => seen.length === 3);
    expect(seen.sort()).toEqual(ids.map((id) => `${id}:priority,assignee,tags,status`).sort());
    const detail = (await ana.get(`/api/tickets/${ids[0]}`)).body;
    const changed = detail.events.filter((e: { kind: string }) => e.kind === "changed");
    expect(changed.map((e: { field: string }) => e.field)).toEqual(["priority", "assignee", "tags", "status"]);
    expect(changed[0]).toMatchObject({ from: "normal", to: "urgent", actor: { name: "Ana" } });
  });

  it("is all or nothing: an unknown id is a 404 and a refused transition a 409, and nothing changes", async () => {
    const ids = await make(2);
    const missing = "00000000-0000-4000-8000-000000000000";
    const r = await ana.patch("/api/tickets/bulk", { ids: [...ids, missing], changes: { priority: "high" } });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
    await ana.patch(`/api/tickets/${ids[1]}`, { status: "solved" });
    await ana.patch(`/api/tickets/${ids[1]}`, { status: "closed" });
    const refused = await ana.patch("/api/tickets/bulk", { ids, changes: { status: "pending", priority: "low" } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("invalid_transition");
    for (const id of ids) expect((await ana.get(`/api/tickets/${id}`)).body.priority).toBe("normal");
    const first = (await ana.get(`/api/tickets/${ids[0]}`)).body;
    expect(first.status).toBe("new");
    expect(first.events.filter((e: { kind: string }) => e.kind === "changed")).toEqual([]);
  });

  it("validates the body with the shared error shape", async () => {
    const bad = await ana.patch("/api/tickets/bulk", { ids: ["nope"], changes: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    const tooMany = await ana.patch("/api/tickets/bulk", {
      ids: Array.from({ length: 501 }, () => crypto.randomUUID()),
      changes: { priority: "low" },
    });
    expect(tooMany.status).toBe(400);
    const unknownAgent = await ana.patch("/api/tickets/bulk", {
      ids: await make(1),
      changes: { assigneeId: crypto.randomUUID() },
    });
    expect(unknownAgent.status).toBe(422);
  });

  it("edits 500 tickets in one request", async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `('Bulk ${i}', 'normal', 'new')`).join(",");
    const inserted = await s.ctx.database.executeSql(
      `insert into tickets (subject, priority, status, created_by_type, created_by_name) select * from (values ${rows}) v(a,b,c), (values ('user','seed')) w(d,e) returning id`,
      [],
    );
    const ids = (inserted.rows as { id: string }[]).map((r) => r.id);
    const started = performance.now();
    const r = await admin.patch("/api/tickets/bulk", { ids, changes: { status: "pending", addTags: ["bulk"] } });
    const took = Math.round(performance.now() - started);
    console.log(`bulk edit of 500 tickets on ${driver}: ${took} ms`);
    expect(r.status).toBe(200);
    expect(r.body.changed).toBe(500);
    expect(r.body.items.every((t: { status: string }) => t.status === "pending")).toBe(true);
  });
});

describe.each(drivers)("ticket search (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
  });
  afterAll(() => s.stop());

  it("finds tickets by words of the subject (case-insensitive, % taken literally) or by #number", async () => {
    const a = (await admin.post("/api/tickets", { subject: "Refund not received" })).body;
    await admin.post("/api/tickets", { subject: "Login broken" });
    await admin.post("/api/tickets", { subject: "100% off coupon" });
    const subjects = async (q: string) =>
      (await admin.get(`/api/tickets?q=${encodeURIComponent(q)}`)).body.items.map(
        (t: { subject: string }) => t.subject,
      );
    expect(await subjects("refund")).toEqual(["Refund not received"]);
    expect(await subjects("%")).toEqual(["100% off coupon"]);
    expect(await subjects(`#${a.number}`)).toEqual(["Refund not received"]);
    expect(await subjects("nothing like it")).toEqual([]);
  });
});

describe.each(drivers)("ticket views (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let ana: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    await admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "long-enough-secret" });
    ana = await loginAs(s.url, "ana@example.com", "long-enough-secret");
  });
  afterAll(() => s.stop());

  it("saves personal and shared views; others see only the shared ones; only the owner (or an admin, shared) deletes", async () => {
    const mine = await ana.post("/api/ticket-views", {
      name: "My urgent",
      filters: { priority: "urgent" },
      sort: "sla",
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ name: "My urgent", shared: false, mine: true, filters: { priority: "urgent" } });
    const shared = await ana.post("/api/ticket-views", { name: "Billing", shared: true, filters: { tag: "billing" } });
    expect((await admin.get("/api/ticket-views")).body.items.map((v: { name: string }) => v.name)).toEqual(["Billing"]);
    expect((await ana.get("/api/ticket-views")).body.items).toHaveLength(2);
    expect((await ana.post("/api/ticket-views", { name: "x", filters: { bogus: 1 } })).status).toBe(400);
    expect((await admin.del(`/api/ticket-views/${mine.body.id}`)).status).toBe(404);
    expect((await admin.del(`/api/ticket-views/${shared.body.id}`)).status).toBe(204);
    expect((await ana.del(`/api/ticket-views/${mine.body.id}`)).status).toBe(204);
    expect((await ana.get("/api/ticket-views")).body.items).toEqual([]);
  });
});
