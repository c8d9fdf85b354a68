import type { AiSource, KnowledgeHit } from "@switchboard/contracts";
import { and, eq, isNotNull, lte, sql, type WithSubquery } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { aiConversations, aiDecisions } from "../schema";

export interface AiConversationState {
  turns: number;
  humanOfferedAt: Date | null;
  lastReplyAt: Date | null;
  handoffAt: Date | null;
}

type StateJson = { turns: number; humanOfferedAt: string | null; lastReplyAt: string | null; handoffAt: string | null };

/** The state as a subquery, a column of the turn's one read (loadAiTurn). */
export const stateColumn = (conversationId: string) => sql<StateJson | string | null>`(select json_build_object(
    'turns', ${aiConversations.turns}, 'humanOfferedAt', ${aiConversations.humanOfferedAt},
    'lastReplyAt', ${aiConversations.lastReplyAt}, 'handoffAt', ${aiConversations.handoffAt})
  from ${aiConversations} where ${aiConversations.conversationId} = ${conversationId})`;

export function parseState(v: StateJson | string | null | undefined): AiConversationState {
  if (!v) return { turns: 0, humanOfferedAt: null, lastReplyAt: null, handoffAt: null };
  const s = typeof v === "string" ? (JSON.parse(v) as StateJson) : v;
  const date = (x: string | null) => (x ? new Date(x) : null);
  return {
    turns: s.turns,
    humanOfferedAt: date(s.humanOfferedAt),
    lastReplyAt: date(s.lastReplyAt),
    handoffAt: date(s.handoffAt),
  };
}

/**
 * The AI takes (or takes back) a conversation, as the data-modifying statement claimForAi runs with
 * its claim (it reads the CTE `claimed`): a fresh count of turns and a fresh offer of a person.
 */
export const startOwnershipOnClaim = sql`insert into ${aiConversations} (conversation_id)
  select id from claimed
  on conflict (conversation_id) do update set turns = 0, human_offered_at = null, updated_at = now()`;

/** The AI takes (or takes back) a conversation: a fresh count of turns and a fresh offer of a person. */
export async function startOwnership(tx: Db, conversationId: string) {
  await tx
    .insert(aiConversations)
    .values({ conversationId })
    .onConflictDoUpdate({
      target: aiConversations.conversationId,
      set: { turns: 0, humanOfferedAt: null, updatedAt: new Date() },
    });
}

/**
 * One more AI reply (and, for the offer of a person, when it was made: once per conversation), as a
 * CTE of the statement that records the reply (recordAiReply's alsoWrite).
 */
export function countReply(
  tx: Db,
  conversationId: string,
  messageId: string,
  at: Date,
  offered: boolean,
): WithSubquery {
  return tx.$with("ai_reply_count").as(
    tx
      .insert(aiConversations)
      .values({
        conversationId,
        turns: 1,
        lastReplyAt: at,
        lastReplyMessageId: messageId,
        ...(offered ? { humanOfferedAt: at } : {}),
      })
      .onConflictDoUpdate({
        target: aiConversations.conversationId,
        set: {
          turns: sql`${aiConversations.turns} + 1`,
          lastReplyAt: at,
          lastReplyMessageId: messageId,
          ...(offered ? { humanOfferedAt: at } : {}),
          updatedAt: new Date(),
        },
      }),
  );
}

/**
 * An agent handed the conversation back to the AI after a handoff: a fresh count of turns and a
 * fresh offer, or the next message would hit the old turn limit and hand off again (a handoff loop).
 * Only the first update after the handoff matches (updated_at moves past handoff_at), so this is
 * one cheap no-op statement on every later update of an AI-owned conversation.
 */
export async function resetAfterHandBack(db: Db, conversationId: string) {
  await db
    .update(aiConversations)
    .set({ turns: 0, humanOfferedAt: null, updatedAt: new Date() })
    .where(
      and(
        eq(aiConversations.conversationId, conversationId),
        isNotNull(aiConversations.handoffAt),
        lte(aiConversations.updatedAt, aiConversations.handoffAt),
      ),
    );
}

export async function recordHandoffState(tx: Db, conversationId: string, rule: string, reason: string) {
  const at = new Date();
  await tx
    .insert(aiConversations)
    .values({ conversationId, handoffAt: at, handoffRule: rule, handoffReason: reason, updatedAt: at })
    .onConflictDoUpdate({
      target: aiConversations.conversationId,
      set: { handoffAt: at, handoffRule: rule, handoffReason: reason, updatedAt: at },
    });
}

export function toSource(hit: KnowledgeHit): AiSource {
  return {
    chunkId: hit.chunkId,
    sourceType: hit.source.type,
    sourceId: hit.source.id,
    title: hit.source.title,
    heading: hit.heading,
    score: hit.score,
  };
}

export interface DecisionRow {
  id: string;
  conversationId: string;
  triggerMessageId: string | null;
  replyMessageId?: string | null;
  action: "answer" | "offer_human" | "handoff" | "dropped" | "blocked";
  rule: string;
  reason: string;
  provider: string;
  model: string | null;
  confidence: number | null;
  sources: AiSource[];
  latencyMs: number | null;
  details?: Record<string, unknown>;
}

export async function insertDecision(db: Db, d: DecisionRow) {
  await db.insert(aiDecisions).values({ ...d, details: d.details ?? {} });
}

/** The same row as a CTE of the statement that records the reply (recordAiReply's alsoWrite). */
export function decisionWrite(tx: Db, d: DecisionRow): WithSubquery {
  return tx.$with("ai_reply_decision").as(tx.insert(aiDecisions).values({ ...d, details: d.details ?? {} }));
}
