import type { AiResolution } from "@switchboard/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import type { Db } from "../../../platform/db/client";
import { aiConversations } from "../schema";

export type ResolutionSource = "silence" | "widget" | "button" | "text";

/**
 * Records how the AI's part in a conversation ended (ai_conversations.resolution, for analytics).
 * What the customer says wins over what we assume: `confirmed` / `unresolved` always replace the
 * previous value (the latest word counts), while `assumed` (silence) only fills an empty one.
 * The conversation's status is left alone: resolving is the inbox's decision, and a customer who
 * writes again would reopen it anyway.
 * Returns whether anything changed; the `ai.resolution` event follows only a change.
 */
export async function recordResolution(
  ctx: Pick<AppContext, "db" | "bus">,
  p: { conversationId: string; resolution: AiResolution; source: ResolutionSource; messageId: string | null },
): Promise<boolean> {
  const onlyIfEmpty = p.resolution === "assumed";
  const rows = await ctx.db
    .insert(aiConversations)
    .values({ conversationId: p.conversationId, resolution: p.resolution, resolvedAt: new Date() })
    .onConflictDoUpdate({
      target: aiConversations.conversationId,
      set: { resolution: p.resolution, resolvedAt: new Date(), updatedAt: new Date() },
      setWhere: onlyIfEmpty
        ? sql`${aiConversations.resolution} is null`
        : sql`${aiConversations.resolution} is distinct from ${p.resolution}`,
    })
    .returning({ id: aiConversations.conversationId });
  if (rows.length === 0) return false;
  ctx.bus.emit("ai.resolution", {
    conversationId: p.conversationId,
    resolution: p.resolution,
    source: p.source,
    messageId: p.messageId,
  });
  return true;
}

/** The customer asked for more, or a human took over: an assumption made from silence no longer holds. */
export async function clearAssumedResolution(db: Db, conversationId: string): Promise<boolean> {
  const rows = await db
    .update(aiConversations)
    .set({ resolution: null, resolvedAt: null, updatedAt: new Date() })
    .where(and(eq(aiConversations.conversationId, conversationId), eq(aiConversations.resolution, "assumed")))
    .returning({ id: aiConversations.conversationId });
  return rows.length > 0;
}
