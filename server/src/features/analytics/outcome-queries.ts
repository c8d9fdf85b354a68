import { type CsatReport, type ReportQuery, type SlaReport, slaMetrics } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { factFilter } from "./filters";
import { latestRatings, SLA_METRICS, slaOutcomes } from "./outcome-sql";

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
  return { rows: list, answered, average: answered > 0 ? sum / answered : null };
}
