import type { ReportTicket, TicketsDrillDownResult } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { teamRefs, userRefs } from "../agents";
import type { TicketsReportQuery } from "./report";

type Row = Record<string, unknown>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PRIORITY = /^priority:(low|normal|high|urgent)(?::(solved|open))?$/;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/**
 * The tickets behind one point or row of the tickets report, with the very expressions report.ts
 * counts by (a day is its local day in the zone, clipped to the range): `created:<day>`,
 * `solved:<day>`, `backlog:<day>`, `priority:<p>[:solved|open]`; none: every ticket created in the range.
 */
function bucketWhere(q: TicketsReportQuery, bucket: string | undefined): SQL {
  const from = sql`${q.from.toISOString()}::timestamptz`;
  const to = sql`${q.to.toISOString()}::timestamptz`;
  const createdInRange = sql`t.created_at >= ${from} and t.created_at < ${to}`;
  if (!bucket) return createdInRange;
  const p = PRIORITY.exec(bucket);
  if (p) {
    const base = sql`${createdInRange} and t.priority = ${p[1]}`;
    if (p[2] === "solved") return sql`${base} and t.solved_at is not null`;
    if (p[2] === "open") return sql`${base} and t.status not in ('solved', 'closed')`;
    return base;
  }
  const [kind, day] = bucket.split(":");
  if (!day || !DAY.test(day) || !["created", "solved", "backlog"].includes(kind ?? ""))
    throw new AppError("validation_failed", `Unknown bucket "${bucket}" for the tickets report`);
  const zone = q.timeZone;
  const starts = sql`greatest((${day}::date::timestamp at time zone ${zone}), ${from})`;
  const ends = sql`least(((${day}::date + 1)::timestamp at time zone ${zone}), ${to})`;
  if (kind === "created") return sql`t.created_at >= ${starts} and t.created_at < ${ends}`;
  if (kind === "solved") return sql`t.solved_at >= ${starts} and t.solved_at < ${ends}`;
  return sql`t.created_at < ${ends} and (least(t.solved_at, t.closed_at) is null or least(t.solved_at, t.closed_at) >= ${ends})`;
}

/** The tickets behind a bucket of the tickets report, newest first; `all` for the CSV. */
export async function ticketsReportDrillDown(
  db: Db,
  q: TicketsReportQuery & { bucket?: string; limit: number },
  opts: { all?: boolean } = {},
): Promise<TicketsDrillDownResult> {
  const parts: SQL[] = [bucketWhere(q, q.bucket)];
  if (q.agent) parts.push(sql`t.assignee_id = ${q.agent}`);
  if (q.team) parts.push(sql`t.team_id = ${q.team}`);
  const where = sql.join(parts, sql` and `);
  const limit = opts.all ? sql`` : sql`limit ${q.limit}`;
  const [items, count] = await Promise.all([
    db.execute(sql`select t.id, t.number, t.subject, t.status, t.priority, t.assignee_id, t.team_id, t.created_at,
      t.solved_at, t.closed_at from tickets t where ${where} order by t.created_at desc, t.id desc ${limit}`),
    db.execute(sql`select count(*)::int as n from tickets t where ${where}`),
  ]);
  const rows = (items as unknown as { rows: Row[] }).rows;
  const [users, teams] = await Promise.all([
    userRefs(
      db,
      rows.flatMap((r) => (r.assignee_id ? [String(r.assignee_id)] : [])),
    ),
    teamRefs(
      db,
      rows.flatMap((r) => (r.team_id ? [String(r.team_id)] : [])),
    ),
  ]);
  const total = Number((count as unknown as { rows: Row[] }).rows[0]?.n ?? 0);
  return {
    total,
    items: rows.map(
      (r): ReportTicket => ({
        id: String(r.id),
        number: Number(r.number),
        subject: String(r.subject),
        status: String(r.status),
        priority: r.priority as ReportTicket["priority"],
        assigneeName: r.assignee_id ? (users.get(String(r.assignee_id))?.name ?? null) : null,
        teamName: r.team_id ? (teams.get(String(r.team_id))?.name ?? null) : null,
        createdAt: iso(r.created_at) as string,
        solvedAt: iso(r.solved_at),
        closedAt: iso(r.closed_at),
      }),
    ),
  };
}
