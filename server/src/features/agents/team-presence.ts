import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users } from "./schema";

/** How many enabled agents are online and away right now (the widget tells visitors what to expect). */
export async function teamPresence(db: Db): Promise<{ online: number; away: number }> {
  const rows = await db
    .select({ availability: users.availability, n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.disabled, false)))
    .groupBy(users.availability);
  const n = (a: string) => Number(rows.find((r) => r.availability === a)?.n ?? 0);
  return { online: n("online"), away: n("away") };
}
