import type {
  AgentsReport,
  AiFunnelReport,
  ChannelsReport,
  HeatmapReport,
  ReportQuery,
  ResponseTimesReport,
  VolumeReport,
} from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { dayOf, factFilter, firstResponseCol, hourOf, resolutionCol, weekdayOf } from "./filters";
import { agentOutcomeColumns, agentOutcomesOf } from "./outcome-queries";

type Row = Record<string, unknown>;
async function rows(db: Db, q: SQL): Promise<Row[]> {
  return ((await db.execute(q)) as unknown as { rows: Row[] }).rows;
}
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const int = (v: unknown) => Number(v ?? 0);
const median = (col: SQL) => sql`percentile_cont(0.5) within group (order by ${col})`;
/** The median and p90 from one sort: an array [p50, p90]. */
const p50p90 = (col: SQL) => sql`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${col})`;
const at = (v: unknown, i: number) => {
  const list = typeof v === "string" ? v.replace(/[{}]/g, "").split(",") : (v as unknown[] | null);
  const x = list?.[i];
  return x === undefined || x === null || x === "NULL" ? null : Number(x);
};

// Every chart groups conversation_facts (f) by an expression of filters.ts; bucketFilter() selects
// exactly the rows of one group with the same expression.

export async function volumeReport(db: Db, q: ReportQuery, now: Date): Promise<VolumeReport> {
  const day = dayOf(q.timeZone);
  const r = await rows(
    db,
    sql`select ${day} as day, f.channel_id, max(f.channel_name) as channel_name, count(*)::int as n
      from conversation_facts f where ${factFilter(q, now)}
      group by 1, 2 order by 1, 3, 2`,
  );
  return {
    rows: r.map((x) => ({
      bucket: `${x.day}|${x.channel_id}`,
      day: String(x.day),
      channelId: String(x.channel_id),
      channelName: String(x.channel_name),
      conversations: int(x.n),
    })),
  };
}

