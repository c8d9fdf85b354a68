/**
 * Campaign send throughput (issue 9 §7): a campaign to N recipients against the WhatsApp fake (a
 * child process of its own, bench/campaign-fake.ts, since 2026-12-04) at 1,000, 500 and 80 msg/s.
 * Reports the achieved rate and a verdict (within 5 % of the set rate: met/MISSED), p50/p99 send
 * latency (claim, campaign_recipients.sending_at, to the fake accepting the request), CPU per 1,000
 * sends of the server alone (process.cpuUsage of this process) and of the fake apart, statements per send (PostgreSQL: every pg.Client#query while the campaign runs) and duplicates
 * (a number accepted twice; must be 0). Baseline in the same run: the same fake driven by a raw HTTP
 * send loop (8 lanes, no database), i.e. what the fake and Node's HTTP client alone cost and reach.
 * BENCH_CAMPAIGN_N (default 100,000) sets the recipients for 1,000 and 500 msg/s. 80 msg/s would
 * take 21 minutes for 100k: it runs a time-bounded window of BENCH_CAMPAIGN_SLOW_S (default 60 s)
 * with N recipients and measures the rate over that window, then cancels.
 * BENCH_CAMPAIGN_RATES picks the rates (default "1000,500,80").
 * Latency includes the wait inside the claimed batch (a batch is about one second of sends), so
 * p50 is about half a second by design.
 * Measured 2026-12-01, PostgreSQL server, 2 cores shared with other engineers' runs:
 * - load 1.4, N=3,000: 1,000/s -> 617/s, 500/s -> 391/s, 80/s -> 77.6/s (10 s window); p99 0.9-1.7 s,
 *   1.5-1.6 s CPU per 1,000 sends (server + fake; the raw-HTTP baseline costs 0.39 s and reaches
 *   3,200/s), 2.05 statements per send, 0 duplicates. LANES 16 or 32 instead of 8 changed nothing.
 * - load 8-9, N=100,000 (1,000/s only, cut at 300 s): 112/s. N=20,000 (cut at 120 s): 1,000/s -> 108/s
 *   (p99 15 s), 500/s -> 52/s (p99 13 s), 80/s -> 54/s (30 s window, p99 2.2 s); CPU 2.1-3.3 s per
 *   1,000 sends, 2.2-2.4 statements per send, 0 duplicates; baseline 1,541/s, 0.27 s CPU per 1,000.
 * Why below the rate: (1) CPU, ~1.2-1.5 ms of one Node process per send (two statements, the HTTP
 * send, drizzle): one process tops out near 700/s on a free core; (2) the claim is O(pending): its
 * ORDER BY next_attempt_at, id is not served by campaign_recipients_due_idx (campaign_id,
 * next_attempt_at; every row has the same next_attempt_at after start), so each claim evaluates the
 * pair-rate NOT EXISTS for every due row and sorts them all (EXPLAIN ANALYZE, 67,500 pending:
 * 291 ms per claim, 165 ms after ANALYZE); (3) pacing (platform/pacing) gives no credit for idle
 * time (greatest(next_at, now)), so the gap between batches (claim, contacts, status read) is lost
 * every second.
 * 2026-12-02 (i9-send): (2) fixed in dispatch.ts claimDue. EXPLAIN ANALYZE, 50,000 pending + 2,000
 * sent, batch 500, fresh ANALYZE, load ~19: before, the CTE already used the due index but the UPDATE
 * joined it by a Hash Join over a Seq Scan of all 52,000 rows (117 of 182 ms); after, candidates under
 * LIMIT, pair-rate probe per candidate on campaign_recipients_phone_idx (500 loops), UPDATE by
 * `id = any(array(...))` on the primary key: no step reads more than the batch. (Under stale stats the
 * old NOT EXISTS was planned against every due row, the 291/165 ms above.) Send rates not re-measured.
 * 2026-12-04 (i9-send): the fake in a child process; send groups (send-group.ts: one pacing UPSERT
 * reserves k = rate/100 slots and stamps each send's requested_at, one statement records a group's
 * accepted sends), 50 ms bounded idle credit, the next batch claimed while the last groups fly.
 * N=20,000, PostgreSQL server, load 20-30 on 2 cores (other helpers' suites and benches; this bench
 * at nice 19): baseline 337/s (0.16 s client CPU per 1,000, the fake 0.24 s); 1,000/s -> 45/s, 500/s
 * -> 70/s (both cut at 120 s), 80/s -> 31/s (60 s window): all MISSED; p99 12-15 s (3.3 s at 80/s);
 * server CPU 1.33-1.36 s per 1,000 sends at 1,000 and 500/s (2.3 s at 80/s, the per-second fixed cost
 * spread over fewer sends); 0.72-0.77 statements per send (was 2.05-5.3), 0 duplicates. The same
 * machine an hour earlier (load 22, N=5,000, before the send groups, fake already apart): 69/s and
 * 91/s, 2.7 s CPU per 1,000, 5.3-5.4 statements per send, baseline 599/s. So the CPU per send halved
 * and statements per send fell by 3-7x; the rate is bounded here by round-trip latency under a
 * starved scheduler, not by this process's CPU (45/s x 1.36 ms = 6 % of a core): 8 lanes x k sends
 * are in flight (80 at 1,000/s, 8 at 80/s), so a lane cycle (reserve, send, record) of 260 ms caps
 * 80/s at 31/s and one of 1.8 s caps 1,000/s at 45/s (Little's law).
 * Same day, later, as the load fell (same code): load 14-18: baseline 1,286/s; 1,000/s -> 246/s (p99
 *   2.8 s, 0.65 s CPU per 1,000, 0.36 statements per send; 50 recipients ended failed, class not
 *   recorded then: the `end` column now names it), 500/s -> 294/s (0.76 s, 0.53), 80/s -> 64.5/s
 *   (60 s window, p99 1.2 s, 2.4 s CPU per 1,000, 2.48 statements: per-second costs over few sends).
 *   Load 13-14, 1,000/s only: baseline 2,075/s; 1,000/s -> 541/s MISSED, p50 0.43 s, p99 1.7 s,
 *   0.52 s server CPU per 1,000 sends (the fake 0.22 s apart), 0.27 statements per send, sent=20000,
 *   0 duplicates. The achieved rate follows the baseline (the machine's free CPU), at 26 % of it.
 * Not measured: 100,000 recipients (no quiet window before the deadline).
 */
