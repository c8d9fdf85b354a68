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
  const days = (await db.execute(sql`
    with days as (
      select d::date as day, (d::date::timestamp at time zone ${zone}) as starts,
        ((d::date + 1)::timestamp at time zone ${zone}) as ends
      from generate_series((${from}::timestamptz at time zone ${zone})::date,
        ((${to}::timestamptz - interval '1 microsecond') at time zone ${zone})::date, interval '1 day') d
    ), t as (select * from tickets t where ${where})
    select to_char(days.day, 'YYYY-MM-DD') as day,
      (select count(*) from t where t.created_at >= greatest(days.starts, ${from}::timestamptz)
        and t.created_at < least(days.ends, ${to}::timestamptz))::int as created,
      (select count(*) from t where t.solved_at >= greatest(days.starts, ${from}::timestamptz)
        and t.solved_at < least(days.ends, ${to}::timestamptz))::int as solved,
      (select count(*) from t where t.created_at < least(days.ends, ${to}::timestamptz)
        and (least(t.solved_at, t.closed_at) is null or least(t.solved_at, t.closed_at) >= least(days.ends, ${to}::timestamptz)))::int
        as backlog
    from days order by 1`)) as unknown as { rows: Row[] };
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
