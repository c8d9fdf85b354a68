import type { Conversation } from "@switchboard/contracts";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type ConversationRow, conversationQuery, toConversation } from "./queries";
import { contacts, conversations, messages } from "./schema";

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

export interface AiTurnContext<X> extends AiThread {
  conversation: Conversation;
  /** The facts the brain may use about the customer. */
  contact: { name: string | null; email: string | null; phone: string | null; attributes: Record<string, unknown> };
  /** The caller's own columns (the AI's state and settings), read in the same statement. */
  extra: X;
}

type Extra<E extends Record<string, SQL>> = { [K in keyof E]: E[K] extends SQL<infer T> ? T : never };
type ThreadJson = { id: string; role: AiThreadMessage["role"]; content: string; at: string }[];

/**
 * Everything a turn reads, in ONE statement (it runs before every AI reply: each round trip is
 * latency the customer waits for): the conversation as the console sees it, the contact's facts,
 * the thread's newest public messages (the messages_conversation_idx order, newest first, cut to
 * `limit`) and whatever the caller adds as correlated subqueries (the AI's own tables, which this
 * feature does not know). null when the conversation is gone.
 */
export async function loadAiTurn<E extends Record<string, SQL>>(
  db: Db,
  conversationId: string,
  limit: number,
  extra: E,
): Promise<AiTurnContext<Extra<E>> | null> {
  const thread = sql<ThreadJson | string>`(select coalesce(json_agg(json_build_object(
      'id', t.id, 'role', t.sender_type, 'content', t.content, 'at', t.created_at) order by t.created_at, t.id), '[]'::json)
    from (select m.id, m.sender_type, m.content, m.created_at from ${messages} m
          where m.conversation_id = ${conversations.id} and not m.private and m.sender_type in ('customer', 'ai', 'agent')
          order by m.created_at desc, m.id desc limit ${limit}) t)`;
  const [row] = (await conversationQuery(db, { ...extra, thread, attributes: sql`${contacts.attributes}` })
    .where(eq(conversations.id, conversationId))
    .limit(1)) as (ConversationRow & Record<string, unknown>)[];
  if (!row) return null;
  const raw = row.thread as ThreadJson | string;
  // json from node-postgres arrives parsed; PGlite may hand back the text. Dates as the JS Date would print them.
  const history = (typeof raw === "string" ? (JSON.parse(raw) as ThreadJson) : raw).map((m) => ({
    ...m,
    at: new Date(m.at).toISOString(),
  }));
  let start = history.length;
  while (start > 0 && history[start - 1]!.role === "customer") start--;
  const values = Object.fromEntries(Object.keys(extra).map((k) => [k, row[k]])) as Extra<E>;
  const { name, email, phone } = row.contact;
  return {
    conversation: toConversation(row),
    contact: { name, email, phone, attributes: (row.attributes as Record<string, unknown> | null) ?? {} },
    history,
    pending: history.slice(start),
    extra: values,
  };
}

export interface AiClaim {
  /** handler none -> ai happened in this statement. */
  claimed: boolean;
  /** A person answered since the conversation was last resolved (then people keep it: routing). */
  agentReplied: boolean;
  /** Assigned by hand before anyone answered and never resolved: that person takes it. */
  assignedByHand: boolean;
  /** The handler as the statement found it (another message of a burst may have just claimed it). */
  handler: Conversation["handler"] | null;
}

/**
 * The AI takes a conversation nobody handles (handler none -> ai), in ONE statement with the checks:
 * no agent has answered since the last resolution (a customer already talking to a human keeps
 * them), and it was not assigned by hand before any resolution (after a resolution the old assignee
 * stays on the row, but the new question is the AI's first). The UPDATE's `handler = 'none'` is
 * re-checked on the newest row when another transaction held it, so of a burst's racing messages
 * exactly one claims. `onClaim` is the caller's data-modifying statement, run in the same statement
 * and reading the CTE `claimed` (one row, `id`, only when claimed): the AI's own state, atomically.
 */
export async function claimForAi(db: Db, conversationId: string, onClaim?: SQL): Promise<AiClaim> {
  const result = (await db.execute(sql`
    with r as (
      select max(e.created_at) as at from ${messages} e
      where e.conversation_id = ${conversationId} and e.sender_type = 'system'
        and e.metadata->'event'->>'type' = 'resolved'
    ), h as (
      select (select at from r) is not null as resolved_before,
             exists (select 1 from ${messages} m
                     where m.conversation_id = ${conversationId} and m.sender_type = 'agent' and not m.private
                       and m.created_at > coalesce((select at from r), '-infinity'::timestamptz)) as agent_replied
    ), claimed as (
      update ${conversations} c set handler = 'ai', updated_at = now() from h
      where c.id = ${conversationId} and c.handler = 'none' and not h.agent_replied
        and (c.assignee_id is null or h.resolved_before)
      returning c.id
    )${onClaim ? sql`, on_claim as (${onClaim})` : sql``}
    select h.resolved_before, h.agent_replied, exists (select 1 from claimed) as claimed,
           c.handler, c.assignee_id is not null as assigned
    from h left join ${conversations} c on c.id = ${conversationId}
  `)) as unknown as {
    rows: {
      resolved_before: boolean;
      agent_replied: boolean;
      claimed: boolean;
      handler: string | null;
      assigned: boolean;
    }[];
  };
  const row = result.rows[0];
  return {
    claimed: !!row?.claimed,
    agentReplied: !!row?.agent_replied,
    assignedByHand: !!row?.assigned && !row?.resolved_before,
    handler: (row?.handler ?? null) as AiClaim["handler"],
  };
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

/**
 * Is the conversation still the AI's to answer: handler ai, and no person has replied publicly since
 * this message? Polled while a model call is in flight (responder/watch-takeover.ts), so a takeover
 * committed by any process stops the call.
 */
export async function aiStillAnswers(db: Db, conversationId: string, messageId: string): Promise<boolean> {
  const result = (await db.execute(sql`
    select c.handler = 'ai' and not exists (
      select 1 from ${messages} m
      where m.conversation_id = c.id and m.sender_type = 'agent' and not m.private
        and (m.created_at, m.id) > (select p.created_at, p.id from ${messages} p where p.id = ${messageId})
    ) as ok
    from ${conversations} c where c.id = ${conversationId}
  `)) as unknown as { rows: { ok: boolean }[] };
  return !!result.rows[0]?.ok;
}
