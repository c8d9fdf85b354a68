import type { ConversationFact, DrillDownQuery, DrillDownResult } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { bucketFilter, factFilter } from "./filters";

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const intOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toFact(r: Row): ConversationFact {
  return {
    conversationId: String(r.conversation_id),
    channelId: String(r.channel_id),
    channelType: r.channel_type as ConversationFact["channelType"],
    channelName: String(r.channel_name),
    teamId: (r.team_id as string | null) ?? null,
    teamName: (r.team_name as string | null) ?? null,
    agentId: (r.agent_id as string | null) ?? null,
    agentName: (r.agent_name as string | null) ?? null,
    contactName: (r.contact_name as string | null) ?? null,
    status: String(r.status),
    createdAt: iso(r.created_at) as string,
    firstResponseAt: iso(r.first_response_at),
    firstResponseSeconds: intOrNull(r.first_response_seconds),
    firstResponseBusinessSeconds: intOrNull(r.first_response_business_seconds),
    resolvedAt: iso(r.resolved_at),
    resolutionSeconds: intOrNull(r.resolution_seconds),
    resolutionBusinessSeconds: intOrNull(r.resolution_business_seconds),
    resolvedBy: (r.resolved_by as ConversationFact["resolvedBy"]) ?? null,
    handledBy: (r.handled_by as ConversationFact["handledBy"]) ?? null,
    aiInvolved: Boolean(r.ai_involved),
    aiResolution: (r.ai_resolution as ConversationFact["aiResolution"]) ?? null,
    handoffRule: (r.handoff_rule as string | null) ?? null,
    handoffReason: (r.handoff_reason as string | null) ?? null,
    reopenCount: Number(r.reopen_count),
    messagesIn: Number(r.messages_in),
    messagesOut: Number(r.messages_out),
  };
}

function where(q: DrillDownQuery, now: Date): SQL {
  const base = factFilter(q, now);
  if (!q.chart || !q.bucket) return base;
  return sql`${base} and ${bucketFilter(q.chart, q.bucket, q)}`;
}

/**
 * The conversations behind a chart's point, cell or row (or every fact row of the range), newest
 * first; `where` replaces the range and bucket (the knowledge gaps resolve their group first).
 */
export async function drillDown(
  db: Db,
  q: DrillDownQuery,
  now: Date,
  opts: { all?: boolean; where?: SQL } = {},
): Promise<DrillDownResult> {
  const w = opts.where ?? where(q, now);
  const limit = opts.all ? sql`` : sql`limit ${q.limit}`;
  const [items, count] = await Promise.all([
    db.execute(
      sql`select * from conversation_facts f where ${w} order by f.created_at desc, f.conversation_id ${limit}`,
    ),
    db.execute(sql`select count(*)::int as n from conversation_facts f where ${w}`),
  ]);
  const list = (items as unknown as { rows: Row[] }).rows;
  const total = Number((count as unknown as { rows: Row[] }).rows[0]?.n ?? 0);
  return { total, items: list.map(toFact) };
}
