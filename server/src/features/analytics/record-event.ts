import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { defaultBusinessHours } from "../sla";
import { type Fact, newFact, planEvents, type SourceEvent, takeSnapshot } from "./plan-events";
import { conversationFacts, reportingEvents } from "./schema";

/**
 * Appends the reporting events of one source event and brings the conversation's fact row up to
 * date, in one transaction that locks the fact row: two events of one conversation apply one after
 * the other, whichever process records them. An event whose source key is already stored (a
 * redelivery) changes nothing. Returns the types of the events appended (empty: nothing new).
 */
export async function recordReportingEvent(db: Db, ev: SourceEvent): Promise<string[]> {
  const hours = await defaultBusinessHours(db);
  return db.transaction(async (tx) => {
    const snapshot = "conversation" in ev ? ev.conversation : null;
    const id = snapshot?.id ?? (ev as { conversationId: string }).conversationId;
    if (snapshot) await tx.insert(conversationFacts).values(newFact(snapshot)).onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(conversationFacts)
      .where(eq(conversationFacts.conversationId, id))
      .for("update");
    // An AI resolution or a hook event for a conversation never seen: nothing to attach it to.
    if (!row) return [];
    const { updatedAt: _u, ...fact } = row;
    const planned = planEvents(fact, ev, hours);
    if (planned.length === 0) return [];
    const inserted = await tx
      .insert(reportingEvents)
      .values(
        planned.map((p) => ({
          sourceKey: p.sourceKey,
          type: p.type,
          conversationId: id,
          occurredAt: p.occurredAt,
          channelId: fact.channelId,
          channelType: fact.channelType,
          senderType: p.senderType ?? null,
          direction: p.direction ?? null,
          agentId: snapshot?.assignee?.id ?? fact.agentId,
          teamId: snapshot ? (snapshot.team?.id ?? null) : fact.teamId,
          seconds: p.seconds ?? null,
          businessSeconds: p.businessSeconds ?? null,
          detail: p.detail ?? {},
        })),
      )
      .onConflictDoNothing()
      .returning({ key: reportingEvents.sourceKey });
    const fresh = new Set(inserted.map((r) => r.key));
    if (fresh.size === 0) return [];
    const next: Fact = { ...fact };
    if (snapshot) takeSnapshot(next, snapshot);
    for (const p of planned) if (fresh.has(p.sourceKey)) p.apply?.(next);
    await tx
      .update(conversationFacts)
      .set({ ...next, updatedAt: sql`now()` })
      .where(eq(conversationFacts.conversationId, id));
    return planned.filter((p) => fresh.has(p.sourceKey)).map((p) => p.type);
  });
}
