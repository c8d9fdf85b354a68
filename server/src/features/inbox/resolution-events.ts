import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { messages } from "./schema";

/**
 * The conversation's newest "Resolved" activity line (written in the resolving transaction): its id
 * names that one resolution, so features that act once per resolution (CSAT) key on it.
 */
export async function latestResolution(db: Db, conversationId: string): Promise<{ id: string; at: string } | null> {
  const [row] = await db
    .select({ id: messages.id, at: messages.createdAt })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.senderType, "system"),
        sql`${messages.metadata}->'event'->>'type' = 'resolved'`,
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(1);
  return row ? { id: row.id, at: row.at.toISOString() } : null;
}
