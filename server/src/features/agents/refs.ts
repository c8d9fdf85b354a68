import { inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { teams, users } from "./schema";

/** Names and avatars of some users, for other features' display (a ticket's assignee): one statement. */
export async function userRefs(
  db: Db,
  ids: string[],
): Promise<Map<string, { id: string; name: string; avatarUrl: string | null; disabled: boolean }>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, avatarUrl: users.avatarUrl, disabled: users.disabled })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Names of some teams, for other features' display: one statement. */
export async function teamRefs(db: Db, ids: string[]): Promise<Map<string, { id: string; name: string }>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(inArray(teams.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}
