import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, Client, createWebchat, drivers, loginAs, type TestServer } from "./helpers";

describe.each(drivers)("audit log (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
  });
  afterAll(() => s.stop());

  const search = async (q: string) => {
    const r = await admin.get(`/api/audit-log${q}`);
    expect(r.status).toBe(200);
    return r.body as { items: any[]; nextCursor: string | null };
  };

  it("records user management: created, role changed, disabled/enabled, password reset — who, when, from where", async () => {
    const created = await admin.post("/api/agents", {
      email: "audited@example.com",
      name: "Audited Agent",
      password: "agent-password-123",
      role: "agent",
    });
    const id = created.body.agent.id;
    await admin.patch(`/api/agents/${id}`, { role: "admin" });
    await admin.patch(`/api/agents/${id}`, { disabled: true });
    await admin.patch(`/api/agents/${id}`, { disabled: false, capacity: 5 });
    await admin.post(`/api/agents/${id}/reset-password`);
    const log = await search(`?targetId=${id}`);
    // Newest first; entries written in one transaction share their time (enabled + updated), so sort those.
    const actions = log.items.map((e) => e.action);
    expect(actions[0]).toBe("user.password_reset");
    expect(actions.slice(1, 3).sort()).toEqual(["user.enabled", "user.updated"]);
    expect(actions.slice(3)).toEqual(["user.disabled", "user.role_changed", "user.created"]);
    const role = log.items.find((e) => e.action === "user.role_changed");
    expect(role).toMatchObject({
      actor: { type: "user", name: "Admin" },
      target: { type: "user", id },
      details: { from: "agent", to: "admin" },
    });
    expect(role.ip).toMatch(/127\.0\.0\.1/);
    expect(role.userAgent).toBeTruthy();
    expect(JSON.stringify(log.items)).not.toContain("agent-password-123");
  });

  it("records channel changes without secret values", async () => {
    const { channel } = await createWebchat(admin);
    await admin.patch(`/api/channels/${channel.id}`, { name: "Renamed site", rotateSecret: true });
    await admin.del(`/api/channels/${channel.id}`);
    const log = await search(`?targetId=${channel.id}`);
    expect(log.items.map((e) => e.action).sort()).toEqual([
      "channel.created",
      "channel.credentials_changed",
      "channel.deleted",
      "channel.updated",
    ]);
    const secrets = await s.ctx.database.executeSql("select secrets_sealed from channels where id = $1", [channel.id]);
    const sealed = (secrets.rows[0] as { secrets_sealed: string }).secrets_sealed;
    expect(JSON.stringify(log.items)).not.toContain(sealed.slice(0, 20));
    expect(log.items.find((e) => e.action === "channel.credentials_changed").details).toEqual({
      fields: [],
      rotatedSecret: true,
    });
  });

  it("filters by action prefix, actor, free text and date range; pages by keyset without gaps or repeats", async () => {
    for (let i = 0; i < 5; i++)
      await admin.post("/api/agents", {
        email: `page${i}@example.com`,
        name: `Pager ${i}`,
        password: "agent-password-123",
      });
    const users = await search("?action=user.");
    expect(users.items.every((e) => e.action.startsWith("user."))).toBe(true);
    const text = await search("?q=pager%203");
    expect(text.items).toHaveLength(1);
    expect(text.items[0].summary).toContain("Pager 3");
    const me = (await admin.get("/api/me")).body.user.id;
    expect((await search(`?actorId=${me}`)).items.length).toBeGreaterThan(5);
    expect((await search("?from=2999-01-01T00:00:00Z")).items).toHaveLength(0);
    expect((await search("?to=2000-01-01T00:00:00Z")).items).toHaveLength(0);
    // A LIKE wildcard typed in the box is literal.
    expect((await search("?q=%25")).items).toHaveLength(0);

    const all = await search("?limit=100");
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await search(`?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.items.map((e) => e.id));
    expect((await admin.get("/api/audit-log?cursor=garbage")).status).toBe(400);
    expect((await admin.get("/api/audit-log/actions")).body.items).toContain("user.created");
  });

  it("is admin-only", async () => {
    await admin.post("/api/agents", { email: "plain@example.com", name: "Plain", password: "agent-password-123" });
    const agent = await loginAs(s.url, "plain@example.com", "agent-password-123");
    expect((await agent.get("/api/audit-log")).status).toBe(403);
    expect((await new Client(s.url).get("/api/audit-log")).status).toBe(401);
  });

  it("is append-only: UPDATE and DELETE on audit_log fail in the database itself", async () => {
    await expect(s.ctx.database.executeSql("update audit_log set summary = 'rewritten'", [])).rejects.toThrow(
      /append-only/,
    );
    await expect(s.ctx.database.executeSql("delete from audit_log", [])).rejects.toThrow(/append-only/);
    expect((await search("?limit=1")).items[0].summary).not.toBe("rewritten");
  });
});
