import { and, count, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { conversations } from "./schema";

/** Conversations waiting for a person (queued, nobody assigned) per team: the teams page shows them. */
export async function waitingByTeam(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ teamId: conversations.teamId, n: count() })
    .from(conversations)
    .where(and(isNotNull(conversations.queuedAt), isNull(conversations.assigneeId), isNotNull(conversations.teamId)))
    .groupBy(conversations.teamId);
  return new Map(rows.map((r) => [r.teamId!, r.n]));
}