import { fork } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { startServer } from "../server/src/app";
import { loadConfig } from "../server/src/config";
import { createSession } from "../server/src/features/agents";
import { createLogger } from "../server/src/platform/logger";
import { freshDatabase, ms, percentile, report, type Row } from "./lib";

const N = Number(process.env.BENCH_CAMPAIGN_N ?? 100_000);
const SLOW_S = Number(process.env.BENCH_CAMPAIGN_SLOW_S ?? 60);
const RATES = (process.env.BENCH_CAMPAIGN_RATES ?? "1000,500,80").split(",").map(Number);
const account = {
  accountId: "106540352247777",
  secrets: { accessToken: "bench-token", appSecret: "bench-app-secret" },
  settings: { phoneNumberId: "106540352247777", wabaId: "102290129347777", messagesPerSecond: 1000 },
};

/**
 * The fake in a child process (bench/campaign-fake.ts): its CPU is reported on its own, the server's
 * CPU per send is this process's alone. `take()` returns what it accepted since `reset()`.
 */
async function tappedFake() {
  const child = fork(path.join(import.meta.dirname, "campaign-fake.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_FAKE_ACCOUNT: JSON.stringify(account) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = <T>(cmd?: string) =>
    new Promise<T>((resolve, reject) => {
      child.once("message", (m) => resolve(m as T));
      child.once("exit", (code) => reject(new Error(`the fake exited (${code})`)));
      if (cmd) child.send({ cmd });
    });
  const { url } = await ask<{ url: string }>();
  return {
    url,
    reset: () => ask("reset"),
    take: async () => {
      const r = await ask<{ accepted: [number, string, string][]; cpuMs: number }>("report");
      return { accepted: r.accepted.map(([at, attempt, to]) => ({ at, attempt, to })), cpuMs: r.cpuMs };
    },
    close: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.send({ cmd: "exit" });
      await exited;
    },
  };
}

/** Baseline: 8 lanes posting template sends straight at the fake, no database, as fast as they go. */
async function baseline(count: number): Promise<Row> {
  const f = await tappedFake();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const target = new URL(`${f.url}/v23.0/${account.accountId}/messages`);
  const lat: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const body = JSON.stringify({
        messaging_product: "whatsapp",
        to: `4477012${String(i).padStart(6, "0")}`,
        type: "template",
        biz_opaque_callback_data: crypto.randomUUID(),
        template: { name: "order_update", language: { code: "en_US" }, components: [] },
      });
      const s = performance.now();
      await new Promise<void>((resolve) => {
        const req = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              authorization: `Bearer ${account.secrets.accessToken}`,
            },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve());
          },
        );
        req.on("error", () => resolve());
        req.end(body);
      });
      lat.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  const { accepted, cpuMs } = await f.take();
  await f.close();
  const sends = accepted.length;
  return {
    case: "baseline: raw HTTP loop to the fake (8 lanes, no DB)",
    target: "max",
    sends,
    rate: Math.round(sends / secs),
    verdict: "-",
    p50_ms: ms(percentile(lat, 50)),
    p99_ms: ms(percentile(lat, 99)),
    cpu_ms_per_1k: Math.round(((cpu.user + cpu.system) / 1000 / sends) * 1000),
    fake_cpu_ms_per_1k: Math.round((cpuMs / sends) * 1000),
    sql_per_send: 0,
    duplicates: sends - new Set(accepted.map((a) => a.to)).size,
  };
}

