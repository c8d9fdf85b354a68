import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { demoRecords, demoState } from "./schema";

export type DemoKind = (typeof demoRecords.$inferInsert)["kind"];

/** Claims the one-time seed: false when the demo was seeded (or removed) before, by any process. */
export async function claimDemoSeed(db: Db): Promise<boolean> {
  const rows = await db.insert(demoState).values({ id: "demo" }).onConflictDoNothing().returning({ id: demoState.id });
  return rows.length > 0;
}

export async function markDemo(db: Db, kind: DemoKind, ids: string[]) {
  if (ids.length)
    await db
      .insert(demoRecords)
      .values(ids.map((recordId) => ({ kind, recordId })))
      .onConflictDoNothing();
}

export async function demoStatus(db: Db) {
  const [state] = await db.select().from(demoState).where(eq(demoState.id, "demo")).limit(1);
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(demoRecords);
  return { present: n > 0, removedAt: state?.removedAt?.toISOString() ?? null };
}
