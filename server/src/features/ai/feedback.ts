import type { AiMessageFeedback, Conversation, Message } from "@switchboard/contracts";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/identity";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { AppError, notFound } from "../../platform/errors";
import { getUser, targetOf } from "../agents";
import { type AuditActor, recordAudit } from "../audit";
import { audienceFor, getMessage, getVisibleConversation } from "../inbox";
import { aiFeedback } from "./schema";

/**
 * The AI message an agent gives feedback on: it must exist, be in a conversation they can open,
 * and be the AI's (a human's reply or a customer's message is not the AI's answer to judge).
 */
async function aiMessageFor(
  ctx: AppContext,
  user: SessionUser,
  messageId: string,
): Promise<{ m: Message; conversation: Conversation }> {
  const m = await getMessage(ctx.db, messageId);
  // A conversation the agent may not see is "not found", like the conversation itself.
  const conversation = m ? await getVisibleConversation(ctx.db, user, m.conversationId) : null;
  if (!m || !conversation) throw notFound("Message");
  if (m.senderType !== "ai")
    throw new AppError("not_an_ai_message", "Only the AI agent's messages can be marked wrong");
  return { m, conversation };
}

/**
 * After commit: everyone viewing the conversation sees the verdicts as they now stand (the
 * console's badge on the message), in every process (the relay carries the event to the sockets).
 */
async function announceFeedback(ctx: AppContext, conversation: Conversation, messageId: string, userId: string) {
  const [standing] = await feedbackFor(ctx.db, [messageId], userId);
  ctx.bus.emit("ai.feedback.changed", {
    conversationId: conversation.id,
    messageId,
    wrong: standing?.wrong ?? [],
    target: targetOf(conversation),
  });
  return standing ?? { messageId, wrong: [], mine: null };
}

/** The feedback events' audience: the agents who may see the conversation (call once per process). */
export function registerFeedbackRealtime(ctx: AppContext) {
  ctx.bus.onEveryProcess("ai.feedback.changed", ({ conversationId, messageId, wrong, target }) =>
    audienceFor(ctx).send(target, { type: "ai.feedback.updated", conversationId, messageId, wrong }),
  );
}

/**
 * An agent marks an AI answer wrong (with an optional note). One verdict per agent and message:
 * marking again updates the note, and marking after withdrawing revives the same row.
 */
export async function markAnswerWrong(
  ctx: AppContext,
  p: { messageId: string; user: SessionUser; note: string; actor: AuditActor },
): Promise<AiMessageFeedback> {
  const { m, conversation } = await aiMessageFor(ctx, p.user, p.messageId);
  const changed = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(aiFeedback)
      .where(and(eq(aiFeedback.messageId, m.id), eq(aiFeedback.userId, p.user.id)))
      .orderBy(asc(aiFeedback.createdAt))
      .limit(1)
      .for("update");
    if (existing && !existing.withdrawn && existing.note === p.note) return false; // nothing new: no second audit entry
    if (existing)
      await tx.update(aiFeedback).set({ note: p.note, withdrawn: false }).where(eq(aiFeedback.id, existing.id));
    else
      await tx
        .insert(aiFeedback)
        .values({ messageId: m.id, conversationId: m.conversationId, userId: p.user.id, note: p.note });
    await recordAudit(tx, p.actor, {
      action: "ai.answer_marked_wrong",
      summary: `Marked an AI answer wrong${p.note ? `: ${p.note.slice(0, 120)}` : ""}`,
      target: { type: "message", id: m.id },
      details: { conversationId: m.conversationId, note: p.note, updated: Boolean(existing && !existing.withdrawn) },
    });
    return true;
  });
  if (changed) return announceFeedback(ctx, conversation, m.id, p.user.id);
  return (await feedbackFor(ctx.db, [m.id], p.user.id))[0] ?? { messageId: m.id, wrong: [], mine: null };
}

/** Withdraws the agent's own verdict (idempotent: nothing to withdraw is fine). */
export async function withdrawFeedback(
  ctx: AppContext,
  p: { messageId: string; user: SessionUser; actor: AuditActor },
): Promise<void> {
  const { m, conversation } = await aiMessageFor(ctx, p.user, p.messageId);
  const changed = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(aiFeedback)
      .set({ withdrawn: true })
      .where(and(eq(aiFeedback.messageId, m.id), eq(aiFeedback.userId, p.user.id), eq(aiFeedback.withdrawn, false)))
      .returning({ id: aiFeedback.id });
    if (rows.length === 0) return false;
    await recordAudit(tx, p.actor, {
      action: "ai.answer_feedback_withdrawn",
      summary: 'Withdrew "wrong" from an AI answer',
      target: { type: "message", id: m.id },
      details: { conversationId: m.conversationId },
    });
    return true;
  });
  if (changed) await announceFeedback(ctx, conversation, m.id, p.user.id);
}

/** The standing verdicts on these messages (withdrawn ones left out), the caller's own apart. */
export async function feedbackFor(db: Db, messageIds: string[], userId: string): Promise<AiMessageFeedback[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .select()
    .from(aiFeedback)
    .where(and(inArray(aiFeedback.messageId, messageIds), eq(aiFeedback.withdrawn, false)))
    .orderBy(asc(aiFeedback.createdAt));
  // A handful of agents per message at most: their names one by one, through the agents feature.
  const ids = [...new Set(rows.map((f) => f.userId).filter((id): id is string => Boolean(id)))];
  const names = new Map(
    (await Promise.all(ids.map((id) => getUser(db, id)))).flatMap((u) => (u ? [[u.id, u.name]] : [])),
  );
  const byMessage = new Map<string, AiMessageFeedback>();
  for (const f of rows) {
    const name = f.userId ? (names.get(f.userId) ?? null) : null;
    const entry = { user: { id: f.userId, name }, note: f.note, createdAt: f.createdAt.toISOString() };
    const item = byMessage.get(f.messageId) ?? { messageId: f.messageId, wrong: [], mine: null };
    item.wrong.push(entry);
    if (f.userId === userId) item.mine = entry;
    byMessage.set(f.messageId, item);
  }
  return [...byMessage.values()];
}

/** Feedback on every AI message of one conversation. */
export async function conversationFeedback(db: Db, conversationId: string, userId: string) {
  const rows = await db
    .selectDistinct({ id: aiFeedback.messageId })
    .from(aiFeedback)
    .where(and(eq(aiFeedback.conversationId, conversationId), eq(aiFeedback.withdrawn, false)));
  return feedbackFor(
    db,
    rows.map((r) => r.id),
    userId,
  );
}
