import type { TicketsReport } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";

export interface TicketsReportQuery {
  /** [from, to) as instants (analytics resolves the dashboard's dates in its zone). */
  from: Date;
  to: Date;
  timeZone: string;
  agent?: string;
  team?: string;
}

const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
type Row = Record<string, unknown>;
const int = (v: unknown) => Number(v ?? 0);

/**
 * The dashboard's tickets report. "Solved" and the backlog read solved_at / closed_at, the latest
 * solve and close: a ticket reopened after the range ended counts as solved on its day, and one
 * reopened within the range is in the backlog from its first solve on (the activity log keeps
 * every change; these counts do not replay it).
 */
export async function ticketsReport(db: Db, q: TicketsReportQuery): Promise<TicketsReport> {
  const from = q.from.toISOString();
  const to = q.to.toISOString();
  const zone = q.timeZone;
  const filters: SQL[] = [sql`true`];
  if (q.agent) filters.push(sql`t.assignee_id = ${q.agent}`);
  if (q.team) filters.push(sql`t.team_id = ${q.team}`);
  const where = sql.join(filters, sql` and `);
  // Per local day d of the range, whose end is E = least(end of d, to): created and solved within
  // the day (and the range), and the backlog at E = tickets created before E minus those also done
  // (least(solved_at, closed_at)) before E. "x < E" is "x's local date ≤ d" for any x before `to`,
  // so both are running sums of per-date counts (dates before the range counted on its first day):
  // one pass over the tickets instead of a scan per day.
  const first = sql`(${from}::timestamptz at time zone ${zone})::date`;
  const localDate = (col: SQL) => sql`(${col} at time zone ${zone})::date`;
  const days = (await db.execute(sql`
    with days as (
      select d::date as day from generate_series(${first},
        ((${to}::timestamptz - interval '1 microsecond') at time zone ${zone})::date, interval '1 day') d
    ), t as (
      select t.created_at, least(t.solved_at, t.closed_at) as done
      from tickets t where ${where} and t.created_at < ${to}::timestamptz
    ), created as (
      select ${localDate(sql`created_at`)} as day, count(*) as n from t where created_at >= ${from}::timestamptz group by 1
    ), solved as (
      select ${localDate(sql`t.solved_at`)} as day, count(*) as n from tickets t
      where ${where} and t.solved_at >= ${from}::timestamptz and t.solved_at < ${to}::timestamptz group by 1
    ), opened_by as (
      select greatest(${localDate(sql`created_at`)}, ${first}) as day, count(*) as n from t group by 1
    ), done_by as (
      select greatest(${localDate(sql`greatest(created_at, done)`)}, ${first}) as day, count(*) as n from t
      where done is not null and greatest(created_at, done) < ${to}::timestamptz group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(created.n, 0)::int as created,
      coalesce(solved.n, 0)::int as solved,
      (sum(coalesce(opened_by.n, 0) - coalesce(done_by.n, 0)) over (order by days.day))::int as backlog
    from days left join created using (day) left join solved using (day)
      left join opened_by using (day) left join done_by using (day)
    order by 1`)) as unknown as { rows: Row[] };
  const prio = (await db.execute(sql`
    select t.priority, count(*)::int as created, count(t.solved_at)::int as solved,
      count(*) filter (where t.status not in ('solved', 'closed'))::int as open
    from tickets t where ${where} and t.created_at >= ${from}::timestamptz and t.created_at < ${to}::timestamptz
    group by 1`)) as unknown as { rows: Row[] };
  const by = new Map(prio.rows.map((r) => [String(r.priority), r]));
  return {
    rows: days.rows.map((r) => ({
      bucket: String(r.day),
      day: String(r.day),
      created: int(r.created),
      solved: int(r.solved),
      backlog: int(r.backlog),
    })),
    byPriority: PRIORITIES.map((priority) => {
      const r = by.get(priority);
      return { priority, created: int(r?.created), solved: int(r?.solved), open: int(r?.open) };
    }),
  };
}
