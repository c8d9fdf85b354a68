/**
 * Analytics (issue 10 §7), on the PostgreSQL server (BENCH_DATABASE_URL): 100,000 conversations
 * with their fact rows and 1,000,000 reporting events over 90 days (BENCH_ANALYTICS_CONVERSATIONS,
 * BENCH_ANALYTICS_EVENTS), plus a ticket for every fifth conversation.
 * - Every dashboard report, through its real query function on the server's database handle, for
 *   the last 30 days with and without a filter (a channel; the tickets report takes an agent):
 *   p50/p95 of BENCH_ANALYTICS_RUNS runs. Target: p95 ≤ 100 ms. Baseline, same run and data: the
 *   same aggregate by a plain GROUP BY over the raw reporting events (tickets: over the tickets).
 * - The live tile and the SLA alerts: analytics-live.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ReportQuery } from "@switchboard/contracts";
import pg from "pg";
import { reportRange } from "../server/src/features/analytics/filters";
import * as o from "../server/src/features/analytics/outcome-queries";
import * as q from "../server/src/features/analytics/report-queries";
import { ticketsReport } from "../server/src/features/tickets/report";
import type { Db } from "../server/src/platform/db/client";
import { liveTileBench, slaAlertBench } from "./analytics-live";
import { seedAnalytics } from "./analytics-seed";
import { ms, percentile, report, resultsDir, type Row } from "./lib";
import { benchServer } from "./server";

const EVENTS = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 1_000_000);
const CONVERSATIONS = Number(process.env.BENCH_ANALYTICS_CONVERSATIONS ?? Math.max(1000, Math.round(EVENTS / 10)));
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 20);
const ZONE = "Europe/Berlin";
/** Which parts run (comma-separated): reports, live, sla. */
const PARTS = (process.env.BENCH_ANALYTICS_PARTS ?? "reports,live,sla").split(",");

type Exec = (text: string, params?: unknown[]) => Promise<unknown[]>;

interface Case {
  chart: string;
  run: (db: Db, query: ReportQuery, now: Date) => Promise<unknown>;
  /** The same aggregate over the raw rows; `$1`/`$2` the range, `$3` the zone, `f` the filter's SQL. */
  raw: (filter: string) => string;
}

const ev = (types: string[], filter: string) =>
  `from reporting_events e where e.type in (${types.map((t) => `'${t}'`).join(", ")})
     and e.occurred_at >= $1::timestamptz and e.occurred_at < $2::timestamptz ${filter}`;
const day = `to_char(e.occurred_at at time zone $3, 'YYYY-MM-DD')`;
const med = (cond: string) => `percentile_cont(0.5) within group (order by case when ${cond} then e.seconds end)`;
const p90 = (cond: string) => `percentile_cont(0.9) within group (order by case when ${cond} then e.seconds end)`;
const FR = `e.type = 'first_human_reply'`;
const RES = `e.type in ('resolved_by_ai', 'resolved_by_human')`;

