/**
 * Routing (issue 8 §8): 1,000 conversations wait, 50 agents come online (one shift starting: their
 * availability changes together, then each one's presence event), time until every conversation is
 * assigned and fairness (max minus min load). Target: under 2 s, fairness at most 1.
 * Baseline, same run and data: one conversation at a time through the single-conversation path
 * (choose the agent, then assignConversation: its own transaction, line and events each).
 * Informational: the same agents arriving one after another (50 availability changes in a row):
 * whoever is online first gets work first, so fairness is not the point of that row.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../server/src/app";
import { loadConfig } from "../server/src/config";
import { routableAgents } from "../server/src/features/agents";
import { assignConversation, openConversationsByAssignee } from "../server/src/features/inbox";
import { drainerFor, ROUTING_ACTOR } from "../server/src/features/routing/drain";
import { candidates, choose } from "../server/src/features/routing/plan";
import { createLogger } from "../server/src/platform/logger";
import { freshDatabase, ms, report, type Row } from "./lib";

const CONVERSATIONS = Number(process.env.BENCH_ROUTING_CONVERSATIONS ?? 1000);
const AGENTS = Number(process.env.BENCH_ROUTING_AGENTS ?? 50);
const CAPACITY = Number(process.env.BENCH_ROUTING_CAPACITY ?? 30);
/** The baseline's sample: one by one takes minutes for 1,000, so the first ones are timed and projected. */
const BASELINE = Math.min(CONVERSATIONS, Number(process.env.BENCH_ROUTING_BASELINE ?? 200));

const SEED = [
  `insert into channels (type, name, settings) values ('webchat', 'Bench site', '{}')`,
  `insert into contacts (name) select 'Customer ' || g from generate_series(1, ${CONVERSATIONS}) g`,
  `insert into conversations (channel_id, contact_id, status, priority, handler, last_message_at)
     select (select id from channels limit 1), c.id, 'open', (array['low','normal','normal','high','urgent'])[1 + (c.n % 5)], 'human', now()
     from (select id, row_number() over (order by id) as n from contacts) c`,
  `insert into users (email, name, password_hash, role, availability, capacity)
     select 'bench-agent-' || g || '@example.com', 'Agent ' || g, 'x', 'agent', 'offline', ${CAPACITY} from generate_series(1, ${AGENTS}) g`,
];
// Everyone waiting again, nobody online, no routing history: each case starts from the same state.
const RESET = [
  `delete from messages where kind = 'event'`,
  `update users set availability = 'offline', last_assigned_at = null`,
  `update conversations set assignee_id = null, handler = 'human', queued_at = now() - (random() * interval '10 minutes')`,
];

async function run(driver: "postgres" | "pglite"): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-"));
  let url: string | undefined;
  let drop = async () => {};
  if (driver === "postgres") {
    const db = await freshDatabase(process.env.BENCH_DATABASE_URL!);
    url = db.url;
    drop = db.drop;
  }
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    DEMO: "0",
    ...(url ? { DATABASE_URL: url } : {}),
  });
  const server = await startServer(config, { log: createLogger("silent") });
  const { ctx } = server;
  const exec = async <T>(q: string) => (await ctx.database.executeSql(q, [])).rows as T[];
  try {
    for (const stmt of SEED) await exec(stmt);
    const agentIds = (await exec<{ id: string }>("select id from users where email like 'bench-agent-%'")).map(
      (r) => r.id,
    );
    const reset = async () => {
      for (const stmt of RESET) await exec(stmt);
    };
    const outcome = async () => {
      const [left] = await exec<{ n: number }>(
        "select count(*)::int as n from conversations where status = 'open' and assignee_id is null",
      );
      const loads = await openConversationsByAssignee(ctx.db);
      const per = agentIds.map((id) => loads.get(id) ?? 0);
      return { left: Number(left!.n), fairness: Math.max(...per) - Math.min(...per) };
    };
    // "Assigned" = committed and announced: the moment the last conversation.updated with an assignee is emitted.
    let announced = 0;
    let lastAnnounced = 0;
    ctx.bus.on("conversation.updated", ({ conversation, previous }) => {
      if (conversation.assignee && !previous?.assignee) {
        announced++;
        lastAnnounced = performance.now();
      }
    });
    const online = (ids: string[]) =>
      exec(`update users set availability = 'online' where id in (${ids.map((id) => `'${id}'`).join(",")})`);

    // Baseline: one conversation at a time through the single-conversation path.
    await reset();
    let t = performance.now();
    await online(agentIds);
    const queue = await exec<{ id: string }>(
      `select id from conversations where queued_at is not null and assignee_id is null and status = 'open'
        order by case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end, queued_at, id`,
    );
    for (const q of queue.slice(0, BASELINE)) {
      const pool = candidates(await routableAgents(ctx.db), await openConversationsByAssignee(ctx.db));
      const c = choose(pool, null);
      if (!c) break;
      await assignConversation(ctx, q.id, c.agent.id, ROUTING_ACTOR);
    }
    const baseMs = ((performance.now() - t) / BASELINE) * CONVERSATIONS;
    const base = await outcome();

    // The drain: 50 agents come online together, each one's presence event fires.
    await reset();
    announced = 0;
    t = performance.now();
    await online(agentIds);
    for (const userId of agentIds) ctx.bus.emit("presence.updated", { userId, availability: "online" });
    await drainerFor(ctx).settled();
    const drainMs = (announced === CONVERSATIONS ? lastAnnounced : performance.now()) - t;
    const drain = await outcome();

    // Informational: the agents arrive one after another.
    await reset();
    announced = 0;
    t = performance.now();
    for (const userId of agentIds) {
      await online([userId]);
      ctx.bus.emit("presence.updated", { userId, availability: "online" });
    }
    await drainerFor(ctx).settled();
    const seqMs = (announced === CONVERSATIONS ? lastAnnounced : performance.now()) - t;
    const seq = await outcome();

    const met = drainMs < 2000 && drain.fairness <= 1 && drain.left === 0;
    return [
      {
        case: `${driver}: one by one (baseline${BASELINE < CONVERSATIONS ? `, first ${BASELINE} timed, projected` : ""})`,
        assign_all_ms: ms(baseMs),
        left_waiting: base.left - (CONVERSATIONS - BASELINE),
        fairness: BASELINE < CONVERSATIONS ? "n/a" : base.fairness,
        target: "",
      },
      {
        case: `${driver}: drain on presence events`,
        assign_all_ms: ms(drainMs),
        left_waiting: drain.left,
        fairness: drain.fairness,
        target: `< 2 s, fairness ≤ 1: ${met ? "met" : "MISSED"}`,
      },
      {
        case: `${driver}: agents arriving one after another`,
        assign_all_ms: ms(seqMs),
        left_waiting: seq.left,
        fairness: seq.fairness,
        target: "(informational)",
      },
    ];
  } finally {
    await server.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function routingBench() {
  const rows: Row[] = [];
  if (process.env.BENCH_DATABASE_URL) rows.push(...(await run("postgres")));
  else console.log("BENCH_DATABASE_URL not set: skipping the PostgreSQL server case");
  if (process.env.BENCH_SKIP_PGLITE !== "1") rows.push(...(await run("pglite")));
  report("routing", rows, { conversations: CONVERSATIONS, agents: AGENTS, capacity: CAPACITY });
}
