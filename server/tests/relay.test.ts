/**
 * The realtime relay between two servers on one PostgreSQL database. Two startServer instances in
 * this test process share nothing in memory (each has its own bus, hub, relay and pools); the
 * message-level cases with real child processes are in multiprocess.test.ts.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createWebchat, loginAs, socket, useTwoServers, visitor, waitFor } from "./helpers";

describe.skipIf(!process.env.TEST_DATABASE_URL)("realtime relay between processes", () => {
  const p = useTwoServers("3d".repeat(32));

  it("hub.disconnectUser on one process closes that user's sockets on the other", async () => {
    const admin = await loginAs(p.b.url);
    const ws = await socket(p.b.url, { cookie: admin.cookie });
    const closed = new Promise<number>((r) => ws.ws.once("close", (code) => r(code)));
    const [user] = (await p.a.ctx.database.executeSql("select id from users limit 1", [])).rows as { id: string }[];
    p.a.ctx.hub.disconnectUser(user!.id);
    expect(await closed).toBe(4401);
    await waitFor(() => p.b.ctx.hub.counts().agents === 0);
  });

  it("a process that lost its LISTEN connection drops its sockets, reconnects, and receives again", async () => {
    const admin = await loginAs(p.a.url);
    const { channel } = await createWebchat(admin);
    const ws = await socket(p.b.url, { cookie: admin.cookie });
    const closed = new Promise<number>((r) => ws.ws.once("close", (code) => r(code)));
    const sql = new pg.Client({ connectionString: p.a.ctx.config.databaseUrl });
    await sql.connect();
    const listeners = async () =>
      (
        await sql.query(
          "select pid from pg_stat_activity where datname = current_database() and query ilike 'listen switchboard_realtime%'",
        )
      ).rows as { pid: number }[];
    await waitFor(async () => (await listeners()).length === 2);
    // Kill both relays' LISTEN sessions (which is whose does not matter: both must recover).
    for (const { pid } of await listeners()) await sql.query("select pg_terminate_backend($1)", [pid]);
    // The sockets are closed once the relay listens again: a client reconnecting now misses nothing.
    expect(await closed).toBe(1012);
    const again = await socket(p.b.url, { cookie: admin.cookie });
    const v = await visitor(p.a.url, channel.id);
    await v.post("/api/widget/messages", { content: "after the reconnect" });
    const seen = await again.next((e) => e.type === "message.created" && e.message.content === "after the reconnect");
    expect(seen.message.content).toBe("after the reconnect");
    again.close();
    await sql.end();
  });
});
