import type { SlaState, SlaTargetState } from "@switchboard/contracts";
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../platform/db/client";
import { type SlaClockRow, slaClocks } from "./schema";

type SubjectType = SlaClockRow["subjectType"];
const iso = (d: Date | null) => d?.toISOString() ?? null;
const open = (c: SlaClockRow) => c.status === "active" || c.status === "paused";

/** A clock as the API shows it: its stored instants, compared with `now` (nothing is recomputed). */
export function targetState(c: SlaClockRow, now: Date): SlaTargetState {
  const running = c.status === "active";
  return {
    metric: c.metric,
    status: c.status,
    deadlineAt: open(c) ? iso(c.deadlineAt) : null,
    warnAt: open(c) ? iso(c.warnAt) : null,
    warningSent: c.warnedAt !== null,
    breached:
      c.status === "missed" ||
      (open(c) && (c.breachedAt !== null || (running && !!c.deadlineAt && c.deadlineAt <= now))),
    startedAt: c.startedAt.toISOString(),
    stoppedAt: iso(c.stoppedAt),
  };
}

/** The latest clock per metric makes the current cycle; breached > at risk > ok, over the open ones. */
export function summarize(clocks: SlaClockRow[], now: Date): SlaState {
  const latest = new Map<string, SlaClockRow>();
  for (const c of clocks) if (!latest.has(c.metric)) latest.set(c.metric, c);
  if (!latest.size) return { state: "none", nextDeadlineAt: null, targets: [] };
  const rows = [...latest.values()];
  const targets = rows.map((c) => targetState(c, now));
  const live = rows.filter(open);
  const breached = live.some((c) => targetState(c, now).breached);
  const atRisk = live.some((c) => c.warnedAt !== null || (c.status === "active" && !!c.warnAt && c.warnAt <= now));
  const deadlines = live.flatMap((c) => (c.status === "active" && c.deadlineAt ? [c.deadlineAt.getTime()] : []));
  return {
    state: breached ? "breached" : atRisk ? "at_risk" : "ok",
    nextDeadlineAt: deadlines.length ? new Date(Math.min(...deadlines)).toISOString() : null,
    targets,
  };
}

/** The SLA of many subjects in one statement (subjects without clocks are absent: NO_SLA). */
export async function slaStatesOf(
  db: Db,
  subjectType: SubjectType,
  ids: string[],
  now = new Date(),
): Promise<Map<string, SlaState>> {
  const out = new Map<string, SlaState>();
  if (!ids.length) return out;
  const rows = await db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.subjectType, subjectType), inArray(slaClocks.subjectId, ids)))
    .orderBy(desc(slaClocks.startedAt), desc(slaClocks.createdAt), asc(slaClocks.metric));
  const by = new Map<string, SlaClockRow[]>();
  for (const r of rows) by.set(r.subjectId, [...(by.get(r.subjectId) ?? []), r]);
  for (const [id, clocks] of by) out.set(id, summarize(clocks, now));
  return out;
}

export async function slaStateOf(db: Db, subjectType: SubjectType, id: string, now = new Date()): Promise<SlaState> {
  return (
    (await slaStatesOf(db, subjectType, [id], now)).get(id) ?? { state: "none", nextDeadlineAt: null, targets: [] }
  );
}

const openClocks = (subjectType: SubjectType, cond: SQL) =>
  sql`(select ${slaClocks.subjectId} from ${slaClocks} where ${slaClocks.subjectType} = ${subjectType} and ${slaClocks.status} in ('active', 'paused') and ${cond})`;
const breachedSet = (t: SubjectType) =>
  openClocks(
    t,
    sql`(${slaClocks.breachedAt} is not null or (${slaClocks.status} = 'active' and ${slaClocks.deadlineAt} <= now()))`,
  );
const atRiskSet = (t: SubjectType) =>
  openClocks(
    t,
    sql`(${slaClocks.warnedAt} is not null or (${slaClocks.status} = 'active' and ${slaClocks.warnAt} <= now()))`,
  );

/**
 * A condition for another feature's list: its subject (the id column) is in that SLA state now, by
 * the stored instants (the same rule as `summarize`). For the owner's query builder; the table stays ours.
 */
export function slaStateCondition(
  subjectType: SubjectType,
  id: AnyPgColumn,
  state: "ok" | "at_risk" | "breached",
): SQL {
  if (state === "breached") return sql`${id} in ${breachedSet(subjectType)}`;
  if (state === "at_risk")
    return sql`(${id} in ${atRiskSet(subjectType)} and ${id} not in ${breachedSet(subjectType)})`;
  return sql`(${id} in (select ${slaClocks.subjectId} from ${slaClocks} where ${slaClocks.subjectType} = ${subjectType}) and ${id} not in ${atRiskSet(subjectType)} and ${id} not in ${breachedSet(subjectType)})`;
}

/** The soonest running deadline of a subject (null when none runs), for sorting another feature's list. */
export function nextDeadlineExpr(subjectType: SubjectType, id: AnyPgColumn): SQL {
  return sql`(select min(${slaClocks.deadlineAt}) from ${slaClocks} where ${slaClocks.subjectType} = ${subjectType} and ${slaClocks.subjectId} = ${id} and ${slaClocks.status} = 'active')`;
}