export async function responseTimesReport(db: Db, q: ReportQuery, now: Date): Promise<ResponseTimesReport> {
  const fr = firstResponseCol(q);
  const res = resolutionCol(q);
  const r = await rows(
    db,
    sql`select ${dayOf(q.timeZone)} as day,
        count(${fr})::int as responded, ${p50p90(fr)} as fr,
        count(${res})::int as resolved, ${p50p90(res)} as res
      from conversation_facts f where ${factFilter(q, now)}
      group by 1 order by 1`,
  );
  return {
    hours: q.hours,
    rows: r.map((x) => ({
      bucket: String(x.day),
      day: String(x.day),
      responded: int(x.responded),
      firstResponseMedian: at(x.fr, 0),
      firstResponseP90: at(x.fr, 1),
      resolved: int(x.resolved),
      resolutionMedian: at(x.res, 0),
      resolutionP90: at(x.res, 1),
    })),
  };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export async function aiFunnelReport(db: Db, q: ReportQuery, now: Date): Promise<AiFunnelReport> {
  // One statement: the counts per handoff rule (null: no handoff); the totals are their sums.
  const groups = await rows(
    db,
    sql`select f.handoff_rule as rule, count(*)::int as all, count(*) filter (where f.ai_involved)::int as involved,
        count(*) filter (where f.ai_involved and f.ai_resolution = 'confirmed')::int as confirmed,
        count(*) filter (where f.ai_involved and f.ai_resolution = 'assumed')::int as assumed,
        count(*) filter (where f.ai_involved and f.ai_resolution = 'unresolved')::int as unresolved
      from conversation_facts f where ${factFilter(q, now)} group by 1`,
  );
  const reasons = groups
    .filter((x) => x.rule !== null)
    .sort((a, b) => int(b.all) - int(a.all) || String(a.rule).localeCompare(String(b.rule)));
  const t = { all: 0, involved: 0, confirmed: 0, assumed: 0, unresolved: 0, handoff: 0 };
  for (const g of groups) {
    for (const k of ["all", "involved", "confirmed", "assumed", "unresolved"] as const) t[k] += int(g[k]);
    if (g.rule !== null) t.handoff += int(g.all);
  }
  const labels: Record<keyof typeof t, string> = {
    all: "Conversations",
    involved: "AI involved",
    confirmed: "AI resolved (confirmed)",
    assumed: "AI resolved (assumed)",
    unresolved: "AI unresolved",
    handoff: "Handed off",
  };
  const involvement = ratio(t.involved, t.all);
  const resolution = ratio(t.confirmed + t.assumed, t.involved);
  return {
    rows: [
      ...(Object.keys(t) as Array<keyof typeof t>).map((k) => ({
        bucket: k,
        kind: "step" as const,
        label: labels[k],
        conversations: t[k],
      })),
      ...reasons.map((x) => ({
        bucket: `handoff:${x.rule}`,
        kind: "handoff_reason" as const,
        label: String(x.rule),
        conversations: int(x.all),
      })),
    ],
    rates: {
      involvement,
      resolution,
      confirmedResolution: ratio(t.confirmed, t.involved),
      assumedResolution: ratio(t.assumed, t.involved),
      automation: involvement !== null && resolution !== null ? involvement * resolution : null,
    },
  };
}

export async function heatmapReport(db: Db, q: ReportQuery, now: Date): Promise<HeatmapReport> {
  const r = await rows(
    db,
    sql`select ${weekdayOf(q.timeZone)} as weekday, ${hourOf(q.timeZone)} as hour, count(*)::int as n
      from conversation_facts f where ${factFilter(q, now)} group by 1, 2 order by 1, 2`,
  );
  return {
    rows: r.map((x) => ({
      bucket: `${x.weekday}:${x.hour}`,
      weekday: int(x.weekday),
      hour: int(x.hour),
      conversations: int(x.n),
    })),
  };
}

export async function agentsReport(db: Db, q: ReportQuery, now: Date): Promise<AgentsReport> {
  const r = await rows(
    db,
    sql`select f.agent_id, max(f.agent_name) as agent_name, count(*)::int as handled,
        count(f.resolved_at)::int as resolved,
        ${median(firstResponseCol(q))} as fr_median, ${median(resolutionCol(q))} as res_median, ${agentOutcomeColumns}
      from conversation_facts f where ${factFilter(q, now)}
      group by 1 order by 3 desc, 2 nulls last, 1 nulls last`,
  );
  return {
    rows: r.map((x) => {
      const bucket = x.agent_id ? String(x.agent_id) : "none";
      return {
        bucket,
        agentId: x.agent_id ? String(x.agent_id) : null,
        agentName: x.agent_name ? String(x.agent_name) : null,
        handled: int(x.handled),
        resolved: int(x.resolved),
        firstResponseMedian: num(x.fr_median),
        resolutionMedian: num(x.res_median),
        ...agentOutcomesOf(x),
      };
    }),
  };
}

export async function channelsReport(db: Db, q: ReportQuery, now: Date): Promise<ChannelsReport> {
  const r = await rows(
    db,
    sql`select f.channel_id, max(f.channel_name) as channel_name, max(f.channel_type) as channel_type,
        count(*)::int as n, count(f.resolved_at)::int as resolved,
        count(*) filter (where f.ai_involved)::int as ai_involved,
        count(*) filter (where f.ai_involved and f.ai_resolution in ('confirmed', 'assumed'))::int as ai_resolved,
        ${median(firstResponseCol(q))} as fr_median, ${median(resolutionCol(q))} as res_median
      from conversation_facts f where ${factFilter(q, now)}
      group by 1 order by 4 desc, 2, 1`,
  );
  return {
    rows: r.map((x) => ({
      bucket: String(x.channel_id),
      channelId: String(x.channel_id),
      channelName: String(x.channel_name),
      channelType: x.channel_type as ChannelsReport["rows"][number]["channelType"],
      conversations: int(x.n),
      resolved: int(x.resolved),
      aiInvolved: int(x.ai_involved),
      aiResolved: int(x.ai_resolved),
      firstResponseMedian: num(x.fr_median),
      resolutionMedian: num(x.res_median),
    })),
  };
}
