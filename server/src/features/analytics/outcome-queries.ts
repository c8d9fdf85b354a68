import {
  type CsatReport,
  type QualityReport,
  type ReportQuery,
  type SlaReport,
  slaMetrics,
} from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { factFilter } from "./filters";
import { latestQuality, latestRatings, SLA_METRICS, slaOutcomes } from "./outcome-sql";

type Row = Record<string, unknown>;
async function rows(db: Db, q: SQL): Promise<Row[]> {
  return ((await db.execute(q)) as unknown as { rows: Row[] }).rows;
}
const int = (v: unknown) => Number(v ?? 0);

/** SLA hit rate per target, over the conversations of the range and filters (every target listed). */
export async function slaReport(db: Db, q: ReportQuery, now: Date): Promise<SlaReport> {
  const r = await rows(
    db,
    sql`select o.metric, count(*) filter (where o.type = 'sla_hit')::int as hit,
        count(*) filter (where o.type = 'sla_missed')::int as missed,
        count(distinct o.conversation_id)::int as conversations
      from (${slaOutcomes}) o join conversation_facts f on f.conversation_id = o.conversation_id
      where ${factFilter(q, now)} group by 1`,
  );
  const by = new Map(r.map((x) => [String(x.metric), x]));
  return {
    rows: SLA_METRICS.map((metric) => {
      const x = by.get(metric);
      const hit = int(x?.hit);
      const missed = int(x?.missed);
      return {
        bucket: metric,
        metric,
        hit,
        missed,
        hitRate: hit + missed > 0 ? hit / (hit + missed) : null,
        conversations: int(x?.conversations),
      };
    }),
  };
}

/** CSAT: conversations per latest rating (1–5, every rating listed), how many answered, the average. */
export async function csatReport(db: Db, q: ReportQuery, now: Date): Promise<CsatReport> {
  const r = await rows(
    db,
    sql`select c.rating, count(*)::int as n
      from (${latestRatings}) c join conversation_facts f on f.conversation_id = c.conversation_id
      where ${factFilter(q, now)} group by 1`,
  );
  const by = new Map(r.map((x) => [int(x.rating), int(x.n)]));
  const list = [1, 2, 3, 4, 5].map((rating) => ({
    bucket: String(rating),
    rating,
    conversations: by.get(rating) ?? 0,
  }));
  const answered = list.reduce((a, x) => a + x.conversations, 0);
  const sum = list.reduce((a, x) => a + x.rating * x.conversations, 0);
  const [reach] = await rows(
    db,
    sql`select count(*) filter (where f.conversation_id in (select e.conversation_id from reporting_events e
          where e.type = 'csat_sent'))::int as surveyed,
        count(f.resolved_at)::int as resolved,
        count(f.resolved_at) filter (where f.conversation_id in (select c.conversation_id from (${latestRatings}) c))::int
          as rated
      from conversation_facts f where ${factFilter(q, now)}`,
  );
  const surveyed = int(reach?.surveyed);
  const resolved = int(reach?.resolved);
  return {
    rows: list,
    answered,
    average: answered > 0 ? sum / answered : null,
    surveyed,
    resolved,
    responseRate: surveyed > 0 ? answered / surveyed : null,
    coverage: resolved > 0 ? int(reach?.rated) / resolved : null,
  };
}

const avg = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Quality: conversations per latest overall score (1–5, every score listed), how many scored, the averages. */
export async function qualityReport(db: Db, q: ReportQuery, now: Date): Promise<QualityReport> {
  const r = await rows(
    db,
    sql`select l.score, count(*)::int as n, sum(l.overall) as total,
        sum(l.resolution) as resolution, sum(l.sentiment) as sentiment, sum(l.service) as service
      from (${latestQuality}) l join conversation_facts f on f.conversation_id = l.conversation_id
      where ${factFilter(q, now)} group by 1`,
  );
  const by = new Map(r.map((x) => [int(x.score), x]));
  const list = [1, 2, 3, 4, 5].map((score) => ({
    bucket: String(score),
    score,
    conversations: int(by.get(score)?.n),
  }));
  const scored = list.reduce((a, x) => a + x.conversations, 0);
  const sum = (k: string) => r.reduce((a, x) => a + Number(x[k] ?? 0), 0);
  const mean = (k: string) => (scored > 0 ? sum(k) / scored : null);
  return {
    rows: list,
    scored,
    average: mean("total"),
    dimensions: { resolution: mean("resolution"), sentiment: mean("sentiment"), service: mean("service") },
  };
}

export interface AgentOutcomes {
  csatAnswered: number;
  csatAverage: number | null;
  slaHit: number;
  slaMissed: number;
  slaHitRate: number | null;
  qualityScored: number;
  qualityAverage: number | null;
}

/** Per agent ("none" for unassigned): CSAT, SLA targets and quality of the conversations of the range and filters. */
export async function agentOutcomes(db: Db, q: ReportQuery, now: Date): Promise<Map<string, AgentOutcomes>> {
  const r = await rows(
    db,
    sql`select coalesce(f.agent_id::text, 'none') as bucket,
        count(c.rating)::int as csat_n, avg(c.rating) as csat_avg,
        coalesce(sum(s.hit), 0)::int as sla_hit, coalesce(sum(s.missed), 0)::int as sla_missed,
        count(l.overall)::int as quality_n, avg(l.overall) as quality_avg
      from conversation_facts f
      left join (${latestRatings}) c on c.conversation_id = f.conversation_id
      left join (${latestQuality}) l on l.conversation_id = f.conversation_id
      left join (select o.conversation_id, count(*) filter (where o.type = 'sla_hit') as hit,
          count(*) filter (where o.type = 'sla_missed') as missed
        from (${slaOutcomes}) o group by 1) s on s.conversation_id = f.conversation_id
      where ${factFilter(q, now)} group by 1`,
  );
  return new Map(
    r.map((x) => {
      const hit = int(x.sla_hit);
      const missed = int(x.sla_missed);
      return [
        String(x.bucket),
        {
          csatAnswered: int(x.csat_n),
          csatAverage: avg(x.csat_avg),
          slaHit: hit,
          slaMissed: missed,
          slaHitRate: hit + missed > 0 ? hit / (hit + missed) : null,
          qualityScored: int(x.quality_n),
          qualityAverage: avg(x.quality_avg),
        },
      ];
    }),
  );
}
