import { and, eq } from "drizzle-orm";
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
