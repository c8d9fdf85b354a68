import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { bootServer, Client, drivers, loginAs, type TestServer } from "./helpers";

describe.each(drivers)("API tokens (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
  });
  afterAll(() => s.stop());

  const mint = async (scopes: string[], extra: Record<string, unknown> = {}) => {
    const r = await admin.post("/api/api-tokens", { name: `t-${scopes.join("-")}`, scopes, ...extra });
    expect(r.status).toBe(201);
    return r.body as { token: { id: string; prefix: string; scopes: string[] }; secret: string };
  };
  // No cookie and no Origin: what a server-side integration sends.
  const bearer = (secret: string) => new Client(s.url, null, secret);

  it("shows the secret once, stores only its SHA-256, and authenticates Bearer requests", async () => {
    const { token, secret } = await mint(["read"]);
    expect(secret).toMatch(/^sb_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`${token.prefix}_`)).toBe(true);
    const rows = await s.ctx.database.executeSql("select token_hash, prefix from api_tokens where id = $1", [token.id]);
    const row = rows.rows[0] as { token_hash: string; prefix: string };
    expect(row.token_hash).toBe((await import("node:crypto")).createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(rows.rows)).not.toContain(secret.replace(/^sb_[a-z0-9]{8}_/, ""));
    const list = await admin.get("/api/api-tokens");
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const me = await bearer(secret).get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("admin@example.com");
    expect((await bearer(secret).get("/api/conversations")).status).toBe(200);
    // last used is recorded
    const after = await admin.get("/api/api-tokens");
    expect(after.body.items.find((t: { id: string }) => t.id === token.id).lastUsedAt).not.toBeNull();
  });

  it("enforces scopes by guard and method: read cannot write, write cannot do admin things", async () => {
    const read = (await mint(["read"])).secret;
    const write = (await mint(["write"])).secret;
    const adminTok = (await mint(["admin"])).secret;
    const denied = await bearer(read).patch("/api/me", { name: "Renamed" });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");
    expect((await bearer(write).patch("/api/me", { name: "Admin" })).status).toBe(200);
    expect((await bearer(write).get("/api/channels")).status).toBe(403);
    expect((await bearer(adminTok).get("/api/channels")).status).toBe(200);
    expect((await bearer(adminTok).get("/api/audit-log")).status).toBe(200);
  });

  it("needs no Origin (no CSRF check) for bearer writes, while cookie writes still do", async () => {
    const { secret } = await mint(["write"]);
    const evil = new Client(s.url, "https://evil.test", secret);
    expect((await evil.patch("/api/me", { name: "Admin" })).status).toBe(200);
    const cookieNoOrigin = await loginAs(s.url);
    cookieNoOrigin.origin = null;
    expect((await cookieNoOrigin.patch("/api/me", { name: "Admin" })).body.error.code).toBe("csrf_rejected");
  });

  it("refuses token minting, password change and logout with a token (session only)", async () => {
    const { secret } = await mint(["admin"]);
    const r = await bearer(secret).post("/api/api-tokens", { name: "child", scopes: ["admin"] });
    expect(r.status).toBe(403);
    expect((await bearer(secret).post("/api/auth/logout")).status).toBe(403);
  });

  it("answers 401 for a revoked, expired or unknown token, and records creation and revocation in the audit log", async () => {
    const { token, secret } = await mint(["read"]);
    expect((await admin.del(`/api/api-tokens/${token.id}`)).status).toBe(204);
    const r = await bearer(secret).get("/api/me");
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("unauthenticated");
    expect((await admin.del(`/api/api-tokens/${token.id}`)).status).toBe(404);
    expect((await bearer(`${secret.slice(0, -4)}AAAA`).get("/api/me")).status).toBe(401);

    const exp = await mint(["read"], { expiresInDays: 1 });
    await s.ctx.database.executeSql("update api_tokens set expires_at = now() - interval '1 second' where id = $1", [
      exp.token.id,
    ]);
    expect((await bearer(exp.secret).get("/api/me")).status).toBe(401);

    const log = await admin.get(`/api/audit-log?targetId=${token.id}`);
    expect(log.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      "api_token.created",
      "api_token.revoked",
    ]);
  });

  it("gives agents no admin scope, and stops a disabled user's tokens", async () => {
    const created = await admin.post("/api/agents", {
      email: "tok-agent@example.com",
      name: "Tok Agent",
      password: "agent-password-123",
      role: "agent",
    });
    expect(created.status).toBe(201);
    const agent = await loginAs(s.url, "tok-agent@example.com", "agent-password-123");
    expect((await agent.post("/api/api-tokens", { name: "x", scopes: ["admin"] })).status).toBe(403);
    const ok = await agent.post("/api/api-tokens", { name: "x", scopes: ["write"] });
    expect(ok.status).toBe(201);
    expect((await bearer(ok.body.secret).get("/api/me")).status).toBe(200);
    await admin.patch(`/api/agents/${created.body.agent.id}`, { disabled: true });
    expect((await bearer(ok.body.secret).get("/api/me")).status).toBe(401);
  });

  it("keeps WebSockets cookie-only: a bearer token does not open /ws", async () => {
    const { secret } = await mint(["admin"]);
    const ws = new WebSocket(`${s.url.replace("http", "ws")}/ws`, { headers: { authorization: `Bearer ${secret}` } });
    const status = await new Promise<number>((resolve) => {
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => resolve(101));
      ws.once("error", () => resolve(-1));
    });
    ws.terminate();
    expect(status).toBe(401);
  });

  it("documents bearer and cookie security in the OpenAPI document", async () => {
    const doc = (await new Client(s.url).get("/api/openapi.json")).body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.session).toMatchObject({ in: "cookie" });
    expect(doc.paths["/api/conversations"].get.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(doc.paths["/api/api-tokens"].post.security).toEqual([{ session: [] }]);
    expect(doc.paths["/api/conversations"].get["x-token-scope"]).toBe("read");
    expect(doc.paths["/api/channels"].get["x-token-scope"]).toBe("admin");
  });
});
