import type { Conversation } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { isActiveAgent, recordAssignment } from "../agents";
import { assignmentEvent } from "./activity";
import { getConversation } from "./queries";
import { conversations } from "./schema";
import { type Actor, announceSystemEvents, insertSystemEvent } from "./system-events";

/** Assigns (or unassigns with null); the thread gets an activity line naming `actor` when one is given. */
export async function assignConversation(
  ctx: AppContext,
  id: string,
  assigneeId: string | null,
  actor?: Actor,
): Promise<Conversation> {
  const before = await getConversation(ctx.db, id);
  if (!before) throw notFound("Conversation");
  if (assigneeId) {
    if (!(await isActiveAgent(ctx.db, assigneeId)))
      throw new AppError("validation_failed", "No active agent with that id", {
        fieldErrors: { assigneeId: ["No active agent with that id"] },
        formErrors: [],
      });
  }
  const eventIds = await ctx.db.transaction(async (tx) => {
    await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id)).for("update");
    // Compared with the locked row, not `before`: two agents assigning at once get two true lines.
    const prev = (await getConversation(tx, id))!;
    // Someone assigned by hand no longer waits in the routing queue, and a person now answers it.
    const routed = assigneeId ? { queuedAt: null, handler: "human" as const } : {};
    await tx
      .update(conversations)
      .set({ assigneeId, ...routed, updatedAt: new Date() })
      .where(eq(conversations.id, id));
    if (assigneeId) await recordAssignment(tx, assigneeId);
    const after = (await getConversation(tx, id))!;
    const line = assignmentEvent(prev.assignee, after.assignee, actor);
    return line ? [await insertSystemEvent(tx, after, line.event, line.text)] : [];
  });
  const conversation = (await getConversation(ctx.db, id))!;
  ctx.bus.emit("conversation.updated", {
    conversation,
    previous: { status: before.status, assignee: before.assignee },
  });
  await announceSystemEvents(ctx, eventIds);
  return conversation;
}
