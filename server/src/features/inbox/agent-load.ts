import { and, count, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { conversations } from "./schema";

/** Open conversations per assigned agent (the agents list shows each agent's load). */
export async function openConversationsByAssignee(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ assigneeId: conversations.assigneeId, n: count() })
    .from(conversations)
    .where(and(eq(conversations.status, "open"), isNotNull(conversations.assigneeId)))
    .groupBy(conversations.assigneeId);
  return new Map(rows.map((r) => [r.assigneeId!, r.n]));
}
