import type { Conversation, ConversationStatus, Priority } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { conversationEvents } from "./activity";
import { snoozeWakeJob } from "./jobs";
import { getConversation } from "./queries";
import { conversations } from "./schema";
import { type Actor, announceSystemEvents, insertSystemEvent } from "./system-events";

export interface ConversationChange {
  status?: ConversationStatus;
  priority?: Priority;
  snoozedUntil?: string | null;
}

/**
 * Status, priority and snooze. Snoozing schedules a wake-up job; resolving clears the snooze. Each
 * real change writes an activity line in the thread (in the same transaction), naming `actor`.
 */
export async function updateConversation(
  ctx: AppContext,
  id: string,
  change: ConversationChange,
  actor?: Actor,
): Promise<Conversation> {
  const before = await getConversation(ctx.db, id);
  if (!before) throw notFound("Conversation");
  const snoozedUntil =
    change.snoozedUntil === undefined ? undefined : change.snoozedUntil ? new Date(change.snoozedUntil) : null;
  const eventIds = await ctx.db.transaction(async (tx) => {
    await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id)).for("update");
    const prev = (await getConversation(tx, id))!;
    await tx
      .update(conversations)
      .set({
        ...(change.status ? { status: change.status } : {}),
        ...(change.priority ? { priority: change.priority } : {}),
        ...(snoozedUntil !== undefined ? { snoozedUntil } : {}),
        ...(change.status === "resolved" ? { snoozedUntil: null, waitingSince: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(conversations.id, id));
    const after = (await getConversation(tx, id))!;
    const ids: string[] = [];
    for (const line of conversationEvents(prev, after, actor))
      ids.push(await insertSystemEvent(tx, after, line.event, line.text));
    return ids;
  });
  if (snoozedUntil && snoozedUntil.getTime() > Date.now()) {
    await ctx.jobs.send(
      snoozeWakeJob(ctx),
      { conversationId: id, until: snoozedUntil.toISOString() },
      { startAfter: snoozedUntil },
    );
  }
  const conversation = (await getConversation(ctx.db, id))!;
  ctx.bus.emit("conversation.updated", {
    conversation,
    previous: { status: before.status, assignee: before.assignee },
  });
  await announceSystemEvents(ctx, eventIds);
  return conversation;
}
