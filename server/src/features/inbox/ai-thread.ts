import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { conversations, messages } from "./schema";

export interface AiThreadMessage {
  id: string;
  role: "customer" | "ai" | "agent";
  content: string;
  at: string;
}

export interface AiThread {
  /** Recent public messages (customers, the AI, agents), oldest first; no notes, no activity lines. */
  history: AiThreadMessage[];
  /** The customer messages since the last AI or agent message (the burst a turn answers), oldest first. */
  pending: AiThreadMessage[];
}

/** What the AI responder reads before a turn: one indexed query on the thread's newest messages. */
export async function loadAiThread(db: Db, conversationId: string, limit = 20): Promise<AiThread> {
  const rows = await db
    .select({
      id: messages.id,
      role: messages.senderType,
      content: messages.content,
      at: messages.createdAt,
    })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.private, false),
        inArray(messages.senderType, ["customer", "ai", "agent"]),
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
  const history = rows.reverse().map((r) => ({
    id: r.id,
    role: r.role as AiThreadMessage["role"],
    content: r.content,
    at: r.at.toISOString(),
  }));
  let start = history.length;
  while (start > 0 && history[start - 1]!.role === "customer") start--;
  return { history, pending: history.slice(start) };
}

/**
 * Has a person answered this customer since the conversation was last resolved (then the AI does not
 * step in: a customer already talking to a human keeps them), and was it ever resolved (after a
 * resolution a new question may start with the AI again, even if the old assignee is still set)?
 */
export async function humanActivitySinceResolved(
  db: Db,
  conversationId: string,
): Promise<{ agentReplied: boolean; resolvedBefore: boolean }> {
  const result = (await db.execute(sql`
    with r as (
      select max(e.created_at) as at from ${messages} e
      where e.conversation_id = ${conversationId} and e.sender_type = 'system'
        and e.metadata->'event'->>'type' = 'resolved'
    )
    select (select at from r) is not null as resolved_before,
           exists (select 1 from ${messages} m
                   where m.conversation_id = ${conversationId} and m.sender_type = 'agent' and not m.private
                     and m.created_at > coalesce((select at from r), '-infinity'::timestamptz)) as agent_replied
  `)) as unknown as { rows: { resolved_before: boolean; agent_replied: boolean }[] };
  const row = result.rows[0];
  return { agentReplied: !!row?.agent_replied, resolvedBefore: !!row?.resolved_before };
}

/** Has the customer written (publicly) after this message? Same instant: ordered like the thread. */
export async function customerWroteAfter(db: Db, conversationId: string, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.senderType, "customer"),
        eq(messages.private, false),
        sql`(${messages.createdAt}, ${messages.id}) > (select m.created_at, m.id from ${messages} m where m.id = ${messageId})`,
      ),
    )
    .limit(1);
  return !!row;
}

/** Locks the conversation row for the caller's transaction (the AI's ownership checks and changes). */
export async function lockConversationForAi(tx: Db, conversationId: string) {
  const [row] = await tx
    .select({
      id: conversations.id,
      channelId: conversations.channelId,
      handler: conversations.handler,
      assigneeId: conversations.assigneeId,
      status: conversations.status,
    })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .limit(1)
    .for("update");
  return row ?? null;
}

/**
 * A private note the AI writes in the thread (the handoff note: reason and summary), inside the
 * caller's transaction; announced after commit with announceSystemEvents (it is private: agents only).
 */
export async function insertAiNote(
  tx: Db,
  conversation: { id: string; channelId: string },
  note: { content: string; senderName: string; ai: Record<string, unknown> },
): Promise<string> {
  const [row] = await tx
    .insert(messages)
    .values({
      conversationId: conversation.id,
      channelId: conversation.channelId,
      direction: "outbound",
      senderType: "ai",
      senderName: note.senderName,
      private: true,
      content: note.content,
      kind: "text",
      metadata: { ai: note.ai },
      status: "sent",
    })
    .returning({ id: messages.id });
  return row!.id;
}
