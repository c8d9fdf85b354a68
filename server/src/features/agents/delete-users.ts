import { inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { users } from "./schema";

/**
 * Hard-deletes users (their sessions go by cascade). Only for accounts nobody ever used, such as the
 * demo workspace's agents; people who worked are disabled instead, so history keeps their names.
 */
export async function deleteUsers(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return (await db.delete(users).where(inArray(users.id, ids)).returning({ id: users.id })).length;
}
