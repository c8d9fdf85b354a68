/**
 * Responder overhead (issue 8 §8): a customer's widget message stored -> the AI's reply handed to
 * the adapter, with a zero-latency model, model time excluded. Target: p95 ≤ 30 ms.
 *
 * - "Stored": the customer message's `message.created`, emitted right after its transaction commits.
 * - "Handed to the adapter": the channel is the website widget, whose adapter is the realtime hub:
 *   the AI message's `message.created`, emitted right after recordAiReply commits (the hub sends it
 *   to the visitor's and the agents' sockets on that event). For a provider channel the deliver job
 *   would follow; that part is the same for an agent's reply and is not the responder's.
 * - Model time: a fetch wrapper around globalThis.fetch (the AI SDK calls it at request time) times
 *   every request to the fake, from the call to the last byte of the body, on the client side.
 *   (b) subtracts it; (a) has none (the matcher calls no model).
 *
 * Cases, one message at a time, 5 questions per conversation (the first one also hands the
 * conversation to the AI), AI enabled on the channel with replyDelaySeconds 0:
 *   (a) the built-in matcher over 500 published articles (~1,500 chunks); the questions it is not
 *       sure about (about 1 in 10) hand off instead: counted as not_answered, not timed, and the
 *       next question starts a new conversation (the AI stays quiet after a handoff);
 *   (b) provider openai, OPENAI_BASE_URL at the OpenAI fake answering at once (answer + guard pass).
 * Baselines in the same run and database: an agent's reply (POST /api/conversations/:id/messages
 * to its message.created), and a pg-boss round trip (send -> an empty handler starts) on a queue
 * configured like ai.respond. Columns after p99 split the path (p50 of each part): listener = stored
 * -> the responder's listener sends ai.respond (settings, ownership); queue = send -> the job handler
 * starts; reads = the turn's lock and context reads; decide = retrieval and the brain (model time
 * excluded); record = the reply's transaction with the ownership re-check, to its message.created.
 * sql_per_reply (PostgreSQL): statements sent between stored and announced, every listener's
 * included; it does not move with the machine's load, unlike the times. BENCH_SQL_TRACE=1 prints the
 * last reply's statements of each case; BENCH_DUMP=<prefix> writes every sample (with its place in
 * the conversation: the first question also claims the conversation for the AI) as JSON.
 *
 * The queue is not where the time goes: jobs.ts creates every queue with `notify` and pg-boss runs
 * LISTEN/NOTIFY, so the insert wakes an idle ai.respond worker at once (replyDelaySeconds 0 sends
 * without startAfter); the 0.5 s poll is only a backstop when both workers are busy. The queue
 * column matches the empty-handler baseline.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { startServer } from "../server/src/app";
import { loadConfig } from "../server/src/config";
import { createSession } from "../server/src/features/agents";
import { type FakeModelServer, say, verdict } from "../server/src/features/ai/fakes/script";
import { startOpenAiFake } from "../server/src/features/ai/fakes/openai-fake";
import { responderHooks } from "../server/src/features/ai/responder/hooks";
import { defineJob, Jobs } from "../server/src/platform/jobs";
import { createLogger } from "../server/src/platform/logger";
import { freshDatabase, ms, percentile, report, type Row } from "./lib";
import { articles, question } from "./responder-kb";

const MESSAGES = Number(process.env.BENCH_RESPONDER_MESSAGES ?? 200);
const WARM = 5;
const PER_CONVERSATION = 5;
const TARGET_P95 = 30;
// The fake's model id is a reasoning model's: the SDK warns about temperature on every call.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

interface Sample {
  total: number;
  model: number;
  listener: number;
  queue: number;
  reads: number;
  decide: number;
  record: number;
  /** Statements sent to PostgreSQL between stored and announced (load-independent); 0 on PGlite. */
  queries: number;
  rule: string;
  /** The question's place in its conversation (0: the one that hands the conversation to the AI). */
  nth: number;
}

