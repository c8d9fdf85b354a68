import type { Conversation } from "@switchboard/contracts";
import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { recordAssignment } from "../agents";
import { routingActionEvent } from "./activity";
import { getConversation } from "./queries";
import { conversations } from "./schema";
import { type Actor, announceSystemEvents, insertSystemEvent } from "./system-events";

/*
 * An agent's hand-overs: take, hand back to the AI, transfer. Each is one transaction on the locked
 * row with its thread line; `conversation.updated` (with the previous assignee, so routing sees the
 * capacity it frees) after commit.
 */

type Change = Partial<typeof conversations.$inferInsert>;

async function handOver(
  ctx: AppContext,
  id: string,
  change: (prev: Conversation) => Change,
  line: (prev: Conversation) => ReturnType<typeof routingActionEvent> | null,
  assignTo?: string,
): Promise<Conversation> {
  const before = await getConversation(ctx.db, id);
  if (!before) throw notFound("Conversation");
  const eventIds = await ctx.db.transaction(async (tx: Db) => {
    await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id)).for("update");
    const prev = (await getConversation(tx, id))!;
    await tx
      .update(conversations)
      .set({ ...change(prev), updatedAt: new Date() })
      .where(eq(conversations.id, id));
    if (assignTo && prev.assignee?.id !== assignTo) await recordAssignment(tx, assignTo);
    const l = line(prev);
    return l ? [await insertSystemEvent(tx, prev, l.event, l.text)] : [];
  });
  const conversation = (await getConversation(ctx.db, id))!;
  // The team before a move rides along when it changed (visibility audiences drop the conversation
  // from those who no longer see it); a variable, so the field type-checks with or without it.
  const previous = {
    status: before.status,
    assignee: before.assignee,
    ...(before.team?.id !== conversation.team?.id ? { team: before.team } : {}),
  };
  ctx.bus.emit("conversation.updated", { conversation, previous });
  await announceSystemEvents(ctx, eventIds);
  return conversation;
}

/** The caller becomes the assignee and a person answers (the AI stops); it leaves the queue. */
export function takeConversation(ctx: AppContext, id: string, actor: Actor & { id: string }) {
  return handOver(
    ctx,
    id,
    () => ({ assigneeId: actor.id, handler: "human", queuedAt: null }),
    (prev) =>
      prev.assignee?.id === actor.id && prev.handler === "human"
        ? null
        : routingActionEvent({ type: "taken", from: prev.assignee }, actor),
    actor.id,
  );
}

/** Back to the AI agent: unassigned and out of the queue; the AI answers the customer's next message. */
export function handBackConversation(ctx: AppContext, id: string, actor: Actor) {
  return handOver(
    ctx,
    id,
    () => ({ assigneeId: null, handler: "ai", queuedAt: null }),
    (prev) =>
      prev.handler === "ai" && !prev.assignee
        ? null
        : routingActionEvent({ type: "handed_back", from: prev.assignee }, actor),
  );
}

/** To one agent: assigned at once (capacity and availability are the sender's call, not enforced). */
export function transferToAgent(
  ctx: AppContext,
  id: string,
  to: { id: string; name: string },
  opts: { teamId?: string | null; note?: string },
  actor: Actor,
) {
  return handOver(
    ctx,
    id,
    () => ({
      assigneeId: to.id,
      handler: "human",
      queuedAt: null,
      ...(opts.teamId !== undefined ? { teamId: opts.teamId } : {}),
    }),
    (prev) =>
      routingActionEvent({ type: "transferred", to: { agent: to }, from: prev.assignee, note: opts.note }, actor),
    to.id,
  );
}

/**
 * To a team's queue (null: the general queue): unassigned, human-handled and waiting from now; the
 * caller then drains the queue so an eligible member gets it at once.
 */
export function transferToQueue(
  ctx: AppContext,
  id: string,
  team: { id: string; name: string } | null,
  opts: { note?: string },
  actor: Actor,
) {
  return handOver(
    ctx,
    id,
    () => ({
      assigneeId: null,
      handler: "human",
      teamId: team?.id ?? null,
      queuedAt: sql`coalesce(${conversations.queuedAt}, now())` as unknown as Date,
    }),
    (prev) => routingActionEvent({ type: "transferred", to: { team }, from: prev.assignee, note: opts.note }, actor),
  );
}
