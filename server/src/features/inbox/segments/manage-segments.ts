import { type Segment, type SegmentDefinition, segmentDefinitionSchema } from "@switchboard/contracts";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { AppError, notFound } from "../../../platform/errors";
import { contacts, segments } from "../schema";
import { type CampaignEngagement, compileSegment, countSegment, segmentContactIds } from "./compile";

type Row = typeof segments.$inferSelect;

async function toSegment(db: Db, r: Row, engagement?: CampaignEngagement): Promise<Segment> {
  const definition = segmentDefinitionSchema.parse(r.definition);
  // A saved segment may name a field deleted since, or a campaign condition the build cannot
  // answer: its count is then unknown rather than the whole list failing.
  const count = await countSegment(db, definition, engagement).catch((e) => {
    if (e instanceof AppError) return null;
    throw e;
  });
  return {
    id: r.id,
    name: r.name,
    definition,
    count,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listSegments(db: Db, engagement?: CampaignEngagement) {
  const rows = await db.select().from(segments).orderBy(asc(segments.name), asc(segments.id));
  return { items: await Promise.all(rows.map((r) => toSegment(db, r, engagement))) };
}

async function segmentRow(db: Db, id: string) {
  const [row] = await db.select().from(segments).where(eq(segments.id, id)).limit(1);
  if (!row) throw notFound("Segment");
  return row;
}

export async function getSegment(db: Db, id: string, engagement?: CampaignEngagement) {
  return toSegment(db, await segmentRow(db, id), engagement);
}

/** Saved only once it compiles: a segment naming an unknown field is a 400, never a stored trap. */
export async function createSegment(
  db: Db,
  input: { name: string; definition: SegmentDefinition },
  createdById: string | null,
  engagement?: CampaignEngagement,
) {
  await compileSegment(db, input.definition, engagement);
  const [row] = await db
    .insert(segments)
    .values({ name: input.name, definition: input.definition, createdById })
    .returning();
  return toSegment(db, row!, engagement);
}

export async function updateSegment(
  db: Db,
  id: string,
  input: { name?: string; definition?: SegmentDefinition },
  engagement?: CampaignEngagement,
) {
  if (input.definition) await compileSegment(db, input.definition, engagement);
  const [row] = await db
    .update(segments)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(segments.id, id))
    .returning();
  if (!row) throw notFound("Segment");
  return toSegment(db, row, engagement);
}

export async function deleteSegment(db: Db, id: string) {
  const [row] = await db.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id });
  if (!row) throw notFound("Segment");
}

const contactColumns = { id: contacts.id, name: contacts.name, phone: contacts.phone, email: contacts.email };

async function contactsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.select(contactColumns).from(contacts).where(inArray(contacts.id, ids)).orderBy(asc(contacts.id));
}

/** The live count while an agent edits a definition, with the first contacts as a sample. */
export async function previewSegment(db: Db, definition: SegmentDefinition, engagement?: CampaignEngagement) {
  const [count, ids] = await Promise.all([
    countSegment(db, definition, engagement),
    segmentContactIds(db, definition, { limit: 10 }, engagement),
  ]);
  return { count, sample: await contactsByIds(db, ids) };
}

export async function segmentContactsPage(
  db: Db,
  id: string,
  page: { afterId?: string; limit: number },
  engagement?: CampaignEngagement,
) {
  const definition = segmentDefinitionSchema.parse((await segmentRow(db, id)).definition);
  const ids = await segmentContactIds(db, definition, { ...page, limit: page.limit + 1 }, engagement);
  const items = await contactsByIds(db, ids.slice(0, page.limit));
  return { items, nextAfterId: ids.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}
