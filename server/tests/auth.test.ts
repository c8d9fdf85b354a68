import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, bootServer, Client, drivers, loginAs, type TestServer } from "./helpers";

describe.each(drivers)("auth and sessions (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await bootServer(driver, { LOGIN_RATE_LIMIT: "3" });
  });
  afterAll(() => s.stop());

  it("logs in, reads /api/me, logs out", async () => {
    const c = await loginAs(s.url);
    expect(c.cookie).toMatch(/^sb_session=/);
    const me = await c.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: ADMIN.email, role: "admin" });
    expect(me.body.user.passwordHash).toBeUndefined();
    expect((await c.post("/api/auth/logout")).status).toBe(204);
    expect((await c.get("/api/me")).status).toBe(401);
  });

  it("sets an httpOnly SameSite=Lax cookie", async () => {
    const r = await fetch(`${s.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    });
    const cookie = r.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("refuses wrong passwords with 401 and rate-limits repeated failures with 429", async () => {
    const c = new Client(s.url);
    const body = { email: "someone@example.com", password: "nope-nope-nope" };
    for (let i = 0; i < 3; i++) {
      const r = await c.post("/api/auth/login", body);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("invalid_credentials");
    }
    const blocked = await c.post("/api/auth/login", body);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
  });

  it("answers 401 without a session and stores hashed passwords (argon2id)", async () => {
    expect((await new Client(s.url).get("/api/conversations")).status).toBe(401);
    const rows = await s.ctx.database.executeSql("select password_hash from users where email = $1", [ADMIN.email]);
    expect((rows.rows[0] as { password_hash: string }).password_hash).toMatch(/^\$argon2id\$/);
  });

  it("rejects cookie-authenticated writes without our Origin (CSRF)", async () => {
    const c = await loginAs(s.url);
    c.origin = null;
    expect((await c.patch("/api/me", { name: "X" })).body.error.code).toBe("csrf_rejected");
    c.origin = "https://evil.test";
    const r = await c.patch("/api/me", { name: "X" });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("csrf_rejected");
  });

  it("lets an admin create an agent with a one-time password; agents cannot reach admin routes", async () => {
    const admin = await loginAs(s.url);
    const created = await admin.post("/api/agents", { name: "Ann Agent", email: "ann@example.com" });
    expect(created.status).toBe(201);
    expect(created.body.temporaryPassword).toMatch(/.{12,}/);
    const agent = await loginAs(s.url, "ann@example.com", created.body.temporaryPassword);
    // A one-time password must be replaced first (see accounts.test.ts).
    expect(
      (
        await agent.post("/api/me/password", {
          currentPassword: created.body.temporaryPassword,
          newPassword: "ann-chose-this-one",
        })
      ).status,
    ).toBe(200);
    for (const [method, path] of [
      ["GET", "/api/channels"],
      ["POST", "/api/channels"],
      ["POST", "/api/agents"],
      ["PATCH", `/api/agents/${created.body.agent.id}`],
    ] as const) {
      const r = await agent.req(method, path, method === "GET" ? undefined : { name: "x" });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
    }
    const dup = await admin.post("/api/agents", { name: "Ann Again", email: "ANN@example.com" });
    expect(dup.status).toBe(409);
  });

  it("disabling an agent ends their sessions", async () => {
    const admin = await loginAs(s.url);
    const created = await admin.post("/api/agents", {
      name: "Bo",
      email: "bo@example.com",
      password: "bo-password-123",
    });
    const bo = await loginAs(s.url, "bo@example.com", "bo-password-123");
    expect((await bo.get("/api/me")).status).toBe(200);
    expect((await admin.patch(`/api/agents/${created.body.agent.id}`, { disabled: true })).status).toBe(200);
    expect((await bo.get("/api/me")).status).toBe(401);
    expect(
      (await new Client(s.url).post("/api/auth/login", { email: "bo@example.com", password: "bo-password-123" }))
        .status,
    ).toBe(401);
  });

  it("keeps sessions across a restart", async () => {
    const c = await loginAs(s.url);
    s = await s.restart();
    c.base = s.url;
    c.origin = s.url;
    const me = await c.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(ADMIN.email);
  });
});

describe.each(drivers)("first-run setup (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    // A first boot from scratch: an empty database the server migrates itself.
    s = await bootServer(driver, { ADMIN_EMAIL: "", ADMIN_PASSWORD: "" } as never, undefined, { empty: true });
  });
  afterAll(() => s.stop());

  it("offers setup on an empty database, creates the admin once, then refuses", async () => {
    const c = new Client(s.url);
    expect((await c.get("/api/setup")).body).toEqual({ needsSetup: true, demo: false });
    const weak = await c.post("/api/setup", { name: "Root", email: "root@example.com", password: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fieldErrors.password).toBeDefined();
    const ok = await c.post("/api/setup", { name: "Root", email: "root@example.com", password: "a-long-password" });
    expect(ok.status).toBe(201);
    expect((await c.get("/api/me")).body.user.role).toBe("admin");
    const again = await new Client(s.url).post("/api/setup", {
      name: "Evil",
      email: "evil@example.com",
      password: "a-long-password",
    });
    expect(again.status).toBe(409);
    expect((await c.get("/api/setup")).body.needsSetup).toBe(false);
  });
});

describe.each(drivers)("login limits in PostgreSQL (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await bootServer(driver, { LOGIN_RATE_LIMIT: "3", LOGIN_ACCOUNT_RATE_LIMIT: "5", TRUST_PROXY: "1" });
  });
  afterAll(() => s.stop());

  const attempt = (ip: string, password = "wrong-password!") =>
    new Client(s.url).req("POST", "/api/auth/login", { email: ADMIN.email, password }, { "x-forwarded-for": ip });

  it("limits one account across many IPs, and the limit survives a restart", async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt(`203.0.113.${i}`)).status).toBe(401);
    // A sixth address, never seen before: the account-wide window is full.
    const blocked = await attempt("198.51.100.9");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    expect(blocked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    // Even the right password waits: otherwise the limiter would tell the guesser when they hit it.
    expect((await attempt("198.51.100.10", ADMIN.password)).status).toBe(429);
    s = await s.restart();
    expect((await attempt("198.51.100.11")).status).toBe(429);
    const rows = await s.ctx.database.executeSql("select count(*)::int as n from rate_limits", []);
    expect((rows.rows[0] as { n: number }).n).toBeGreaterThan(0);
  });
});
