import { TZDate } from "@date-fns/tz";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { defaultBusinessHours } from "./default-hours";

/**
 * The dashboard's SLA tiles, from the stored clocks (nothing is recomputed): subjects with a running
 * target past its warning and not yet due (at risk), and subjects with a target that breached since
 * the start of today in the default schedule's time zone (the team's day, not the server's).
 */
export async function slaLiveCounts(db: Db, now: Date): Promise<{ atRisk: number; breachedToday: number }> {
  const { timeZone } = await defaultBusinessHours(db);
  const local = new TZDate(now, timeZone);
  const dayStart = new Date(
    new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 0, 0, timeZone).getTime(),
  );
  const at = now.toISOString();
  const since = dayStart.toISOString();
  const r = (await db.execute(sql`
    select
      count(distinct (subject_type, subject_id)) filter (
        where status = 'active' and warn_at <= ${at}::timestamptz and deadline_at > ${at}::timestamptz)::int as at_risk,
      count(distinct (subject_type, subject_id)) filter (
        where breached_at >= ${since}::timestamptz
           or (status = 'missed' and stopped_at >= ${since}::timestamptz))::int as breached_today
    from sla_clocks
    where status = 'active' or breached_at >= ${since}::timestamptz or stopped_at >= ${since}::timestamptz`)) as unknown as {
    rows: { at_risk: number; breached_today: number }[];
  };
  const row = r.rows[0]!;
  return { atRisk: row.at_risk, breachedToday: row.breached_today };
}
