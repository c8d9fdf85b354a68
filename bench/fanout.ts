/**
 * Realtime fan-out: one new message delivered to 500 connected agent sockets; p50/p99 from commit
 * (the moment the use-case emits after its transaction) to receipt on each socket. Baseline: a bare
 * `ws` broadcast of the same payload to 500 sockets. Target: p99 ≤ 50 ms.
 * With BENCH_DATABASE_URL also across processes: the message is committed by this process and the
 * 500 sockets are connected to a second Switchboard process (ROLE=web, a child process) on the same
 * PostgreSQL database, so every event crosses LISTEN/NOTIFY. Target: p99 ≤ 2 × the single-process
 * figure on the same PostgreSQL server.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import WebSocket, { WebSocketServer } from "ws";
import { startServer } from "../server/src/app";
import { loadConfig } from "../server/src/config";
import { createSession } from "../server/src/features/agents";
import { createLogger } from "../server/src/platform/logger";
import { ServerProcess } from "../server/tests/processes";
import { freshDatabase, ms, percentile, report } from "./lib";

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 500);
const MESSAGES = Number(process.env.BENCH_FANOUT_MESSAGES ?? 30);

async function connectAll(url: string, headers: () => Record<string, string>, onMessage: (data: string) => void) {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < SOCKETS; i++) {
    const ws = new WebSocket(url, { headers: headers() });
    ws.on("message", (d) => onMessage(String(d)));
    await new Promise<void>((res, rej) => {
      ws.once("open", () => res());
      ws.once("error", rej);
    });
    sockets.push(ws);
  }
  return sockets;
}

const SECRET_KEY = "be".repeat(32);

/**
 * `db`: embedded (PGlite in memory) or a PostgreSQL database; `sockets`: "same" connects them to
 * the committing server, "other" to a second Switchboard process on the same database.
 */
async function switchboardCase(opts: { databaseUrl?: string; sockets: "same" | "other" } = { sockets: "same" }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-fanout-"));
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ADMIN_EMAIL: "bench@example.com",
    ADMIN_PASSWORD: "bench-password-1",
    SECRET_KEY,
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
  });
  const server = await startServer(config, { log: createLogger("silent"), memoryDb: !opts.databaseUrl });
  const other =
    opts.sockets === "other"
      ? await new ServerProcess({
          DATABASE_URL: opts.databaseUrl!,
          SECRET_KEY,
          ROLE: "web",
          LOG_LEVEL: "silent",
          ADMIN_EMAIL: "bench@example.com",
          ADMIN_PASSWORD: "bench-password-1",
        }).start()
      : undefined;
  const socketsUrl = other?.url ?? server.url;
  const [admin] = (await server.ctx.database.executeSql("select id from users limit 1")).rows as { id: string }[];
  const tokens: string[] = [];
  for (let i = 0; i < SOCKETS; i++) tokens.push((await createSession(server.ctx.db, { userId: admin!.id })).token);
  let committedAt = new Map<string, number>();
  const latencies: number[] = [];
  // Stamp the commit moment: use-cases emit right after their transaction commits.
  const emit = server.ctx.bus.emit.bind(server.ctx.bus);
  server.ctx.bus.emit = ((name: string, payload: { message?: { id: string } }) => {
    if (name === "message.created" && payload.message) committedAt.set(payload.message.id, performance.now());
    emit(name as never, payload as never);
  }) as typeof server.ctx.bus.emit;
  let i = 0;
  const sockets = await connectAll(
    `${socketsUrl.replace("http", "ws")}/ws`,
    () => ({ cookie: `sb_session=${tokens[i++]}` }),
    (data) => {
      if (!data.startsWith('{"type":"message.created"')) return;
      const id = JSON.parse(data).message.id as string;
      const t = committedAt.get(id);
      if (t !== undefined) latencies.push(performance.now() - t);
    },
  );
  const channel = await fetch(`${server.url}/api/channels`, {
    method: "POST",
    headers: { cookie: `sb_session=${tokens[0]}`, origin: server.url, "content-type": "application/json" },
    body: JSON.stringify({ type: "webchat", name: "b" }),
  }).then((r) => r.json() as Promise<{ channel: { id: string } }>);
  const session = await fetch(`${server.url}/api/widget/${channel.channel.id}/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  }).then((r) => r.json() as Promise<{ visitorToken: string }>);
  for (let m = 0; m < MESSAGES; m++) {
    const before = latencies.length;
    await fetch(`${server.url}/api/widget/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.visitorToken}`, "content-type": "application/json" },
      body: JSON.stringify({ content: `fan-out ${m}` }),
    });
    const deadline = Date.now() + 5000;
    while (latencies.length < before + SOCKETS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    if (m === 0) {
      latencies.length = 0; // warm-up
      committedAt = new Map();
    }
  }
  for (const s of sockets) s.terminate();
  await other?.stop();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return latencies;
}

async function onFreshDatabase(base: string, sockets: "same" | "other") {
  const db = await freshDatabase(base);
  try {
    return await switchboardCase({ databaseUrl: db.url, sockets });
  } finally {
    await db.drop();
  }
}

async function baselineCase(payload: string) {
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  await new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r));
  const port = (httpServer.address() as AddressInfo).port;
  let sentAt = 0;
  const latencies: number[] = [];
  const sockets = await connectAll(
    `ws://127.0.0.1:${port}`,
    () => ({}),
    () => latencies.push(performance.now() - sentAt),
  );
  for (let m = 0; m < MESSAGES; m++) {
    const before = latencies.length;
    sentAt = performance.now();
    for (const c of wss.clients) c.send(payload);
    const deadline = Date.now() + 5000;
    while (latencies.length < before + SOCKETS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    if (m === 0) latencies.length = 0;
  }
  for (const s of sockets) s.terminate();
  wss.close();
  httpServer.close();
  return latencies;
}

