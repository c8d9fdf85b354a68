import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STALE_MS, sweepAvailability } from "../src/features/agents";
import type { DomainEvents } from "../src/platform/bus";
import { bootServer, type Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";

const MIN = 60_000;

/** Issue 8 §4: auto-away when all of an agent's sockets close, and after inactivity; never back online by itself. */
describe.each(drivers)("availability (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  let agentId: string;
  const presence: DomainEvents["presence.updated"][] = [];
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await s.ctx.database.executeSql(text, values)).rows as T[];
  const availability = async () => (await agent.get("/api/me")).body.user.availability as string;
  const rules = (over: Partial<{ awayAfterMs: number; graceMs: number }> = {}) => ({
    awayAfterMs: 15 * MIN,
    graceMs: 30_000,
    staleMs: STALE_MS,
    ...over,
  });
  /** Closes a socket and waits until this process has written it down and run its checks. */
  const closeTab = async (server: TestServer, tab: { close(): void }, left: number) => {
    tab.close();
    await waitFor(() => server.ctx.hub.agentSocketCount(agentId) === left);
    await server.presence.idle();
  };
  // Inactivity is judged by the database clock's peers: tests move "now" instead of sleeping.
  const later = (ms: number) => new Date(Date.now() + ms);

  beforeAll(async () => {
    // No grace: the test sees the disconnect rule fire as soon as the last socket closes.
    s = await bootServer(driver, { AWAY_GRACE_SECONDS: "0", AWAY_AFTER_MINUTES: "15" });
    s.ctx.bus.on("presence.updated", (e) => void presence.push(e));
    admin = await loginAs(s.url);
    agentId = (
      await admin.post("/api/agents", { email: "ana@example.com", name: "Ana", password: "agent-password-123" })
    ).body.agent.id;
    agent = await loginAs(s.url, "ana@example.com", "agent-password-123");
  });
  afterAll(() => s.stop());
  beforeEach(async () => {
    expect((await agent.patch("/api/me", { availability: "online" })).status).toBe(200);
    presence.length = 0;
  });

  it("all of an agent's sockets closed -> away, presence.updated to everyone; one tab left keeps them online", async () => {
    const watcher = await socket(s.url, { cookie: admin.cookie });
    const tab1 = await socket(s.url, { cookie: agent.cookie });
    const tab2 = await socket(s.url, { cookie: agent.cookie });
    await s.presence.idle();
    await closeTab(s, tab1, 1);
    expect(await availability()).toBe("online");

    tab2.close();
    await waitFor(async () => (await availability()) === "away");
    expect(presence).toEqual([{ userId: agentId, availability: "away" }]);
    await watcher.next((e) => e.type === "presence.updated" && e.userId === agentId && e.availability === "away");
    watcher.close();

    // Coming back is deliberate: reconnecting does not bring the agent online.
    const again = await socket(s.url, { cookie: agent.cookie });
    await s.presence.idle();
    expect(await availability()).toBe("away");
    await closeTab(s, again, 0);
  });

  it("the grace period: a closed console is away only after it (a reload does not flip anyone away)", async () => {
    const tab = await socket(s.url, { cookie: agent.cookie });
    await s.presence.idle();
    // As a process with a 30 s grace period sees it: the tab just closed (0 sockets, seen now).
    await sql("update agent_connections set sockets = 0, seen_at = now() where user_id = $1", [agentId]);
    expect(await sweepAvailability(s.ctx, rules(), { now: later(10_000) })).toEqual([]);
    expect(await sweepAvailability(s.ctx, rules(), { now: later(31_000) })).toEqual([agentId]);
    expect(await availability()).toBe("away");
    await closeTab(s, tab, 0);
  });

  it("a process that died (its row stopped being refreshed) does not keep its agents online", async () => {
    const tab = await socket(s.url, { cookie: agent.cookie });
    await s.presence.idle();
    // Only a dead process's row says the agent is connected: 1 socket, last refreshed 10 minutes ago.
    await sql("update agent_connections set sockets = 0 where user_id = $1", [agentId]);
    await sql(
      "insert into agent_connections (process_id, user_id, sockets, seen_at) values ('dead', $1, 1, now() - interval '10 minutes')",
      [agentId],
    );
    expect(await sweepAvailability(s.ctx, rules(), { now: later(31_000) })).toEqual([agentId]);
    await sql("delete from agent_connections where process_id = 'dead'");
    // A live socket here (its row refreshed) keeps the agent online.
    await agent.patch("/api/me", { availability: "online" });
    const tab2 = await socket(s.url, { cookie: agent.cookie });
    await s.presence.idle();
    expect(await sweepAvailability(s.ctx, rules(), { now: later(60_000) })).toEqual([]);
    expect(await availability()).toBe("online");
    await closeTab(s, tab, 1);
    tab2.close();
    await waitFor(async () => (await availability()) === "away");
    await s.presence.idle();
  });

  it.runIf(driver === "postgres")(
    "a second process: a socket there keeps the agent online when this one's close",
    async () => {
      const second = await bootServer(
        driver,
        { AWAY_GRACE_SECONDS: "0" },
        { dataDir: s.dataDir, url: s.ctx.config.databaseUrl!, drop: async () => {} },
      );
      try {
        const there = await socket(second.url, { cookie: agent.cookie });
        const here = await socket(s.url, { cookie: agent.cookie });
        await second.presence.idle();
        await s.presence.idle();
        await closeTab(s, here, 0);
        expect(await availability()).toBe("online");
        there.close();
        await waitFor(async () => (await availability()) === "away");
        await second.presence.idle();
      } finally {
        await second.close();
      }
    },
  );

  it("inactivity: online agents with no sign of life for the configured minutes become away; activity resets it", async () => {
    // A console open all along (its row refreshed): only inactivity can move the agent.
    const tab = await socket(s.url, { cookie: agent.cookie });
    await s.presence.idle();
    const connected = async () =>
      sql("update agent_connections set seen_at = $2 where user_id = $1 and sockets > 0", [agentId, later(16 * MIN)]);
    await connected();
    expect(await sweepAvailability(s.ctx, rules(), { now: later(14 * MIN) })).toEqual([]);
    expect(await sweepAvailability(s.ctx, rules(), { now: later(16 * MIN) })).toEqual([agentId]);
    expect(await availability()).toBe("away");
    expect(presence).toEqual([{ userId: agentId, availability: "away" }]);

    await agent.patch("/api/me", { availability: "online" });
    const stamp = async () =>
      (await sql<{ t: string }>("select last_active_at::text as t from users where id = $1", [agentId]))[0]!.t;
    const before = await stamp();
    await waitFor(async () => {
      expect((await agent.post("/api/me/activity")).status).toBe(204);
      return (await stamp()) > before;
    });
    // 0 minutes turns the rule off.
    expect(await sweepAvailability(s.ctx, rules({ awayAfterMs: 0 }), { now: later(15 * MIN) })).toEqual([]);
    await closeTab(s, tab, 0);
  });

  it("a manual away (or offline) is never touched, and never turned back online", async () => {
    await agent.patch("/api/me", { availability: "away" });
    presence.length = 0;
    expect(await sweepAvailability(s.ctx, rules(), { now: later(600 * MIN) })).toEqual([]);
    const tab = await socket(s.url, { cookie: agent.cookie });
    await s.presence.idle();
    await closeTab(s, tab, 0);
    expect(await availability()).toBe("away");
    await agent.patch("/api/me", { availability: "offline" });
    expect(await sweepAvailability(s.ctx, rules(), { now: later(600 * MIN) })).toEqual([]);
    expect(await availability()).toBe("offline");
    // Only the agent's own change was announced.
    expect(presence).toEqual([{ userId: agentId, availability: "offline" }]);
  });
});
