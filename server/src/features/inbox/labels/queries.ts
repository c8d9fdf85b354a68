import type { Label, LabelRef } from "@switchboard/contracts";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { contactLabels, conversationLabels, labels } from "./schema";

/** Every label with how many conversations and contacts carry it (for Settings → Labels). */
export async function listLabels(db: Db): Promise<Label[]> {
  const rows = await db
    .select({
      l: labels,
      conversationCount:
        sql<number>`(select count(*) from ${conversationLabels} cl where cl.label_id = ${labels.id})`.mapWith(Number),
      contactCount: sql<number>`(select count(*) from ${contactLabels} kl where kl.label_id = ${labels.id})`.mapWith(
        Number,
      ),
    })
    .from(labels)
    .orderBy(asc(sql`lower(${labels.name})`));
  return rows.map((r) => ({
    id: r.l.id,
    name: r.l.name,
    color: r.l.color,
    description: r.l.description,
    conversationCount: r.conversationCount,
    contactCount: r.contactCount,
    createdAt: r.l.createdAt.toISOString(),
  }));
}

export async function getLabelRef(db: Db, id: string): Promise<LabelRef | null> {
  const [l] = await db
    .select({ id: labels.id, name: labels.name, color: labels.color })
    .from(labels)
    .where(eq(labels.id, id));
  return l ?? null;
}

export async function contactLabelRefs(db: Db, contactId: string): Promise<LabelRef[]> {
  return db
    .select({ id: labels.id, name: labels.name, color: labels.color })
    .from(contactLabels)
    .innerJoin(labels, eq(labels.id, contactLabels.labelId))
    .where(eq(contactLabels.contactId, contactId))
    .orderBy(asc(sql`lower(${labels.name})`));
}

/** Which of these conversations already carry the label (a bulk "label" skips them: no duplicate event). */
export async function conversationsWithLabel(db: Db, conversationIds: string[], labelId: string): Promise<Set<string>> {
  if (!conversationIds.length) return new Set();
  const rows = await db
    .select({ id: conversationLabels.conversationId })
    .from(conversationLabels)
    .where(
      sql`${conversationLabels.labelId} = ${labelId} and ${inArray(conversationLabels.conversationId, conversationIds)}`,
    );
  return new Set(rows.map((r) => r.id));
}