export async function fanoutBench() {
  const sb = await switchboardCase();
  const pgUrl = process.env.BENCH_DATABASE_URL;
  const pgSame = pgUrl ? await onFreshDatabase(pgUrl, "same") : undefined;
  const pgOther = pgUrl ? await onFreshDatabase(pgUrl, "other") : undefined;
  const payload = JSON.stringify({
    type: "message.created",
    message: { id: "x", content: "fan-out 1".padEnd(400, ".") },
  });
  const base = await baselineCase(payload);
  const p99 = percentile(sb, 99);
  report(
    "realtime-fanout",
    [
      {
        case: "bare ws broadcast (baseline)",
        deliveries: base.length,
        p50_ms: ms(percentile(base, 50)),
        p99_ms: ms(percentile(base, 99)),
        target: "",
      },
      {
        case: "Switchboard commit → socket",
        deliveries: sb.length,
        p50_ms: ms(percentile(sb, 50)),
        p99_ms: ms(p99),
        target: `p99 ≤ 50 ms: ${p99 <= 50 ? "met" : "MISSED"}`,
      },
      ...(pgSame && pgOther
        ? [
            {
              case: "Switchboard commit → socket (PostgreSQL server, one process)",
              deliveries: pgSame.length,
              p50_ms: ms(percentile(pgSame, 50)),
              p99_ms: ms(percentile(pgSame, 99)),
              target: `p99 ≤ 50 ms: ${percentile(pgSame, 99) <= 50 ? "met" : "MISSED"}`,
            },
            {
              case: "commit on process A → socket on process B (LISTEN/NOTIFY)",
              deliveries: pgOther.length,
              p50_ms: ms(percentile(pgOther, 50)),
              p99_ms: ms(percentile(pgOther, 99)),
              target: `p99 ≤ 2 × one process (${ms(2 * percentile(pgSame, 99))} ms): ${
                percentile(pgOther, 99) <= 2 * percentile(pgSame, 99) ? "met" : "MISSED"
              }`,
            },
          ]
        : [
            {
              case: "commit on process A → socket on process B (LISTEN/NOTIFY)",
              deliveries: 0,
              p50_ms: Number.NaN,
              p99_ms: Number.NaN,
              target: "skipped: set BENCH_DATABASE_URL",
            },
          ]),
    ],
    {
      sockets: SOCKETS,
      messages: MESSAGES - 1,
      note: "clients and servers share one machine (2 cores); process B is a child process (tsx)",
    },
  );
}
