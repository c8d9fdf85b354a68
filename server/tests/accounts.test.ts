import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  bootServer,
  Client,
  createWebchat,
  drivers,
  loginAs,
  socket,
  type TestServer,
  visitor,
  waitFor,
} from "./helpers";

/** A socket that records its close, so a test can wait for the server to end it. */
async function agentSocket(s: TestServer, c: Client) {
  const sock = await socket(s.url, { cookie: c.cookie });
  const closed = { code: 0 };
  sock.ws.on("close", (code) => {
    closed.code = code;
  });
  return { ...sock, closed };
}

describe.each(drivers)("accounts: passwords, sessions, sockets, load (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  async function newAgent(email: string) {
    const r = await admin.post("/api/agents", { name: email.split("@")[0], email });
    expect(r.status).toBe(201);
    return r.body as { agent: { id: string }; temporaryPassword: string };
  }

  it("a temporary password must be changed first: other routes answer 403 password_change_required", async () => {
    const { agent, temporaryPassword } = await newAgent("tara@example.com");
    const tara = await loginAs(s.url, "tara@example.com", temporaryPassword);
    const me = await tara.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user.mustChangePassword).toBe(true);
    const blocked = await tara.get("/api/conversations");
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe("password_change_required");
    await expect(socket(s.url, { cookie: tara.cookie })).rejects.toThrow(/403/);

    const wrong = await tara.post("/api/me/password", { currentPassword: "nope", newPassword: "a-brand-new-secret" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fieldErrors.currentPassword).toBeDefined();
    // Wrong current passwords are limited too (10 per 15 minutes, in PostgreSQL).
    for (let i = 0; i < 9; i++)
      expect(
        (await tara.post("/api/me/password", { currentPassword: `nope${i}`, newPassword: "a-brand-new-secret" }))
          .status,
      ).toBe(400);
    const limited = await tara.post("/api/me/password", {
      currentPassword: temporaryPassword,
      newPassword: "a-brand-new-secret",
    });
    expect(limited.status).toBe(429);
    await s.ctx.database.executeSql("delete from rate_limits where key like 'password-check:%'", []);
    const short = await tara.post("/api/me/password", { currentPassword: temporaryPassword, newPassword: "short" });
    expect(short.status).toBe(400);

    const oldCookie = tara.cookie;
    const changed = await tara.post("/api/me/password", {
      currentPassword: temporaryPassword,
      newPassword: "a-brand-new-secret",
    });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ id: agent.id, mustChangePassword: false });
    expect(tara.cookie).not.toBe(oldCookie);
    expect((await tara.get("/api/conversations")).status).toBe(200);
    // The old cookie is dead, the old password too; the new one works.
    const stale = new Client(s.url);
    stale.cookie = oldCookie;
    expect((await stale.get("/api/me")).status).toBe(401);
    expect(
      (await new Client(s.url).post("/api/auth/login", { email: "tara@example.com", password: temporaryPassword }))
        .status,
    ).toBe(401);
    await loginAs(s.url, "tara@example.com", "a-brand-new-secret");
  });

  it("changing my password ends every session of mine and closes my sockets at once", async () => {
    const pw = "first-password-123";
    await admin.post("/api/agents", { name: "Cho", email: "cho@example.com", password: pw });
    const laptop = await loginAs(s.url, "cho@example.com", pw);
    const phone = await loginAs(s.url, "cho@example.com", pw);
    const sock = await agentSocket(s, phone);
    const r = await laptop.post("/api/me/password", { currentPassword: pw, newPassword: "second-password-456" });
    expect(r.status).toBe(200);
    await waitFor(() => sock.closed.code !== 0);
    expect(sock.closed.code).toBe(4401);
    expect((await phone.get("/api/me")).status).toBe(401);
    expect((await laptop.get("/api/me")).status).toBe(200);
  });

  it("an admin resets an agent's password: a temporary password shown once, sessions and sockets end", async () => {
    const pw = "dev-password-123";
    const created = await admin.post("/api/agents", { name: "Dev", email: "dev@example.com", password: pw });
    const id = created.body.agent.id;
    const dev = await loginAs(s.url, "dev@example.com", pw);
    const sock = await agentSocket(s, dev);
    const agentLogin = await loginAs(s.url, "tara@example.com", "a-brand-new-secret");
    expect((await agentLogin.post(`/api/agents/${id}/reset-password`)).status).toBe(403);
    expect((await admin.post(`/api/agents/${(await admin.get("/api/me")).body.user.id}/reset-password`)).status).toBe(
      409,
    );

    const reset = await admin.post(`/api/agents/${id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.temporaryPassword).toMatch(/^[\w-]{12,}$/);
    await waitFor(() => sock.closed.code !== 0);
    expect((await dev.get("/api/me")).status).toBe(401);
    expect((await new Client(s.url).post("/api/auth/login", { email: "dev@example.com", password: pw })).status).toBe(
      401,
    );
    const again = await loginAs(s.url, "dev@example.com", reset.body.temporaryPassword);
    expect((await again.get("/api/me")).body.user.mustChangePassword).toBe(true);
    expect((await again.get("/api/agents")).body.error.code).toBe("password_change_required");
  });

  it("disabling an agent closes their socket at once; it receives no further customer messages", async () => {
    const pw = "eve-password-123";
    const created = await admin.post("/api/agents", { name: "Eve", email: "eve@example.com", password: pw });
    const eve = await loginAs(s.url, "eve@example.com", pw);
    const eveSock = await agentSocket(s, eve);
    const adminSock = await socket(s.url, { cookie: admin.cookie });
    const v = await visitor(s.url, channelId);
    await v.post("/api/widget/messages", { content: "before" });
    await eveSock.next((e) => e.type === "message.created" && e.message.content === "before");

    expect((await admin.patch(`/api/agents/${created.body.agent.id}`, { disabled: true })).status).toBe(200);
    await waitFor(() => eveSock.closed.code !== 0);
    const seen = eveSock.events.length;
    await v.post("/api/widget/messages", { content: "after" });
    await adminSock.next((e) => e.type === "message.created" && e.message.content === "after");
    expect(eveSock.events.length).toBe(seen);
    expect(eveSock.events.some((e) => e.type === "message.created" && e.message.content === "after")).toBe(false);
    adminSock.close();
  });

  it("logging out closes the socket", async () => {
    const c = await loginAs(s.url);
    const sock = await agentSocket(s, c);
    expect((await c.post("/api/auth/logout")).status).toBe(204);
    await waitFor(() => sock.closed.code !== 0);
    expect(sock.closed.code).toBe(4401);
    expect(ADMIN.email).toBeTruthy();
  });

  it("reports each agent's load: open conversations assigned, not resolved ones", async () => {
    const pw = "load-password-123";
    const created = await admin.post("/api/agents", { name: "Lou", email: "lou@example.com", password: pw });
    const lou = created.body.agent.id;
    const convs: string[] = [];
    for (let i = 0; i < 7; i++) {
      const v = await visitor(s.url, channelId);
      convs.push((await v.post("/api/widget/messages", { content: `load ${i}` })).body.conversationId);
    }
    for (const id of convs)
      expect((await admin.post(`/api/conversations/${id}/assign`, { assigneeId: lou })).status).toBe(200);
    for (const id of convs.slice(5))
      expect((await admin.patch(`/api/conversations/${id}`, { status: "resolved" })).status).toBe(200);
    const agents = (await admin.get("/api/agents")).body.items as { id: string; openConversations: number }[];
    expect(agents.find((a) => a.id === lou)?.openConversations).toBe(5);
    expect(agents.filter((a) => a.id !== lou).every((a) => a.openConversations === 0)).toBe(true);
  });
});

describe.each(drivers)("sockets of sessions ended elsewhere (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await bootServer(driver);
  });
  afterAll(() => s.stop());

  it("closes an agent socket whose session was deleted by another process or the admin command", async () => {
    const { liveSessions } = await import("../src/features/agents");
    const keep = await loginAs(s.url);
    const gone = await loginAs(s.url);
    const kept = await agentSocket(s, keep);
    const ended = await agentSocket(s, gone);
    // What `npm run admin -- reset-password` does from its own process: delete the session rows.
    const id = (await import("node:crypto"))
      .createHash("sha256")
      .update(decodeURIComponent(gone.cookie.split("=")[1]!))
      .digest("hex");
    await s.ctx.database.executeSql("delete from sessions where id = $1", [id]);
    // The periodic check (every 30 s in the server) run now.
    await s.ctx.hub.dropEndedSessions((ids) => liveSessions(s.ctx.db, ids));
    await waitFor(() => ended.closed.code !== 0);
    expect(ended.closed.code).toBe(4401);
    expect(kept.closed.code).toBe(0);
    kept.close();
  });
});
