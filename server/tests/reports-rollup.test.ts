import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Conversation } from "@switchboard/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReportingEvent } from "../src/features/analytics";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

// The fact rows' outcome columns (SLA outcomes, CSAT, quality: rolled up as the events are appended)
// against the same aggregates over the raw reporting events, for a mixed history: outcomes out of
// time order, redeliveries, comments next to ratings, rescoring, several clocks per target.
const CHANNELS = [randomUUID(), randomUUID()];
const AGENTS = [
  { id: randomUUID(), name: "Ada", avatarUrl: null },
  { id: randomUUID(), name: "Bo", avatarUrl: null },
];
const METRICS = ["firstReply", "nextReply", "resolution"];

function conv(id: string, createdAt: string, i: number): Conversation {
  return {
    id,
    channelId: CHANNELS[i % 2]!,
    channelType: "webchat",
    channelName: `Site ${i % 2}`,
    contact: { id: randomUUID(), name: `Customer ${i}` } as Conversation["contact"],
    status: "open",
    snoozedUntil: null,
    priority: "normal",
    assignee: i % 3 === 0 ? null : AGENTS[i % 2]!,
    team: null,
    handler: "none",
    queuedAt: null,
    lastMessageAt: createdAt,
    lastMessagePreview: "",
    lastMessageSender: null,
    labels: [],
    waitingSince: null,
    lastInboundAt: null,
    replyWindow: { open: true, closesAt: null, rule: "none", templatesOnly: false },
    unreadCount: 0,
    createdAt,
  };
}

// The aggregates as they were computed before the rollup: straight from the events.
const RAW = {
  sla: `select e.detail->>'metric' as metric, count(*) filter (where e.type = 'sla_hit')::int as hit,
      count(*) filter (where e.type = 'sla_missed')::int as missed, count(distinct e.conversation_id)::int as conversations
    from reporting_events e join conversation_facts f using (conversation_id)
    where e.type in ('sla_hit', 'sla_missed') and f.created_at >= $1 and f.created_at < $2 group by 1 order by 1`,
  ratings: `select distinct on (e.conversation_id) e.conversation_id, (e.detail->>'rating')::int as rating
    from reporting_events e where e.type = 'csat_answered' and e.detail->>'answer' = 'rating' and e.detail->>'rating' is not null
    order by e.conversation_id, e.occurred_at desc, e.id desc`,
  quality: `select distinct on (e.conversation_id) e.conversation_id, (e.detail->>'overall')::numeric as overall,
      (e.detail->>'resolution')::int as resolution
    from reporting_events e where e.type = 'quality_scored' order by e.conversation_id, e.occurred_at desc, e.id desc`,
};
const OUTCOME_COLUMNS = [
  "sla_hit",
  "sla_missed",
  "csat_surveyed",
  "csat_rating",
  "csat_at",
  "quality_resolution",
  "quality_sentiment",
  "quality_service",
  "quality_overall",
  "quality_at",
];