async function run(driver: "postgres" | "pglite", fake: FakeModelServer): Promise<Row[]> {
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
    ADMIN_EMAIL: "bench@example.com",
    ADMIN_PASSWORD: "bench-password-1",
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: `${fake.url}/v1`,
    ...(url ? { DATABASE_URL: url } : {}),
  });
  const server = await startServer(config, { log: createLogger(process.env.BENCH_LOG ?? "silent") });
  const { ctx } = server;
  const noopJobs = new Jobs(ctx.database, createLogger("silent"));
  const realFetch = globalThis.fetch;
  const restore: (() => void)[] = [];
  try {
    const [admin] = (await ctx.database.executeSql("select id from users limit 1")).rows as { id: string }[];
    const headers = {
      cookie: `sb_session=${(await createSession(ctx.db, { userId: admin!.id })).token}`,
      origin: server.url,
      "content-type": "application/json",
    };
    const call = async (method: string, p: string, body?: unknown, h: Record<string, string> = headers) => {
      const r = await fetch(`${server.url}${p}`, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${method} ${p} answered ${r.status}: ${await r.text()}`);
      return (await r.json()) as any;
    };
    const aiChannel = (await call("POST", "/api/channels", { type: "webchat", name: "AI site" })).channel.id as string;
    const humanChannel = (await call("POST", "/api/channels", { type: "webchat", name: "People site" })).channel
      .id as string;
    const t0 = performance.now();
    for (const a of articles()) await call("POST", "/api/knowledge/articles", a);
    const seedSeconds = (performance.now() - t0) / 1000;
    const { n: chunks } = (
      await ctx.database.executeSql("select count(*)::int as n from knowledge_chunks where published", [])
    ).rows[0] as { n: number };
    const setAi = (provider: "matcher" | "openai") =>
      call("PUT", "/api/ai/settings", {
        enabled: true,
        channelIds: [aiChannel],
        replyDelaySeconds: 0,
        maxTurns: 50,
        provider,
      });

    // Stamps, taken where the use-cases emit (right after their commits) and at the responder's seams.
    let stored = 0;
    let queries = 0;
    let queriesAtStored = 0;
    let turnRead = 0;
    let decided = 0;
    let onReply: ((at: number, rule: string, queries: number) => void) | null = null;
    let onAgentReply: ((at: number) => void) | null = null;
    const emit = ctx.bus.emit.bind(ctx.bus);
    ctx.bus.emit = ((name: string, payload: any) => {
      if (name === "message.created") {
        const m = payload.message;
        const at = performance.now();
        if (m.senderType === "customer" && payload.conversation.channelId === aiChannel) {
          stored = at;
          queriesAtStored = queries;
        }
        if (m.senderType === "ai" && !m.private)
          onReply?.(at, m.metadata?.ai?.rule ?? m.metadata?.ai?.kind ?? "?", queries - queriesAtStored);
        if (m.senderType === "agent") onAgentReply?.(at);
      }
      emit(name as never, payload as never);
    }) as typeof ctx.bus.emit;
    // The responder listener's send of ai.respond, and the job handler's first step (the turn's lock).
    let queued = 0;
    let handlerAt = 0;
    const send = ctx.jobs.send.bind(ctx.jobs);
    ctx.jobs.send = ((def, payload, opts) => {
      if (def.name === "ai.respond") queued = performance.now();
      return send(def, payload, opts);
    }) as typeof ctx.jobs.send;
    const lock = ctx.database.lock;
    ctx.database.lock = ((key: string, fn: () => Promise<unknown>) => {
      if (key.startsWith("ai.respond:")) handlerAt = performance.now();
      return lock(key, fn);
    }) as typeof lock;
    responderHooks.beforeDecide = async () => {
      turnRead = performance.now();
    };
    responderHooks.beforeRecord = async () => {
      decided = performance.now();
    };
    let modelMs = 0;
    // BENCH_SQL_TRACE=1 prints the statements of the last reply of each case (what to cut).
    let trace: string[] | null = null;
    // Every statement goes through pg.Client#query (the pool's too): count them per reply.
    const { default: pg } = await import("pg");
    const clientQuery = pg.Client.prototype.query;
    restore.push(() => {
      pg.Client.prototype.query = clientQuery;
    });
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      queries++;
      if (trace) {
        const a = args[0] as string | { text?: string };
        trace.push(
          `${Math.round(performance.now() - stored)}ms ${(typeof a === "string" ? a : (a?.text ?? "?")).replace(/\s+/g, " ").slice(0, 160)}`,
        );
      }
      return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof clientQuery;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const target = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!target.startsWith(fake.url)) return realFetch(input, init);
      const s = performance.now();
      try {
        const res = await realFetch(input, init);
        const body = await res.arrayBuffer();
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        modelMs += performance.now() - s;
      }
    }) as typeof fetch;

    let asked = 0;
    const customerCase = async (prepare: () => void): Promise<Sample[]> => {
      const samples: Sample[] = [];
      let token = "";
      let conversationId: string | undefined;
      let handedOff = false;
      let nth = 0;
      for (let i = 0; i < MESSAGES + WARM; i++) {
        // A handoff makes the conversation the humans' (the AI stays quiet there): start another.
        if (i % PER_CONVERSATION === 0 || handedOff) {
          handedOff = false;
          token = (await call("POST", `/api/widget/${aiChannel}/session`, {})).visitorToken;
          conversationId = undefined;
          nth = 0;
        } else nth++;
        // One message at a time, from a settled process: the previous exchange's bookkeeping (its
        // deferred listeners, bus.after) is done, as it is long before a real customer types again.
        await ctx.bus.idle();
        prepare();
        modelMs = 0;
        if (process.env.BENCH_SQL_TRACE) trace = [];
        const reply = new Promise<{ at: number; rule: string; queries: number }>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("no AI reply within 20 s")), 20_000);
          onReply = (at, rule, queries) => {
            clearTimeout(timer);
            onReply = null;
            resolve({ at, rule, queries });
          };
        });
        const sent = await call(
          "POST",
          "/api/widget/messages",
          { content: question(asked++), ...(conversationId ? { conversationId } : {}) },
          { authorization: `Bearer ${token}`, "content-type": "application/json" },
        );
        conversationId = sent.conversationId;
        const { at, rule, queries: statements } = await reply;
        handedOff = rule !== "knowledge_match" && rule !== "model_answer";
        // BENCH_LOG=error also lists the questions the matcher was not sure about.
        if (handedOff && process.env.BENCH_LOG) console.log("not answered:", rule, question(asked - 1));
        if (trace && i === MESSAGES + WARM - 1) console.log(`${rule}: ${statements} statements\n${trace.join("\n")}`);
        if (i < WARM) continue;
        samples.push({
          total: at - stored,
          model: modelMs,
          listener: queued - stored,
          queue: handlerAt - queued,
          reads: turnRead - handlerAt,
          decide: decided - turnRead - modelMs,
          record: at - decided,
          queries: statements,
          rule,
          nth,
        });
      }
      if (process.env.BENCH_DUMP)
        fs.writeFileSync(
          `${process.env.BENCH_DUMP}-${driver}-${samples.length}-${Date.now()}.json`,
          JSON.stringify(samples),
        );
      return samples;
    };

    await setAi("matcher");
    const matcher = await customerCase(() => {});
    await setAi("openai");
    // Steady state: the knowledge base is embedded before the first question (the switch to openai
    // queues a re-embed of every chunk; measured meanwhile, that job's statements and CPU were
    // counted as the responder's).
    for (;;) {
      const e = await call("GET", "/api/knowledge/embeddings");
      if (e.lastError) throw new Error(`embedding failed: ${e.lastError}`);
      if (e.model && e.embedded >= e.total) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const answer = "You can return it within 30 days of delivery, unused and in its original box. [sources: 1]";
    const llm = await customerCase(() => {
      fake.reset();
      fake.push(say(answer), verdict(true));
    });

    // Baseline 1: an agent's reply on a channel without AI, POST -> its message.created.
    const visitorToken = (await call("POST", `/api/widget/${humanChannel}/session`, {})).visitorToken;
    const { conversationId: humanConv } = await call(
      "POST",
      "/api/widget/messages",
      { content: "Hello, is anyone there?" },
      { authorization: `Bearer ${visitorToken}`, "content-type": "application/json" },
    );
    const agent: number[] = [];
    for (let i = 0; i < MESSAGES + WARM; i++) {
      const done = new Promise<number>((resolve) => {
        onAgentReply = (at) => {
          onAgentReply = null;
          resolve(at);
        };
      });
      await ctx.bus.idle();
      const s = performance.now();
      await call("POST", `/api/conversations/${humanConv}/messages`, { content: `Reply ${i}: we are on it.` });
      const at = await done;
      if (i >= WARM) agent.push(at - s);
    }

    // Baseline 2: the job queue alone, a queue like ai.respond (policy short, 2 workers, 0.5 s polls).
    let started: ((at: number) => void) | null = null;
    noopJobs.register(
      defineJob({
        name: "bench.noop",
        schema: z.object({ i: z.number() }),
        policy: "short",
        workers: 2,
        batchSize: 1,
        pollingIntervalSeconds: 0.5,
        handler: async () => started?.(performance.now()),
      }),
    );
    await noopJobs.start();
    const queue: number[] = [];
    for (let i = 0; i < MESSAGES + WARM; i++) {
      const ran = new Promise<number>((resolve) => {
        started = resolve;
      });
      const s = performance.now();
      await noopJobs.send(
        { name: "bench.noop", schema: z.object({ i: z.number() }) },
        { i },
        { singletonKey: `k${i}` },
      );
      const at = await ran;
      if (i >= WARM) queue.push(at - s);
    }
    const p = (xs: number[], q: number) => ms(percentile(xs, q));
    const aiRow = (name: string, samples: Sample[], expected: string): Row => {
      const answered = samples.filter((x) => x.rule === expected);
      const overhead = answered.map((x) => x.total - x.model);
      const met = percentile(overhead, 95) <= TARGET_P95;
      return {
        case: `${driver}: ${name}`,
        n: answered.length,
        not_answered: samples.length - answered.length,
        p50_ms: p(overhead, 50),
        p95_ms: p(overhead, 95),
        p99_ms: p(overhead, 99),
        model_p50_ms: p(
          answered.map((x) => x.model),
          50,
        ),
        listener_p50: p(
          answered.map((x) => x.listener),
          50,
        ),
        queue_p50: p(
          answered.map((x) => x.queue),
          50,
        ),
        reads_p50: p(
          answered.map((x) => x.reads),
          50,
        ),
        decide_p50: p(
          answered.map((x) => x.decide),
          50,
        ),
        record_p50: p(
          answered.map((x) => x.record),
          50,
        ),
        ...(driver === "postgres"
          ? {
              sql_per_reply_p50: percentile(
                answered.map((x) => x.queries),
                50,
              ),
            }
          : {}),
        target: `p95 ≤ ${TARGET_P95} ms: ${met ? "met" : "MISSED"}`,
      };
    };
    const baseRow = (name: string, xs: number[]): Row => ({
      case: `${driver}: ${name}`,
      n: xs.length,
      p50_ms: p(xs, 50),
      p95_ms: p(xs, 95),
      p99_ms: p(xs, 99),
      target: "(baseline)",
    });
    return [
      {
        ...aiRow(`(a) matcher, ${articles().length} articles / ${chunks} chunks`, matcher, "knowledge_match"),
        seed_s: ms(seedSeconds),
      },
      aiRow("(b) openai fake, model time subtracted", llm, "model_answer"),
      baseRow("agent reply (POST -> stored, announced)", agent),
      baseRow("pg-boss round trip, empty handler", queue),
    ];
  } finally {
    for (const r of restore) r();
    globalThis.fetch = realFetch;
    delete responderHooks.beforeDecide;
    delete responderHooks.beforeRecord;
    await noopJobs.stop();
    await server.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function responderBench() {
  const fake = await startOpenAiFake();
  const rows: Row[] = [];
  try {
    if (process.env.BENCH_DATABASE_URL) rows.push(...(await run("postgres", fake)));
    else console.log("BENCH_DATABASE_URL not set: skipping the PostgreSQL server case");
    if (process.env.BENCH_SKIP_PGLITE !== "1") rows.push(...(await run("pglite", fake)));
  } finally {
    await fake.close();
  }
  report("responder", rows, {
    messages: MESSAGES,
    per_conversation: PER_CONVERSATION,
    channel: "webchat (adapter = realtime hub on message.created)",
    model_time: "fetch wrapper on the AI SDK's requests to the fake, subtracted",
    note: "shared 2-core machine: latencies vary with load",
  });
}
