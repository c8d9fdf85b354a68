import type { Conversation } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { isActiveAgent, recordAssignment } from "../agents";
import { getConversation } from "./queries";
import { conversations } from "./schema";

export async function assignConversation(
  ctx: AppContext,
  id: string,
  assigneeId: string | null,
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
  await ctx.db.transaction(async (tx) => {
    await tx.update(conversations).set({ assigneeId, updatedAt: new Date() }).where(eq(conversations.id, id));
    if (assigneeId) await recordAssignment(tx, assigneeId);
  });
  const conversation = (await getConversation(ctx.db, id))!;
  ctx.bus.emit("conversation.updated", {
    conversation,
    previous: { status: before.status, assignee: before.assignee },
  });
  return conversation;
}
