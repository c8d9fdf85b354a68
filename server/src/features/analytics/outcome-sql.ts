import { slaMetrics } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";

// The SQL of SLA outcomes, CSAT ratings and quality scores, over the outcome columns of the fact rows
// (rolled up from their reporting events, outcome-facts.ts): outcome-queries.ts counts them,
// filters.ts drills into them with the same expressions.

export const SLA_METRICS = slaMetrics;

/** The overall quality score 1–5 the distribution counts: the mean of the three dimensions, rounded. */
export const qualityScore = sql`round(f.quality_overall::numeric)::int`;

/** The drill-down of a quality bucket: an overall score 1–5. */
export function qualityBucket(bucket: string): SQL | null {
  if (!/^[1-5]$/.test(bucket)) return null;
  return sql`${qualityScore} = ${Number(bucket)}`;
}

/** The drill-down of an SLA bucket: "<metric>" or "<metric>:hit|missed". */
export function slaBucket(bucket: string): SQL | null {
  const [metric, outcome] = bucket.split(":");
  if (!SLA_METRICS.includes(metric as (typeof SLA_METRICS)[number])) return null;
  if (outcome !== undefined && outcome !== "hit" && outcome !== "missed") return null;
  if (outcome === "hit") return sql`${metric} = any(f.sla_hit)`;
  if (outcome === "missed") return sql`${metric} = any(f.sla_missed)`;
  return sql`(${metric} = any(f.sla_hit) or ${metric} = any(f.sla_missed))`;
}

/** The drill-down of a CSAT bucket: a rating 1–5. */
export function csatBucket(bucket: string): SQL | null {
  if (!/^[1-5]$/.test(bucket)) return null;
  return sql`f.csat_rating = ${Number(bucket)}`;
}