const CASES: Case[] = [
  {
    chart: "volume",
    run: q.volumeReport,
    raw: (f) => `select ${day}, e.channel_id, count(*) ${ev(["conversation_created"], f)} group by 1, 2`,
  },
  {
    chart: "response-times",
    run: q.responseTimesReport,
    raw: (
      f,
    ) => `select ${day}, count(*) filter (where ${FR}), ${med(FR)}, ${p90(FR)}, count(*) filter (where ${RES}), ${med(RES)}, ${p90(RES)}
      ${ev(["first_human_reply", "resolved_by_ai", "resolved_by_human"], f)} group by 1`,
  },
  {
    chart: "ai-funnel",
    run: q.aiFunnelReport,
    raw: (f) => `select e.type, e.detail->>'rule', count(*)
      ${ev(["conversation_created", "ai_confirmed", "ai_assumed", "ai_unresolved", "handoff"], f)} group by 1, 2`,
  },
  {
    chart: "heatmap",
    run: q.heatmapReport,
    raw: (
      f,
    ) => `select extract(isodow from e.occurred_at at time zone $3), extract(hour from e.occurred_at at time zone $3), count(*)
      ${ev(["conversation_created"], f)} group by 1, 2`,
  },
  {
    chart: "agents",
    run: q.agentsReport,
    raw: (
      f,
    ) => `select e.agent_id, count(*) filter (where e.type = 'conversation_created'), count(*) filter (where ${RES}),
        ${med(FR)}, ${med(RES)}, avg((e.detail->>'rating')::int) filter (where e.type = 'csat_answered'),
        count(*) filter (where e.type = 'sla_hit'), count(*) filter (where e.type = 'sla_missed'),
        avg((e.detail->>'overall')::numeric) filter (where e.type = 'quality_scored')
      ${ev(["conversation_created", "first_human_reply", "resolved_by_ai", "resolved_by_human", "csat_answered", "sla_hit", "sla_missed", "quality_scored"], f)}
      group by 1`,
  },
  {
    chart: "channels",
    run: q.channelsReport,
    raw: (
      f,
    ) => `select e.channel_id, count(*) filter (where e.type = 'conversation_created'), count(*) filter (where ${RES}),
        count(*) filter (where e.type in ('ai_confirmed', 'ai_assumed', 'ai_unresolved')),
        count(*) filter (where e.type in ('ai_confirmed', 'ai_assumed')), ${med(FR)}, ${med(RES)}
      ${ev(["conversation_created", "first_human_reply", "resolved_by_ai", "resolved_by_human", "ai_confirmed", "ai_assumed", "ai_unresolved"], f)}
      group by 1`,
  },
  {
    chart: "sla",
    run: o.slaReport,
    raw: (
      f,
    ) => `select e.detail->>'metric', count(*) filter (where e.type = 'sla_hit'), count(*) filter (where e.type = 'sla_missed'),
        count(distinct e.conversation_id) ${ev(["sla_hit", "sla_missed"], f)} group by 1`,
  },
  {
    chart: "csat",
    run: o.csatReport,
    raw: (f) =>
      `select e.type, e.detail->>'rating', count(*) ${ev(["csat_sent", "csat_answered", "resolved_by_ai", "resolved_by_human"], f)} group by 1, 2`,
  },
  {
    chart: "quality",
    run: o.qualityReport,
    raw: (f) => `select round((e.detail->>'overall')::numeric), count(*), sum((e.detail->>'overall')::numeric),
        sum((e.detail->>'resolution')::int), sum((e.detail->>'sentiment')::int), sum((e.detail->>'service')::int)
      ${ev(["quality_scored"], f)} group by 1`,
  },
  {
    chart: "tickets",
    run: (db, query, now) => {
      const { from, to } = reportRange(query, now);
      return ticketsReport(db, { from, to, timeZone: query.timeZone, ...(query.agent ? { agent: query.agent } : {}) });
    },
    raw: (
      f,
    ) => `select 'created', to_char(t.created_at at time zone $3, 'YYYY-MM-DD'), t.priority, count(*) from tickets t
        where t.created_at >= $1::timestamptz and t.created_at < $2::timestamptz ${f.replace("e.agent_id", "t.assignee_id")} group by 2, 3
      union all select 'solved', to_char(t.solved_at at time zone $3, 'YYYY-MM-DD'), t.priority, count(*) from tickets t
        where t.solved_at >= $1::timestamptz and t.solved_at < $2::timestamptz ${f.replace("e.agent_id", "t.assignee_id")} group by 2, 3`,
  },
];

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function reportRows(db: Db, exec: Exec, now: Date): Promise<Row[]> {
  const [channel] = (await exec(
    `select channel_id as id from conversation_facts group by 1 order by count(*) desc limit 1`,
  )) as {
    id: string;
  }[];
  const [agent] = (await exec(
    `select agent_id as id from conversation_facts where agent_id is not null group by 1 order by count(*) desc limit 1`,
  )) as {
    id: string;
  }[];
  const base: ReportQuery = { timeZone: ZONE, hours: "calendar", format: "json" };
  const { from, to } = reportRange(base, now);
  const rows: Row[] = [];
  for (const c of CASES) {
    const filters: Array<[string, Partial<ReportQuery>, string]> =
      c.chart === "tickets"
        ? [
            ["", {}, ""],
            ["agent", { agent: agent!.id }, `and e.agent_id = '${agent!.id}'`],
          ]
        : [
            ["", {}, ""],
            ["channel", { channel: channel!.id }, `and e.channel_id = '${channel!.id}'`],
          ];
    for (const [name, extra, rawFilter] of filters) {
      const query = { ...base, ...extra };
      const fact = await time(() => c.run(db, query, now));
      const text = c.raw(rawFilter);
      const params = [from.toISOString(), to.toISOString(), ...(text.includes("$3") ? [ZONE] : [])];
      const raw = await time(() => exec(text, params));
      rows.push({
        case: `${c.chart}${name ? ` · ${name} filter` : ""}`,
        p50_ms: ms(fact.p50),
        p95_ms: ms(fact.p95),
        raw_group_by_p50_ms: ms(raw.p50),
        raw_group_by_p95_ms: ms(raw.p95),
        target: `p95 ≤ 100 ms: ${fact.p95 <= 100 ? "met" : "MISSED"}`,
      });
    }
  }
  return rows;
}

