import type { AgentCsat, ConversationCsat } from "@switchboard/contracts";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { csatSurveys, qualityScores } from "./schema";
import { toQualityScore, toSurvey } from "./views";

/** A conversation's surveys and quality scores, oldest first (one per resolution). */
export async function conversationCsat(db: Db, conversationId: string): Promise<ConversationCsat> {
  const [surveys, quality] = await Promise.all([
    db
      .select()
      .from(csatSurveys)
      .where(eq(csatSurveys.conversationId, conversationId))
      .orderBy(asc(csatSurveys.createdAt)),
    db
      .select()
      .from(qualityScores)
      .where(eq(qualityScores.conversationId, conversationId))
      .orderBy(asc(qualityScores.createdAt)),
  ]);
  return { surveys: surveys.map(toSurvey), quality: quality.map(toQualityScore) };
}

/** An agent's CSAT: how many surveys of conversations they resolved were answered, and the average rating. */
export async function agentCsat(db: Db, agentId: string): Promise<AgentCsat> {
  const [row] = await db
    .select({ answered: sql<number>`count(*)::int`, average: sql<string | null>`avg(${csatSurveys.rating})` })
    .from(csatSurveys)
    .where(and(eq(csatSurveys.agentId, agentId), isNotNull(csatSurveys.rating)));
  const avg = row?.average == null ? null : Math.round(Number(row.average) * 100) / 100;
  return { agentId, answered: row?.answered ?? 0, average: avg };
}
