import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users } from "./schema";

/**
 * Notes that an agent was just given a conversation (automatic assignment picks whoever waited
 * longest). Takes the caller's transaction so it commits together with the assignment.
 */
export async function recordAssignment(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ lastAssignedAt: new Date() }).where(eq(users.id, userId));
}
