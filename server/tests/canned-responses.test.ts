import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

describe.each(drivers)("canned responses (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let ana: Client;
  let ben: Client;
  const auditCount = async (action: string) =>
    (
      (await s.ctx.database.executeSql("select count(*)::int as n from audit_log where action = $1", [action]))
        .rows[0] as { n: number }
    ).n;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    for (const name of ["ana", "ben"])
      await admin.post("/api/agents", { name, email: `${name}@example.com`, password: "long-enough-secret" });
    ana = await loginAs(s.url, "ana@example.com", "long-enough-secret");
    ben = await loginAs(s.url, "ben@example.com", "long-enough-secret");
  });
  afterAll(() => s.stop());

  it("keeps personal replies to their owner and offers shared ones to everyone", async () => {
    const mine = await ana.post("/api/canned-responses", {
      shortcut: " Thanks ",
      title: "Thank you",
      body: "Thanks {{contact.name}}!",
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ shortcut: "thanks", scope: "personal", canEdit: true, owner: { name: "ana" } });

    const shared = await admin.post("/api/canned-responses", {
      shortcut: "refund",
      title: "Refund policy",
      body: "Refunds take 5 days. — {{agent.name}}",
      scope: "shared",
    });
    expect(shared.status).toBe(201);
    expect(await auditCount("canned_response.created")).toBe(1);

    const anaList = (await ana.get("/api/canned-responses")).body.items;
    expect(anaList.map((c: { shortcut: string }) => c.shortcut)).toEqual(["refund", "thanks"]);
    expect(anaList.find((c: { shortcut: string }) => c.shortcut === "refund").canEdit).toBe(false);
    const benList = (await ben.get("/api/canned-responses")).body.items;
    expect(benList.map((c: { shortcut: string }) => c.shortcut)).toEqual(["refund"]);
    // Not even an admin is offered someone else's personal reply, nor can read it by id.
    expect((await admin.get("/api/canned-responses")).body.items).toHaveLength(1);
    expect((await ben.get(`/api/canned-responses/${mine.body.id}`)).status).toBe(404);
    expect((await ana.get("/api/canned-responses?q=5%20DAYS")).body.items.map((c: { id: string }) => c.id)).toEqual([
      shared.body.id,
    ]);
    expect((await ana.get("/api/canned-responses?scope=personal")).body.items).toHaveLength(1);
  });

  it("lets only admins create, edit and delete shared replies, and only owners touch personal ones", async () => {
    expect(
      (await ana.post("/api/canned-responses", { shortcut: "x", title: "X", body: "x", scope: "shared" })).status,
    ).toBe(403);
    const shared = (await admin.get("/api/canned-responses?scope=shared")).body.items[0];
    expect((await ana.patch(`/api/canned-responses/${shared.id}`, { title: "Mine now" })).status).toBe(403);
    expect((await ana.del(`/api/canned-responses/${shared.id}`)).status).toBe(403);
    const edited = await admin.patch(`/api/canned-responses/${shared.id}`, { title: "Refunds" });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe("Refunds");
    expect(await auditCount("canned_response.updated")).toBe(1);

    const personal = (await ana.get("/api/canned-responses?scope=personal")).body.items[0];
    expect((await ben.patch(`/api/canned-responses/${personal.id}`, { title: "no" })).status).toBe(404);
    expect((await admin.del(`/api/canned-responses/${personal.id}`)).status).toBe(404);
    expect((await ana.patch(`/api/canned-responses/${personal.id}`, { body: "Thank you!" })).body.body).toBe(
      "Thank you!",
    );
    expect((await ana.del(`/api/canned-responses/${personal.id}`)).status).toBe(204);
    expect((await ana.get(`/api/canned-responses/${personal.id}`)).status).toBe(404);
    expect(await auditCount("canned_response.deleted")).toBe(0);
  });

  it("refuses taken shortcuts and bad input with 4xx, writing nothing", async () => {
    const a = await ben.post("/api/canned-responses", { shortcut: "hello", title: "Hello", body: "Hi!" });
    expect(a.status).toBe(201);
    // The same shortcut is fine for someone else's personal set and beside a shared one…
    expect((await ana.post("/api/canned-responses", { shortcut: "hello", title: "Hello", body: "Hey" })).status).toBe(
      201,
    );
    // …but not twice in one set.
    const dup = await ben.post("/api/canned-responses", { shortcut: "HELLO", title: "Again", body: "Hi" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.fieldErrors.shortcut[0]).toContain("/hello");
    const other = await ben.post("/api/canned-responses", { shortcut: "bye", title: "Bye", body: "Bye" });
    expect((await ben.patch(`/api/canned-responses/${other.body.id}`, { shortcut: "hello" })).status).toBe(409);
    expect((await ben.get(`/api/canned-responses/${other.body.id}`)).body.shortcut).toBe("bye");

    for (const bad of [
      { shortcut: "has space", title: "t", body: "b" },
      { shortcut: "ok", title: "", body: "b" },
      { shortcut: "ok", title: "t", body: "nul\u0000" },
      { shortcut: "ok", title: "t", body: "x".repeat(5001) },
    ])
      expect((await ben.post("/api/canned-responses", bad)).status).toBe(400);
    expect((await ben.get("/api/canned-responses/not-a-uuid")).status).toBe(404);
    expect((await ben.get("/api/canned-responses?scope=personal")).body.items).toHaveLength(2);
  });
});
