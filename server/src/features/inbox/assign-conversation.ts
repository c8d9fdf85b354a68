import type { Conversation } from "@switchboard/contracts";
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { users } from "../agents/schema";
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
    const [agent] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, assigneeId), eq(users.disabled, false)))
      .limit(1);
    if (!agent)
      throw new AppError("validation_failed", "No active agent with that id", {
        fieldErrors: { assigneeId: ["No active agent with that id"] },
        formErrors: [],
      });
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(conversations).set({ assigneeId, updatedAt: new Date() }).where(eq(conversations.id, id));
    if (assigneeId) await tx.update(users).set({ lastAssignedAt: new Date() }).where(eq(users.id, assigneeId));
  });
  const conversation = (await getConversation(ctx.db, id))!;
  ctx.bus.emit("conversation.updated", {
    conversation,
    previous: { status: before.status, assignee: before.assignee },
  });
  return conversation;
}
