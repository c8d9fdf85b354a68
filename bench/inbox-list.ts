/**
 * Inbox first page (50 conversations, "all open") on 100,000 conversations and 1,000,000 messages,
 * through the HTTP API; baseline: the equivalent raw SQL with the same indexes. Target: p95 ≤ 15 ms on PostgreSQL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../server/src/app";
import { loadConfig } from "../server/src/config";
import { createSession } from "../server/src/features/agents";
import { createLogger } from "../server/src/platform/logger";
import { freshDatabase, ms, percentile, report, type Row } from "./lib";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const PER_CONVERSATION = Number(process.env.BENCH_MESSAGES_PER_CONVERSATION ?? 10);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);

const SEED = [
  `insert into channels (type, name, settings) values ('webchat', 'Bench site', '{}')`,
  `insert into users (email, name, password_hash, role) values ('bench-agent@example.com', 'Bench Agent', 'x', 'agent')`,
  `insert into contacts (name, email, created_at) select 'Contact ' || g, 'c' || g || '@example.com', now() - g * interval '1 second' from generate_series(1, ${CONVERSATIONS}) g`,
  `insert into conversations (channel_id, contact_id, status, priority, assignee_id, last_message_at, last_inbound_at, last_message_preview, agent_unread_count, created_at)
     select (select id from channels limit 1), c.id, (array['open','open','pending','resolved'])[1 + (c.n % 4)], (array['low','normal','high','urgent'])[1 + (c.n % 4)],
            case when c.n % 3 = 0 then (select id from users limit 1) end,
            now() - c.n * interval '7 seconds', now() - c.n * interval '7 seconds', 'Preview of conversation ' || c.n, c.n % 3, now() - c.n * interval '7 seconds'
     from (select id, row_number() over (order by created_at) as n from contacts) c`,
  `drop index messages_content_fts_idx`,
  `insert into messages (conversation_id, channel_id, direction, sender_type, content, status, created_at)
     select c.id, c.channel_id, case when g % 2 = 0 then 'inbound' else 'outbound' end, case when g % 2 = 0 then 'customer' else 'agent' end,
            'Message ' || g || ' about order #' || (g * 7919 % 100000), 'sent', c.last_message_at - g * interval '1 minute'
     from conversations c, generate_series(1, ${PER_CONVERSATION}) g`,
  `create index messages_content_fts_idx on messages using gin (to_tsvector('simple', content))`,
  `analyze`,
];

// What GET /api/conversations?status=open runs, written by hand.
const RAW = `select c.*, ct.id as contact_id, ct.name, ct.email, ct.phone, ct.avatar_url, ch.type, ch.name as channel_name, u.id as assignee_id, u.name as assignee_name, u.avatar_url as assignee_avatar
  from conversations c join contacts ct on ct.id = c.contact_id join channels ch on ch.id = c.channel_id left join users u on u.id = c.assignee_id
  where c.status = 'open' and (c.snoozed_until is null or c.snoozed_until < now())
  order by c.last_message_at desc, c.id desc limit 51`;

async function run(driver: "postgres" | "pglite"): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-"));
  let url: string | undefined;
  let drop = async () => {};
  if (driver === "postgres") {
    const db = await freshDatabase(process.env.BENCH_DATABASE_URL!);
    url = db.url;
    drop = db.drop;
  }
  // Measured as deployed: production mode (no response-schema checks, which only run in dev and tests).
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...(url ? { DATABASE_URL: url } : {}),
  });
  const server = await startServer(config, { log: createLogger("silent") });
  try {
    const t0 = performance.now();
    for (const stmt of SEED) await server.ctx.database.executeSql(stmt);
    const seedSeconds = (performance.now() - t0) / 1000;
    const [agent] = (await server.ctx.database.executeSql("select id from users limit 1")).rows as { id: string }[];
    const { token } = await createSession(server.ctx.db, { userId: agent!.id });
    const headers = { cookie: `sb_session=${token}` };
    const api = async () => {
      const r = await fetch(`${server.url}/api/conversations?status=open&limit=50`, { headers });
      const body = (await r.json()) as { items: unknown[] };
      if (r.status !== 200 || body.items.length !== 50) throw new Error(`unexpected answer ${r.status}`);
    };
    const raw = async () => {
      const r = await server.ctx.database.executeSql(RAW, []);
      if (r.rows.length !== 51) throw new Error("unexpected raw answer");
    };
    const measure = async (fn: () => Promise<void>) => {
      for (let i = 0; i < 30; i++) await fn();
      const samples: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const s = performance.now();
        await fn();
        samples.push(performance.now() - s);
      }
      return samples;
    };
    const base = await measure(raw);
    const http = await measure(api);
    const target = driver === "postgres" ? "p95 ≤ 15 ms" : "(no target)";
    const p95 = percentile(http, 95);
    return [
      {
        case: `${driver}: raw SQL (baseline)`,
        p50_ms: ms(percentile(base, 50)),
        p95_ms: ms(percentile(base, 95)),
        target: "",
        seed_s: ms(seedSeconds),
      },
      {
        case: `${driver}: GET /api/conversations`,
        p50_ms: ms(percentile(http, 50)),
        p95_ms: ms(p95),
        target: driver === "postgres" ? `${target}: ${p95 <= 15 ? "met" : "MISSED"}` : target,
        seed_s: ms(seedSeconds),
      },
    ];
  } finally {
    await server.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function inboxListBench() {
  const rows: Row[] = [];
  if (process.env.BENCH_DATABASE_URL) rows.push(...(await run("postgres")));
  else console.log("BENCH_DATABASE_URL not set: skipping the PostgreSQL server case");
  if (process.env.BENCH_SKIP_PGLITE !== "1") rows.push(...(await run("pglite")));
  report("inbox-list", rows, {
    conversations: CONVERSATIONS,
    messages: CONVERSATIONS * PER_CONVERSATION,
    iterations: ITERATIONS,
  });
}
