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
    visibility: u.visibility,
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

/**
 * Agents with their current load (open conversations assigned), the input routing will use. The
 * conversations are the inbox's: their counts come from it (`openByAssignee`, wired in app.ts).
 */
export async function listAgents(db: Db, openByAssignee: Map<string, number>): Promise<AgentSummary[]> {
  const rows = await db.select().from(users).orderBy(asc(users.name));
  return rows.map((u) => ({ ...toUser(u), openConversations: openByAssignee.get(u.id) ?? 0 }));
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
/** Enabled people online now (the dashboard's live tile). */
export async function countAgentsOnline(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.availability, "online"), eq(users.disabled, false)));
  return Number(row?.n ?? 0);
}

export async function anyAgentOnline(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.availability, "online"), eq(users.disabled, false)))
    .limit(1);
  return Boolean(row);
}
