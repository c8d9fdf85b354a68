import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { teamChannels, teamMembers, teams, users } from "./schema";

/** An agent who could take conversations right now (online, enabled), with what routing weighs. */
export interface RoutableAgent {
  id: string;
  name: string;
  avatarUrl: string | null;
  capacity: number;
  lastAssignedAt: Date | null;
  teamIds: string[];
}

/**
 * Enabled agents and admins who are online, with their teams: one statement. Away and offline
 * agents are never candidates. Load (open conversations) is the inbox's to count.
 */
export async function routableAgents(db: Db): Promise<RoutableAgent[]> {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      avatarUrl: users.avatarUrl,
      capacity: users.capacity,
      lastAssignedAt: users.lastAssignedAt,
      teamIds: sql<
        string[] | string | null
      >`(select coalesce(json_agg(tm.team_id), '[]'::json) from ${teamMembers} tm where tm.user_id = ${users.id})`,
    })
    .from(users)
    .where(and(eq(users.disabled, false), eq(users.availability, "online"), inArray(users.role, ["agent", "admin"])));
  return rows.map((r) => ({
    ...r,
    lastAssignedAt: r.lastAssignedAt ? new Date(r.lastAssignedAt) : null,
    teamIds: typeof r.teamIds === "string" ? (JSON.parse(r.teamIds) as string[]) : (r.teamIds ?? []),
  }));
}

/** Is someone of this team (any team when null) online, whatever their load? */
export async function anyoneOnlineFor(db: Db, teamId: string | null): Promise<boolean> {
  const agents = await routableAgents(db);
  return agents.some((a) => !teamId || a.teamIds.includes(teamId));
}

/**
 * The team each channel belongs to for routing: a channel served by exactly one team gives its
 * conversations that team; none or several give none (anyone may take them).
 */
export async function channelTeams(db: Db, channelIds: string[]): Promise<Map<string, string>> {
  if (!channelIds.length) return new Map();
  const rows = await db
    .select({ channelId: teamChannels.channelId, teamId: sql<string>`min(${teamChannels.teamId}::text)` })
    .from(teamChannels)
    .where(inArray(teamChannels.channelId, [...new Set(channelIds)]))
    .groupBy(teamChannels.channelId)
    .having(sql`count(*) = 1`);
  return new Map(rows.map((r) => [r.channelId, r.teamId]));
}

export async function getTeam(db: Db, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, id)).limit(1);
  return row ?? null;
}

/** Who got conversations in a routing round, and when (the tie-break "waited longest" reads it). */
export async function recordAssignments(db: Db, byUser: Map<string, Date>): Promise<void> {
  if (!byUser.size) return;
  const input = JSON.stringify([...byUser].map(([id, at]) => ({ id, at: at.toISOString() })));
  await db.execute(sql`
    update ${users} u set last_assigned_at = t.at
    from json_to_recordset(${input}::json) as t(id uuid, at timestamptz)
    where u.id = t.id`);
}

/** What a user may see of the queue: admins and `all` everything; `teams` their teams' and channels'. */
export async function queueScope(
  db: Db,
  userId: string,
): Promise<{ all: true } | { all: false; teamIds: Set<string>; channelIds: Set<string> }> {
  const [u] = await db
    .select({ role: users.role, visibility: users.visibility })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!u || u.role === "admin" || u.visibility === "all") return { all: true };
  if (u.visibility === "assigned") return { all: false, teamIds: new Set(), channelIds: new Set() };
  const rows = await db
    .select({ teamId: teamMembers.teamId, channelId: teamChannels.channelId })
    .from(teamMembers)
    .leftJoin(teamChannels, eq(teamChannels.teamId, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId));
  return {
    all: false,
    teamIds: new Set(rows.map((r) => r.teamId)),
    channelIds: new Set(rows.flatMap((r) => (r.channelId ? [r.channelId] : []))),
  };
}
