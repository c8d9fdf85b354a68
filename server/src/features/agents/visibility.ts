import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { teamChannels, teamMembers, users } from "./schema";

/**
 * Which conversations an agent may see (users.visibility, set by an admin; admins always see all):
 * - all: every conversation;
 * - teams: conversations of one of their teams, conversations not yet given to a team on a channel
 *   one of their teams serves, and anything assigned to them;
 * - assigned: only conversations assigned to them (no unassigned queue, like Chatwoot's
 *   "assigned only").
 * The inbox turns a scope into one WHERE clause (lists, counts, single reads) and the realtime
 * audience into a per-socket predicate (`scopeAllows`), so both answer the same question.
 */
export type VisibilityScope =
  | { kind: "all" }
  | { kind: "assigned"; userId: string }
  | { kind: "teams"; userId: string; teamIds: string[]; channelIds: string[] };

/** What a scope needs to know about a conversation (the Conversation contract has all of it). */
export interface VisibilityTarget {
  assigneeId: string | null;
  teamId: string | null;
  channelId: string;
}

const list = (v: unknown): string[] => (typeof v === "string" ? (JSON.parse(v) as string[]) : ((v as string[]) ?? []));

/** The scopes of several users in one statement (unknown ids are absent from the map: they see nothing). */
export async function visibilityScopes(db: Db, userIds: string[]): Promise<Map<string, VisibilityScope>> {
  const out = new Map<string, VisibilityScope>();
  if (!userIds.length) return out;
  // json_agg, not array_agg: uuid[] is not parsed to an array by every driver we run on.
  const rows = await db
    .select({
      id: users.id,
      role: users.role,
      visibility: users.visibility,
      teamIds: sql<unknown>`coalesce((select json_agg(tm.team_id) from ${teamMembers} tm where tm.user_id = ${users.id}), '[]'::json)`,
      channelIds: sql<unknown>`coalesce((select json_agg(distinct tc.channel_id) from ${teamChannels} tc
        join ${teamMembers} tm on tm.team_id = tc.team_id where tm.user_id = ${users.id}), '[]'::json)`,
    })
    .from(users)
    .where(userIds.length === 1 ? eq(users.id, userIds[0]!) : inArray(users.id, userIds));
  for (const r of rows) {
    if (r.role === "admin" || r.visibility === "all") out.set(r.id, { kind: "all" });
    else if (r.visibility === "assigned") out.set(r.id, { kind: "assigned", userId: r.id });
    else out.set(r.id, { kind: "teams", userId: r.id, teamIds: list(r.teamIds), channelIds: list(r.channelIds) });
  }
  return out;
}

/** One user's scope. A user that no longer exists sees nothing (scoped to conversations assigned to a ghost). */
export async function visibilityScope(db: Db, user: { id: string }): Promise<VisibilityScope> {
  return (await visibilityScopes(db, [user.id])).get(user.id) ?? { kind: "assigned", userId: user.id };
}

/** The same rule as the inbox's WHERE clause, for one conversation already in hand (events, mentions). */
export function scopeAllows(scope: VisibilityScope, c: VisibilityTarget): boolean {
  if (scope.kind === "all") return true;
  if (c.assigneeId === scope.userId) return true;
  if (scope.kind === "assigned") return false;
  if (c.teamId) return scope.teamIds.includes(c.teamId);
  return scope.channelIds.includes(c.channelId);
}

/** The target of a Conversation-shaped value (bus payloads carry the contract shape). */
export function targetOf(c: {
  assignee: { id: string } | null;
  team: { id: string } | null;
  channelId: string;
}): VisibilityTarget {
  return { assigneeId: c.assignee?.id ?? null, teamId: c.team?.id ?? null, channelId: c.channelId };
}

/**
 * Scopes per user for the realtime audience, so an event costs no query per socket: cached per user
 * for `ttlMs`, loaded in one statement for every user missing. Correctness across processes comes
 * from invalidation through the bus (`visibility.changed`, `routing.changed` run in every process,
 * see inbox/realtime.ts); the TTL bounds the damage of a change that forgot to announce itself
 * (e.g. a SQL edit by hand).
 */
export class VisibilityCache {
  private readonly entries = new Map<string, { scope: VisibilityScope; at: number }>();
  /** Bumped by every invalidation: a load that started before one must not store what it read. */
  private generation = 0;
  constructor(
    private readonly db: Db,
    private readonly ttlMs = 30_000,
  ) {}

  async scopes(userIds: Iterable<string>): Promise<Map<string, VisibilityScope>> {
    const now = Date.now();
    const out = new Map<string, VisibilityScope>();
    const missing: string[] = [];
    for (const id of new Set(userIds)) {
      const e = this.entries.get(id);
      if (e && now - e.at < this.ttlMs) out.set(id, e.scope);
      else missing.push(id);
    }
    if (missing.length) {
      const generation = this.generation;
      const loaded = await visibilityScopes(this.db, missing);
      for (const id of missing) {
        const scope = loaded.get(id) ?? { kind: "assigned", userId: id };
        if (generation === this.generation) this.entries.set(id, { scope, at: now });
        out.set(id, scope);
      }
    }
    return out;
  }

  /** Forget one user's scope, or everyone's (a team's members or channels changed). */
  invalidate(userId?: string) {
    this.generation++;
    if (userId) this.entries.delete(userId);
    else this.entries.clear();
  }
}
