import { slaMetrics } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";

// The SQL of SLA outcomes and CSAT ratings, over reporting events: outcome-queries.ts counts them, filters.ts drills into them.

export const SLA_METRICS = slaMetrics;

/** The SLA targets that ended (hit or missed) of a conversation's clocks: reporting events `sla_hit` / `sla_missed`. */
export const slaOutcomes = sql`select e.conversation_id, e.detail->>'metric' as metric, e.type
  from reporting_events e where e.type in ('sla_hit', 'sla_missed')`;

/** Each conversation's latest CSAT rating (the `csat_answered` events of a rating). */
export const latestRatings = sql`select distinct on (e.conversation_id) e.conversation_id,
    (e.detail->>'rating')::int as rating
  from reporting_events e
  where e.type = 'csat_answered' and e.detail->>'answer' = 'rating' and e.detail->>'rating' is not null
  order by e.conversation_id, e.occurred_at desc, e.id desc`;

/**
 * Each conversation's latest AI quality score (the `quality_scored` events): its three dimensions
 * and `overall`, their mean rounded to 1-5 (what the distribution counts).
 */
export const latestQuality = sql`select distinct on (e.conversation_id) e.conversation_id,
    (e.detail->>'resolution')::int as resolution, (e.detail->>'sentiment')::int as sentiment,
    (e.detail->>'service')::int as service, (e.detail->>'overall')::numeric as overall,
    round((e.detail->>'overall')::numeric)::int as score
  from reporting_events e
  where e.type = 'quality_scored' and e.detail->>'overall' is not null
  order by e.conversation_id, e.occurred_at desc, e.id desc`;

/** The drill-down of a quality bucket: an overall score 1–5. */
export function qualityBucket(bucket: string): SQL | null {
  if (!/^[1-5]$/.test(bucket)) return null;
  return sql`f.conversation_id in (select l.conversation_id from (${latestQuality}) l where l.score = ${Number(bucket)})`;
}

/** The drill-down of an SLA bucket: "<metric>" or "<metric>:hit|missed". */
export function slaBucket(bucket: string): SQL | null {
  const [metric, outcome] = bucket.split(":");
  if (!SLA_METRICS.includes(metric as (typeof SLA_METRICS)[number])) return null;
  if (outcome !== undefined && outcome !== "hit" && outcome !== "missed") return null;
  const type = outcome ? sql` and o.type = ${`sla_${outcome}`}` : sql``;
  return sql`f.conversation_id in (select o.conversation_id from (${slaOutcomes}) o where o.metric = ${metric}${type})`;
}

/** The drill-down of a CSAT bucket: a rating 1–5. */
export function csatBucket(bucket: string): SQL | null {
  if (!/^[1-5]$/.test(bucket)) return null;
  return sql`f.conversation_id in (select c.conversation_id from (${latestRatings}) c where c.rating = ${Number(bucket)})`;
}
