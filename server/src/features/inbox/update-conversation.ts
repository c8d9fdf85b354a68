import type { Conversation, ConversationStatus, Priority } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { snoozeWakeJob } from "./jobs";
import { getConversation } from "./queries";
import { conversations } from "./schema";

export interface ConversationChange {
  status?: ConversationStatus;
  priority?: Priority;
  snoozedUntil?: string | null;
}

/** Status, priority and snooze. Snoozing schedules a wake-up job; resolving clears the snooze. */
export async function updateConversation(
  ctx: AppContext,
  id: string,
  change: ConversationChange,
): Promise<Conversation> {
  const before = await getConversation(ctx.db, id);
  if (!before) throw notFound("Conversation");
  const snoozedUntil =
    change.snoozedUntil === undefined ? undefined : change.snoozedUntil ? new Date(change.snoozedUntil) : null;
  await ctx.db
    .update(conversations)
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.priority ? { priority: change.priority } : {}),
      ...(snoozedUntil !== undefined ? { snoozedUntil } : {}),
      ...(change.status === "resolved" ? { snoozedUntil: null, waitingSince: null } : {}),
      updatedAt: new Date(),
    })
    .where(eq(conversations.id, id));
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
  return conversation;
}
