import type { Conversation } from "@switchboard/contracts";
import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { getConversation } from "./queries";
import { conversations } from "./schema";

export interface HandlerChange {
  handler: Conversation["handler"];
  /** Move the conversation to this team (undefined: keep it). */
  teamId?: string | null;
  /** true: it now waits for a human (queued_at set if not already, kept if it was); false: clear it. */
  queued?: boolean;
  /** Unassign at the same time (handing back to the AI). */
  unassign?: boolean;
}

/**
 * Changes who answers a conversation (ai | human | none), inside the caller's transaction so the
 * decision and what it causes (a handoff note, the AI's reply) commit together. Returns false when
 * the row does not exist. The caller announces `conversation.updated` after commit (announceHandler).
 */
export async function setConversationHandler(tx: Db, id: string, change: HandlerChange): Promise<boolean> {
  const rows = await tx
    .update(conversations)
    .set({
      handler: change.handler,
      ...(change.teamId !== undefined ? { teamId: change.teamId } : {}),
      ...(change.queued === true ? { queuedAt: sql`coalesce(${conversations.queuedAt}, now())` } : {}),
      ...(change.queued === false ? { queuedAt: null } : {}),
      ...(change.unassign ? { assigneeId: null } : {}),
      updatedAt: new Date(),
    })
    .where(eq(conversations.id, id))
    .returning({ id: conversations.id });
  return rows.length > 0;
}

/** After commit: tell every console (and the routing queue's listeners) what changed. */
export async function announceHandler(
  ctx: AppContext,
  id: string,
  before?: Conversation | null,
): Promise<Conversation> {
  const conversation = await getConversation(ctx.db, id);
  if (!conversation) throw notFound("Conversation");
  ctx.bus.emit("conversation.updated", {
    conversation,
    ...(before ? { previous: { status: before.status, assignee: before.assignee, team: before.team } } : {}),
  });
  return conversation;
}