export async function analyticsBench() {
  if (!process.env.BENCH_DATABASE_URL) {
    console.log("BENCH_DATABASE_URL not set: the analytics benchmark runs on the PostgreSQL server only");
    return;
  }
  const { server, close } = await benchServer("postgres", { DEMO: "0" });
  const client = new pg.Client({ connectionString: server.ctx.config.databaseUrl! });
  await client.connect();
  const exec: Exec = async (text, params) => (await client.query(text, params as unknown[])).rows;
  try {
    let t = performance.now();
    await seedAnalytics(exec, { conversations: CONVERSATIONS, events: EVENTS });
    const seedMs = performance.now() - t;
    const [counts] = (await exec(`select (select count(*) from reporting_events)::int as events,
      (select count(*) from conversation_facts)::int as facts, (select count(*) from tickets)::int as tickets`)) as {
      events: number;
      facts: number;
      tickets: number;
    }[];
    const meta = {
      events: counts!.events,
      conversations: counts!.facts,
      tickets: counts!.tickets,
      seed_s: ms(seedMs / 1000),
      runs: RUNS,
      range: "last 30 days",
      zone: ZONE,
    };
    if (process.env.BENCH_ANALYTICS_SEED_ONLY === "1") {
      // For EXPLAIN by hand: the seeded database stays (drop it yourself).
      console.log(`seeded ${JSON.stringify(meta)}: ${server.ctx.config.databaseUrl}`);
      process.exit(0);
    }
    const out = (name: string, r: Row[], m: Record<string, unknown>) => {
      report(name, r, m);
      appendMarkdown(name, r, m);
    };
    if (PARTS.includes("reports"))
      out("analytics-reports", await reportRows(server.ctx.db, exec, new Date()), { ...meta, load: loadAverage() });
    if (PARTS.includes("live")) out("analytics-live", await liveTileBench(server, exec), { load: loadAverage() });
    if (PARTS.includes("sla")) out("analytics-sla", await slaAlertBench(server, exec), { load: loadAverage() });
  } finally {
    await client.end();
    await close();
  }
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}

/** Appends a run's table to bench/results/analytics.md (the history of runs, newest last). */
function appendMarkdown(name: string, rows: Row[], meta: Record<string, unknown>) {
  const cols = Object.keys(rows[0] ?? { case: "" });
  const lines = [
    `### ${name} · ${new Date().toISOString()}`,
    "",
    Object.entries(meta)
      .map(([k, v]) => `${k}: ${v}`)
      .join(" · "),
    "",
    `| ${cols.join(" | ")} |`,
    `| ${cols.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${cols.map((c) => String(r[c] ?? "")).join(" | ")} |`),
    "",
    "",
  ];
  fs.appendFileSync(path.join(resultsDir, "analytics.md"), lines.join("\n"));
}
