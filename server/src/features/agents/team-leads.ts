import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { teamMembers, users } from "./schema";

/**
 * A team's leads: teams have no lead role of their own, so the enabled admins among its members lead
 * it (they manage teams already). Used for SLA warnings and breaches.
 */
export async function teamLeadIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, teamId), eq(users.role, "admin"), eq(users.disabled, false)));
  return rows.map((r) => r.id);
}

/** The leads of several teams in one statement (a batch of SLA alerts), by team id. */
export async function teamLeadsOf(db: Db, teamIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!teamIds.length) return out;
  const rows = await db
    .select({ teamId: teamMembers.teamId, id: users.id })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(inArray(teamMembers.teamId, teamIds), eq(users.role, "admin"), eq(users.disabled, false)));
  for (const r of rows) out.set(r.teamId, [...(out.get(r.teamId) ?? []), r.id]);
  return out;
}