describe.each(drivers)("reports: outcome rollup on the fact rows equals the raw events (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  const ids = Array.from({ length: 24 }, () => randomUUID());
  const rec = (ev: Parameters<typeof recordReportingEvent>[1]) => recordReportingEvent(s.ctx.db, ev);
  const sql = async <T = Record<string, unknown>>(q: string, params: unknown[] = []) =>
    (await s.ctx.database.executeSql(q, params)).rows as T[];
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    for (const [i, id] of ids.entries()) {
      // Days 1–12 of March; the range below is days 2–10.
      await rec({ kind: "conversation.created", conversation: conv(id, at(1 + (i % 12), 9), i) });
      for (const [k, metric] of METRICS.entries()) {
        if ((i + k) % 4 === 3) continue;
        const outcome = (i * 7 + k) % 3 === 0 ? "missed" : "hit";
        const ev = {
          kind: "external" as const,
          type: `sla_${outcome}`,
          conversationId: id,
          key: `sla:${outcome}:${id}:${metric}:1`,
          at: new Date(at(1 + (i % 12), 10 + k)),
          detail: { metric },
        };
        await rec(ev);
        if (i % 5 === 0) await rec(ev); // redelivered: counted once
        if (metric === "nextReply" && i % 2 === 0)
          await rec({ ...ev, key: `sla:hit:${id}:${metric}:2`, type: "sla_hit", at: new Date(at(1 + (i % 12), 15)) });
      }
      if (i % 3 !== 2)
        await rec({
          kind: "external",
          type: "csat_sent",
          conversationId: id,
          key: `csat:${id}:sent`,
          at: new Date(at(1 + (i % 12), 16)),
          detail: {},
        });
      // Ratings delivered out of time order: the later one in time wins, whichever came last.
      const ratings: Array<[number, number]> =
        i % 4 === 0
          ? [
              [18, 1 + (i % 5)],
              [17, 5 - (i % 5)],
            ]
          : i % 4 === 1
            ? [[17, 1 + (i % 5)]]
            : [];
      for (const [hour, rating] of ratings)
        await rec({
          kind: "external",
          type: "csat_answered",
          conversationId: id,
          key: `csat:${id}:${hour}:rating`,
          at: new Date(at(1 + (i % 12), hour)),
          detail: { rating, answer: "rating" },
        });
      if (i % 4 === 0)
        await rec({
          kind: "external",
          type: "csat_answered",
          conversationId: id,
          key: `csat:${id}:comment`,
          at: new Date(at(1 + (i % 12), 19)),
          detail: { rating: null, answer: "comment" },
        });
      const scores: Array<[number, number, number, number]> =
        i % 3 === 0
          ? [
              [20, 1 + (i % 5), 2, 3],
              [19, 5, 5, 4],
            ]
          : i % 3 === 1
            ? [[19, 2, 1 + (i % 4), 4]]
            : [];
      for (const [hour, r, se, sv] of scores)
        await rec({
          kind: "external",
          type: "quality_scored",
          conversationId: id,
          key: `quality:${id}:${hour}`,
          at: new Date(at(1 + (i % 12), hour)),
          detail: { resolution: r, sentiment: se, service: sv, overall: (r + se + sv) / 3 },
        });
      if (i % 2 === 0)
        await rec({
          kind: "conversation.updated",
          conversation: { ...conv(id, at(1 + (i % 12), 9), i), status: "resolved" },
          previous: { status: "open", assignee: conv(id, at(1, 9), i).assignee },
          at: new Date(at(1 + (i % 12), 21)),
        });
    }
  });
  afterAll(() => s.stop());

  const from = "2026-03-02T00:00:00.000Z";
  const to = "2026-03-11T00:00:00.000Z";
  const range = "from=2026-03-02&to=2026-03-10&timeZone=UTC";
  const get = async (p: string) => {
    const r = await admin.get(p);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const inRange = `select conversation_id from conversation_facts where created_at >= $1 and created_at < $2`;

  it("the SLA report equals the raw events' counts per target", async () => {
    const raw = await sql<{ metric: string; hit: number; missed: number; conversations: number }>(RAW.sla, [from, to]);
    expect(raw.length).toBe(3);
    const report = (await get(`/api/reports/sla?${range}`)).rows as typeof raw;
    for (const r of raw)
      expect(report.find((x) => x.metric === r.metric)).toMatchObject({
        hit: Number(r.hit),
        missed: Number(r.missed),
        conversations: Number(r.conversations),
      });
    const drilled = (await get(`/api/reports/conversations?${range}&chart=sla&bucket=nextReply:missed`)).items as {
      conversationId: string;
    }[];
    const rawIds = await sql<{ conversation_id: string }>(
      `select distinct conversation_id from reporting_events where type = 'sla_missed' and detail->>'metric' = 'nextReply'
        and conversation_id in (${inRange})`,
      [from, to],
    );
    expect(drilled.map((d) => d.conversationId).sort()).toEqual(rawIds.map((r) => r.conversation_id).sort());
  });

  it("the CSAT report equals the latest rating per conversation from the raw events", async () => {
    const raw = await sql<{ rating: number; n: number }>(
      `select c.rating, count(*)::int as n from (${RAW.ratings}) c where c.conversation_id in (${inRange}) group by 1`,
      [from, to],
    );
    const [reach] = await sql<{ surveyed: number; rated: number; resolved: number }>(
      `select count(*) filter (where f.conversation_id in (select conversation_id from reporting_events where type = 'csat_sent'))::int as surveyed,
        count(f.resolved_at)::int as resolved,
        count(f.resolved_at) filter (where f.conversation_id in (select conversation_id from (${RAW.ratings}) c))::int as rated
      from conversation_facts f where f.created_at >= $1 and f.created_at < $2`,
      [from, to],
    );
    const report = await get(`/api/reports/csat?${range}`);
    const answered = raw.reduce((a, r) => a + Number(r.n), 0);
    expect(answered).toBeGreaterThan(3);
    for (const row of report.rows as { rating: number; conversations: number }[])
      expect(row.conversations).toBe(Number(raw.find((r) => Number(r.rating) === row.rating)?.n ?? 0));
    expect(report.answered).toBe(answered);
    expect(report.surveyed).toBe(Number(reach!.surveyed));
    expect(report.coverage).toBeCloseTo(Number(reach!.rated) / Number(reach!.resolved), 10);
  });

  it("the quality report and the agents' outcomes equal the raw events", async () => {
    const raw = await sql<{ score: number; n: number; total: string }>(
      `select round(l.overall)::int as score, count(*)::int as n, sum(l.overall) as total from (${RAW.quality}) l
        where l.conversation_id in (${inRange}) group by 1`,
      [from, to],
    );
    const report = await get(`/api/reports/quality?${range}`);
    const scored = raw.reduce((a, r) => a + Number(r.n), 0);
    expect(scored).toBeGreaterThan(3);
    for (const row of report.rows as { score: number; conversations: number }[])
      expect(row.conversations).toBe(Number(raw.find((r) => Number(r.score) === row.score)?.n ?? 0));
    expect(report.average).toBeCloseTo(raw.reduce((a, r) => a + Number(r.total), 0) / scored, 10);

    const agents = await sql<{
      bucket: string;
      csat_n: number;
      csat_avg: string;
      hit: number;
      missed: number;
      q_n: number;
    }>(
      `select coalesce(f.agent_id::text, 'none') as bucket, count(c.rating)::int as csat_n, avg(c.rating) as csat_avg,
          (select count(*) from reporting_events e where e.type = 'sla_hit' and e.conversation_id = any(array_agg(f.conversation_id)))::int as hit,
          (select count(*) from reporting_events e where e.type = 'sla_missed' and e.conversation_id = any(array_agg(f.conversation_id)))::int as missed,
          count(l.overall)::int as q_n
        from conversation_facts f left join (${RAW.ratings}) c using (conversation_id) left join (${RAW.quality}) l using (conversation_id)
        where f.created_at >= $1 and f.created_at < $2 group by 1`,
      [from, to],
    );
    const rows = (await get(`/api/reports/agents?${range}`)).rows as Record<string, unknown>[];
    expect(agents.length).toBe(3);
    for (const a of agents)
      expect(rows.find((r) => (r.agentId ?? "none") === a.bucket)).toMatchObject({
        csatAnswered: Number(a.csat_n),
        slaHit: Number(a.hit),
        slaMissed: Number(a.missed),
        qualityScored: Number(a.q_n),
        ...(a.csat_avg === null ? {} : { csatAverage: expect.closeTo(Number(a.csat_avg), 10) }),
      });
  });

  it("the migration's backfill rebuilds the same outcome columns from the events", async () => {
    const snapshot = () =>
      sql(`select conversation_id, ${OUTCOME_COLUMNS.join(", ")} from conversation_facts order by conversation_id`);
    const before = await snapshot();
    await sql(`update conversation_facts set sla_hit = '{}', sla_missed = '{}', csat_surveyed = false, csat_rating = null,
      csat_at = null, quality_resolution = null, quality_sentiment = null, quality_service = null, quality_overall = null, quality_at = null`);
    expect(await snapshot()).not.toEqual(before);
    const file = fs.readFileSync(path.resolve(import.meta.dirname, "../../migrations/0047_fact_outcomes.sql"), "utf8");
    const statements = file
      .slice(file.indexOf("-- Backfill"))
      .split("--> statement-breakpoint")
      .map((x) => x.trim())
      .filter(Boolean);
    expect(statements.length).toBe(4);
    for (const q of statements) await sql(q);
    expect(await snapshot()).toEqual(before);
  });
});
