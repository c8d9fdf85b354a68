import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainOnce, drainQueue } from "../src/features/routing/drain";
import { expectedWaitMinutes } from "../src/features/routing/expected-wait";
import { bootServer, type Client, freshDatabaseUrl, loginAs, type TestServer, waitFor } from "./helpers";
import { ServerProcess } from "./processes";

/**
 * Two servers on one PostgreSQL database (each with its own pool, lock connection, bus and drainer:
 * what two processes share is the database alone) drain the same queue at the same moment.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("routing with two processes on one PostgreSQL", () => {
  let a: TestServer;
  let b: TestServer;
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await a.ctx.database.executeSql(text, values)).rows as T[];

  async function seed(conversations: number, agents: number, capacity: number) {
    await sql("update conversations set status = 'resolved'");
    await sql("update users set availability = 'offline'");
    const [ch] = await sql<{ id: string }>(
      "insert into channels (type, name, settings) values ('webchat', 'Seed', '{}') returning id",
    );
    await sql(
      `with c as (insert into contacts (name) select 'Customer ' || g from generate_series(1, ${conversations}) g returning id)
       insert into conversations (channel_id, contact_id, status, handler, queued_at, last_message_at)
       select $1, c.id, 'open', 'human', now() - row_number() over () * interval '1 second', now() from c`,
      [ch!.id],
    );
    const tag = Math.random().toString(36).slice(2, 8);
    return (
      await sql<{ id: string }>(
        `insert into users (email, name, password_hash, role, availability, capacity)
         select 'p' || g || '-${tag}@example.com', 'Agent ' || g, 'x', 'agent', 'online', ${capacity} from generate_series(1, ${agents}) g
         returning id`,
      )
    ).map((r) => r.id);
  }
  const state = (channelFilter = "") =>
    sql<{ id: string; assignee_id: string | null; lines: number }>(
      `select c.id, c.assignee_id,
              (select count(*)::int from messages m where m.conversation_id = c.id and m.kind = 'event'
                 and m.metadata->'event'->>'via' = 'routing') as lines
         from conversations c where c.status = 'open' ${channelFilter}`,
    );

  beforeAll(async () => {
    const db = await freshDatabaseUrl();
    const env = { SECRET_KEY: "ab".repeat(32) };
    a = await bootServer("postgres", env, { dataDir: (await import("node:fs")).mkdtempSync("/tmp/sb-r1-"), ...db });
    b = await bootServer("postgres", env, { dataDir: (await import("node:fs")).mkdtempSync("/tmp/sb-r2-"), ...db });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.stop();
  });

  it("two drains racing without the lock never assign a conversation twice (the conditional UPDATE)", async () => {
    await seed(300, 10, 100);
    await Promise.all([drainOnce(a.ctx), drainOnce(b.ctx), drainOnce(a.ctx), drainOnce(b.ctx)]);
    const rows = await state();
    expect(rows.every((r) => r.assignee_id !== null)).toBe(true);
    // One activity line each: a row another drain had taken was skipped, not re-assigned.
    expect(rows.filter((r) => r.lines !== 1)).toEqual([]);
  });

  it("drains requested on both at once hold capacity and fairness (one drain at a time across processes)", async () => {
    const agents = await seed(200, 8, 20); // 160 places for 200 conversations
    await Promise.all([drainQueue(a.ctx), drainQueue(b.ctx), drainQueue(a.ctx), drainQueue(b.ctx)]);
    const rows = await state();
    const loads = agents.map((id) => rows.filter((r) => r.assignee_id === id).length);
    expect(loads).toEqual(agents.map(() => 20));
    expect(rows.filter((r) => r.assignee_id === null)).toHaveLength(40);
    expect(rows.filter((r) => r.lines > 1)).toEqual([]);
  });

  it("the expected wait a handoff tells is the same in every process: read from the assignments in PostgreSQL", async () => {
    await sql("delete from messages where kind = 'event' and metadata->'event'->>'via' = 'routing'");
    expect(await expectedWaitMinutes(b.ctx.db)).toBeNull();
    await seed(5, 1, 100);
    await sql("update conversations set queued_at = now() - interval '450 seconds' where status = 'open'");
    expect((await drainOnce(a.ctx)).assigned).toBe(5);
    // b assigned nothing: it still tells the wait a's assignments had (7.5 minutes, in whole minutes).
    expect(await expectedWaitMinutes(b.ctx.db)).toBe(8);
    expect(await expectedWaitMinutes(a.ctx.db)).toBe(8);
  });
});

/** The same with real processes (`tsx server/src/main.ts`), agents coming online through each of them at once. */
describe.skipIf(!process.env.TEST_DATABASE_URL)("routing with two real server processes", () => {
  let database: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let sql: pg.Client;
  let p1: ServerProcess;
  let p2: ServerProcess;
  const q = async <T = any>(text: string, values: unknown[] = []) => (await sql.query(text, values)).rows as T[];

  beforeAll(async () => {
    database = await freshDatabaseUrl();
    const env = { SECRET_KEY: "7c".repeat(32), DATABASE_URL: database.url, SANDBOX: "0" };
    p1 = new ServerProcess({ ...env, ROLE: "all" });
    p2 = new ServerProcess({ ...env, ROLE: "all" });
    await Promise.all([p1.start(), p2.start()]);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  }, 180_000);
  afterAll(async () => {
    await sql?.end();
    await Promise.all([p1?.stop(), p2?.stop()]);
    await database?.drop();
  });

  it("agents coming online on both processes at once: every conversation assigned once, capacity held", async () => {
    const admin = await loginAs(p1.url);
    const agents: { id: string; c: Client }[] = [];
    for (let i = 0; i < 6; i++) {
      const email = `mp-${i}@example.com`;
      const r = await admin.post("/api/agents", {
        name: `Agent ${i}`,
        email,
        capacity: 20,
        password: "agent-password-123",
      });
      expect(r.status, r.text).toBe(201);
      agents.push({ id: r.body.agent.id, c: await loginAs(i % 2 ? p2.url : p1.url, email, "agent-password-123") });
    }
    const [ch] = await q<{ id: string }>(
      "insert into channels (type, name, settings) values ('webchat', 'Seed', '{}') returning id",
    );
    await q(
      `with c as (insert into contacts (name) select 'Customer ' || g from generate_series(1, 150) g returning id)
       insert into conversations (channel_id, contact_id, status, handler, queued_at, last_message_at)
       select $1, c.id, 'open', 'human', now() - row_number() over () * interval '1 second', now() from c`,
      [ch!.id],
    );
    const patched = await Promise.all(agents.map((a) => a.c.patch("/api/me", { availability: "online" })));
    expect(patched.map((r) => r.status)).toEqual(agents.map(() => 200));

    const assigned = async () =>
      Number(
        (await q<{ n: number }>("select count(*)::int as n from conversations where assignee_id is not null"))[0]!.n,
      );
    await waitFor(async () => (await assigned()) === 120, 30_000);
    const loads = await q<{ assignee_id: string; n: number }>(
      "select assignee_id, count(*)::int as n from conversations where assignee_id is not null group by assignee_id",
    );
    expect(loads.map((l) => Number(l.n))).toEqual(agents.map(() => 20));
    const twice = await q(
      `select conversation_id from messages where kind = 'event' and metadata->'event'->>'via' = 'routing'
        group by conversation_id having count(*) > 1`,
    );
    expect(twice).toEqual([]);
    expect(
      Number(
        (await q<{ n: number }>("select count(*)::int as n from conversations where queued_at is not null"))[0]!.n,
      ),
    ).toBe(30);
  });
});