async function campaignRun(driver: "pglite" | "postgres", rate: number): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-campaign-"));
  const db = driver === "postgres" ? await freshDatabase(process.env.BENCH_DATABASE_URL!) : null;
  const f = await tappedFake();
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "error",
    ADMIN_EMAIL: "bench@example.com",
    ADMIN_PASSWORD: "bench-password-1",
    ...(db ? { DATABASE_URL: db.url, DATABASE_POOL_SIZE: "20" } : {}),
    WHATSAPP_API_URL: `${f.url}/v23.0`,
  });
  const server = await startServer(config, { log: createLogger("error") });
  const sql = async (q: string, p: unknown[] = []) =>
    (await server.ctx.database.executeSql(q, p)).rows as Record<string, any>[];
  const slow = rate < 200;
  const { default: pg } = await import("pg");
  const clientQuery = pg.Client.prototype.query;
  try {
    const [admin] = await sql("select id from users limit 1");
    const { token } = await createSession(server.ctx.db, { userId: admin!.id });
    const api = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${server.url}${p}`, {
        method,
        headers: { cookie: `sb_session=${token}`, origin: server.url, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text}`);
      return JSON.parse(text);
    };
    const ch = await api("POST", "/api/channels", {
      type: "whatsapp",
      name: "bench",
      settings: account.settings,
      secrets: account.secrets,
    });
    const channelId = ch.channel.id as string;
    const synced = await api("POST", "/api/templates/sync", { channelId });
    const templateId = synced.items.find((t: { name: string }) => t.name === "order_update").id;
    const label = (await sql(`insert into labels (name, color) values ('bench', '#aa0000') returning id`))[0]!.id;
    await sql(
      `insert into contacts (name, phone) select 'Person ' || i, '+4477013' || lpad(i::text, 6, '0')
       from generate_series(1, $1::int) i`,
      [N],
    );
    await sql(`insert into contact_labels (contact_id, label_id) select id, $1 from contacts`, [label]);
    const created = await api("POST", "/api/campaigns", {
      name: `bench ${rate}`,
      channelId,
      templateId,
      ratePerSecond: rate,
      mapping: { body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: "#1" } } },
      audience: { labelIds: [label] },
    });
    let queries = 0;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      queries++;
      return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof clientQuery;
    await f.reset();
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await api("POST", `/api/campaigns/${created.id}/start`);
    const deadline = t0 + (slow ? SLOW_S * 1000 : Math.max(120_000, (N / rate) * 3000));
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      if (Date.now() > deadline) break;
      if (!slow && (await api("GET", `/api/campaigns/${created.id}`)).status === "completed") break;
    }
    const cpu = process.cpuUsage(cpu0);
    const stmts = queries;
    pg.Client.prototype.query = clientQuery;
    const { accepted: acc, cpuMs: fakeCpuMs } = await f.take();
    if (slow) await api("POST", `/api/campaigns/${created.id}/cancel`);
    const first = acc[0]?.at ?? t0;
    const last = acc.at(-1)?.at ?? t0;
    // The rate between the first and the last accepted send (start-up excluded; the window's end for 80/s).
    const achieved = acc.length > 1 ? (acc.length - 1) / ((last - first) / 1000) : 0;
    const claimed = new Map(
      (await sql(`select attempt_id::text as a, sending_at from campaign_recipients where attempt_id is not null`)).map(
        (r) => [String(r.a), new Date(r.sending_at).getTime()],
      ),
    );
    const lat = acc.flatMap((a) => (claimed.has(a.attempt) ? [a.at - claimed.get(a.attempt)!] : []));
    const counts = Object.fromEntries(
      // A failure names its class (in_doubt: no answer within the provider timeout).
      (
        await sql(
          `select status || coalesce('/' || error_class, '') as status, count(*)::int as n
           from campaign_recipients group by 1`,
        )
      ).map((r) => [r.status, r.n]),
    );
    return {
      case: `campaign ${driver}${slow ? ` (${SLOW_S} s window)` : ""}`,
      target: rate,
      sends: acc.length,
      rate: Math.round(achieved * 10) / 10,
      verdict: `within 5 %: ${Math.abs(achieved - rate) <= rate * 0.05 ? "met" : "MISSED"}`,
      p50_ms: ms(percentile(lat, 50)),
      p99_ms: ms(percentile(lat, 99)),
      cpu_ms_per_1k: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, acc.length)) * 1000),
      fake_cpu_ms_per_1k: Math.round((fakeCpuMs / Math.max(1, acc.length)) * 1000),
      sql_per_send: driver === "postgres" ? ms(stmts / Math.max(1, acc.length)) : "-",
      duplicates: acc.length - new Set(acc.map((a) => a.to)).size,
      end: Object.entries(counts)
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
    };
  } finally {
    pg.Client.prototype.query = clientQuery;
    await server.close();
    await f.close();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function campaignSendBench() {
  const driver = process.env.BENCH_DATABASE_URL ? "postgres" : "pglite";
  const rows: Row[] = [await baseline(Math.min(N, 20_000))];
  for (const rate of RATES) {
    rows.push(await campaignRun(driver, rate));
    console.log(rows.at(-1));
  }
  report("campaign-send", rows, {
    recipients: N,
    slowWindowSeconds: SLOW_S,
    driver,
    load: os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" "),
    cpus: os.cpus().length,
  });
}
