import { and, desc, eq, gte, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { aiDecisions, aiFeedback } from "./schema";

/** Why the AI could not answer a question (the knowledge-gaps report counts each kind). */
export type GapKind = "low_confidence" | "not_in_knowledge" | "marked_wrong";

export interface UnansweredQuestion {
  /** The decision the question belongs to (stable: the report's buckets name one). */
  id: string;
  conversationId: string;
  question: string;
  kind: GapKind;
  /** When the AI decided (the question's time). */
  at: Date;
}

/** The newest questions the report groups; older ones in a long range are left out (said in the docs). */
export const GAP_QUESTIONS_MAX = 2000;

/**
 * A model's own handoff counts as a knowledge gap when its reason says the knowledge did not cover
 * the question (the prompt tells it to "say you do not know and call handoff_to_human"); a handoff
 * because the customer is upset or asked for a person is not a gap. The tool's `cause` says which in
 * a word, whatever language the reason is written in; decisions without one (recorded before it
 * existed, or a model that left it out) fall back to a word rule on the reason, in English (the
 * prompt's language).
 */
const NOT_IN_KNOWLEDGE =
  "(knowledge|not (covered|documented|mentioned)|no (information|answer|article|details)|(do not|don't|does not|doesn't|cannot|can't|could not|couldn't) (know|find|answer|cover))";

/**
 * The customer questions the AI could not answer in [from, to): matcher handoffs for low
 * confidence, model handoffs whose reason is missing knowledge, and answers an agent marked wrong
 * (a standing verdict; several agents on one answer count once). The question is the customer's
 * burst the decision answered (`details.question`, recorded since the report exists). Newest first.
 */
export async function unansweredQuestions(db: Db, q: { from: Date; to: Date }): Promise<UnansweredQuestion[]> {
  const question = sql<string>`${aiDecisions.details}->>'question'`;
  const inRange = and(gte(aiDecisions.createdAt, q.from), lt(aiDecisions.createdAt, q.to));
  const wrong = sql<boolean>`exists (select 1 from ${aiFeedback} where ${aiFeedback.messageId} = ${aiDecisions.replyMessageId} and not ${aiFeedback.withdrawn})`;
  const handoffGap = or(
    eq(aiDecisions.rule, "low_confidence"),
    and(
      eq(aiDecisions.rule, "model_requested"),
      sql`coalesce(${aiDecisions.details}->>'cause' = 'not_in_knowledge', ${aiDecisions.reason} ~* ${NOT_IN_KNOWLEDGE})`,
    ),
  );
  const rows = await db
    .select({
      id: aiDecisions.id,
      conversationId: aiDecisions.conversationId,
      question,
      action: aiDecisions.action,
      rule: aiDecisions.rule,
      wrong,
      at: aiDecisions.createdAt,
    })
    .from(aiDecisions)
    .where(
      and(
        inRange,
        sql`coalesce(${question}, '') <> ''`,
        or(and(eq(aiDecisions.action, "handoff"), handoffGap), and(eq(aiDecisions.action, "answer"), wrong)),
      ),
    )
    .orderBy(desc(aiDecisions.createdAt), desc(aiDecisions.id))
    .limit(GAP_QUESTIONS_MAX);
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    question: r.question,
    kind: r.action === "answer" ? "marked_wrong" : r.rule === "low_confidence" ? "low_confidence" : "not_in_knowledge",
    at: r.at,
  }));
}
