import { TZDate } from "@date-fns/tz";
import type { ReportChart, ReportQuery } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import { AppError } from "../../platform/errors";
import { csatBucket, qualityBucket, slaBucket } from "./outcome-sql";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 400;

/** The start of a local date in a zone, as an instant. */
function localMidnight(date: string, zone: string, plusDays = 0): Date {
  const [, y, m, d] = DAY.exec(date) ?? [];
  return new Date(new TZDate(Number(y), Number(m) - 1, Number(d) + plusDays, 0, 0, zone).getTime());
}

/** [from, to) as instants: a date is its whole local day in `timeZone` (`to` included). */
export function reportRange(q: Pick<ReportQuery, "from" | "to" | "timeZone">, now: Date): { from: Date; to: Date } {
  const to = q.to ? (DAY.test(q.to) ? localMidnight(q.to, q.timeZone, 1) : new Date(q.to)) : now;
  const from = q.from
    ? DAY.test(q.from)
      ? localMidnight(q.from, q.timeZone)
      : new Date(q.from)
    : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  if (from >= to) throw new AppError("validation_failed", '"from" must be before "to"');
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    throw new AppError("validation_failed", `A range of at most ${MAX_DAYS} days`);
  return { from, to };
}

/** The WHERE of every report over conversation_facts (alias f): the range and the filters. */
export function factFilter(q: ReportQuery, now: Date): SQL {
  const { from, to } = reportRange(q, now);
  return sql`f.created_at >= ${from.toISOString()}::timestamptz and f.created_at < ${to.toISOString()}::timestamptz and ${dimensionFilter(q)}`;
}

/** The channel, agent, team and tag filters alone (reports whose range is not the creation time). */
export function dimensionFilter(q: ReportQuery): SQL {
  const parts: SQL[] = [sql`true`];
  if (q.channel) parts.push(sql`f.channel_id = ${q.channel}`);
  if (q.agent) parts.push(sql`f.agent_id = ${q.agent}`);
  if (q.team) parts.push(sql`f.team_id = ${q.team}`);
  if (q.tag) parts.push(sql`${q.tag}::uuid = any(f.labels)`);
  return sql.join(parts, sql` and `);
}

/** The local day of a conversation's creation in the requested zone. */
export const dayOf = (zone: string) => sql`to_char(f.created_at at time zone ${zone}, 'YYYY-MM-DD')`;
export const weekdayOf = (zone: string) => sql`extract(isodow from f.created_at at time zone ${zone})::int`;
export const hourOf = (zone: string) => sql`extract(hour from f.created_at at time zone ${zone})::int`;
export const firstResponseCol = (q: Pick<ReportQuery, "hours">) =>
  q.hours === "business" ? sql`f.first_response_business_seconds` : sql`f.first_response_seconds`;
export const resolutionCol = (q: Pick<ReportQuery, "hours">) =>
  q.hours === "business" ? sql`f.resolution_business_seconds` : sql`f.resolution_seconds`;

const bad = (chart: string, bucket: string) =>
  new AppError("validation_failed", `Unknown bucket "${bucket}" for chart "${chart}"`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (chart: string, bucket: string, v: string | undefined) => {
  if (!v || !UUID.test(v)) throw bad(chart, bucket);
  return v;
};

/**
 * The conversations behind one point, cell or row of a chart: the same expressions the chart groups
 * and counts by (report-queries.ts), so a drill-down lists exactly what the chart counted.
 */
export function bucketFilter(chart: ReportChart, bucket: string, q: ReportQuery): SQL {
  const zone = q.timeZone;
  switch (chart) {
    case "volume": {
      const [day, channel] = bucket.split("|");
      if (!day || !DAY.test(day)) throw bad(chart, bucket);
      const d = sql`${dayOf(zone)} = ${day}`;
      return channel ? sql`${d} and f.channel_id = ${uuid(chart, bucket, channel)}` : d;
    }
    case "response-times": {
      const [metric, day] = bucket.split(":");
      if (!day || !DAY.test(day)) throw bad(chart, bucket);
      const col = metric === "first_response" ? firstResponseCol(q) : metric === "resolution" ? resolutionCol(q) : null;
      if (!col) throw bad(chart, bucket);
      return sql`${dayOf(zone)} = ${day} and ${col} is not null`;
    }
    case "ai-funnel": {
      if (bucket === "all") return sql`true`;
      if (bucket === "involved") return sql`f.ai_involved`;
      if (bucket === "confirmed" || bucket === "assumed" || bucket === "unresolved")
        return sql`f.ai_involved and f.ai_resolution = ${bucket}`;
      if (bucket === "handoff") return sql`f.handoff_rule is not null`;
      if (bucket.startsWith("handoff:")) return sql`f.handoff_rule = ${bucket.slice("handoff:".length)}`;
      throw bad(chart, bucket);
    }
    case "heatmap": {
      const m = /^([1-7]):(\d{1,2})$/.exec(bucket);
      if (!m || Number(m[2]) > 23) throw bad(chart, bucket);
      return sql`${weekdayOf(zone)} = ${Number(m[1])} and ${hourOf(zone)} = ${Number(m[2])}`;
    }
    case "agents":
      return bucket === "none" ? sql`f.agent_id is null` : sql`f.agent_id = ${uuid(chart, bucket, bucket)}`;
    case "channels":
      return sql`f.channel_id = ${uuid(chart, bucket, bucket)}`;
    case "sla": {
      const w = slaBucket(bucket);
      if (!w) throw bad(chart, bucket);
      return w;
    }
    case "csat": {
      const w = csatBucket(bucket);
      if (!w) throw bad(chart, bucket);
      return w;
    }
    case "tickets":
      throw new AppError(
        "validation_failed",
        "The tickets chart counts tickets: open them with GET /api/reports/tickets/drill-down",
      );
    case "knowledge-gaps":
      // Its groups are computed, not a SQL expression: the route resolves them (knowledge-gaps.ts).
      throw bad(chart, bucket);
    case "quality": {
      const w = qualityBucket(bucket);
      if (!w) throw bad(chart, bucket);
      return w;
    }
  }
}
