import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainOnce, drainQueue } from "../src/features/routing/drain";
import { bootServer, freshDatabaseUrl, type TestServer } from "./helpers";

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
});
