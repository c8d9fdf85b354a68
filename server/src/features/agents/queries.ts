import type { AgentSummary, User } from "@switchboard/contracts";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users } from "./schema";

type UserRow = typeof users.$inferSelect;

export function toUser(u: UserRow): User {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    availability: u.availability,
    capacity: u.capacity,
    avatarUrl: u.avatarUrl,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function getUser(db: Db, id: string): Promise<User | null> {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u ? toUser(u) : null;
}

export async function findUserByEmail(db: Db, email: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return u ?? null;
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return r?.n ?? 0;
}

/** Agents with their current load (open conversations assigned), the input routing will use. */
export async function listAgents(db: Db): Promise<AgentSummary[]> {
  const rows = await db
    .select({
      u: users,
      // Qualified by hand: drizzle renders ${users.id} as a bare "id" in a single-table select, and
      // inside the subquery a bare "id" is the conversation's own id, so the count was always 0.
      open: sql<number>`(select count(*)::int from conversations c where c.assignee_id = "users"."id" and c.status = 'open')`,
    })
    .from(users)
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...toUser(r.u), openConversations: r.open }));
}

/** An enabled agent with this id exists (who a conversation may be assigned to). */
export async function isActiveAgent(db: Db, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), eq(users.disabled, false)))
    .limit(1);
  return Boolean(row);
}

/** Some enabled agent is online (the widget says so to visitors). */
export async function anyAgentOnline(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.availability, "online"), eq(users.disabled, false)))
    .limit(1);
  return Boolean(row);
}
