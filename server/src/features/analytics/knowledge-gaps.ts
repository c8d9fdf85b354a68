import type { KnowledgeGapsReport, ReportQuery } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { dimensionFilter, reportRange } from "./filters";

/** One question the AI could not answer (the ai feature's `unansweredQuestions`, handed in by app.ts). */
export interface GapQuestion {
  id: string;
  conversationId: string;
  question: string;
  kind: "low_confidence" | "not_in_knowledge" | "marked_wrong";
  at: Date;
}
export type GapSource = (db: Db, q: { from: Date; to: Date }) => Promise<GapQuestion[]>;

/** Two questions are one group from this trigram similarity on (pg_trgm's measure). */
export const GAP_SIMILARITY = 0.6;
/** Groups the report answers (the largest; the CSV is the same rows). */
const MAX_GROUPS = 100;

/** The words of a question as pg_trgm sees them: lower case, letters and digits, the rest separators. */
export const normalise = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** pg_trgm's trigrams: each word padded with two spaces before and one after. */
function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of normalise(s)) {
    const padded = `  ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** pg_trgm's `similarity`: shared trigrams over all distinct trigrams of both (0..1). */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Group {
  first: GapQuestion;
  grams: Set<string>;
  members: GapQuestion[];
}

/**
 * Greedy clustering, newest question first: a question joins the group whose founding question
 * (the group's newest) is most alike, if at least GAP_SIMILARITY (the older group on a tie), else
 * founds a group. Deterministic
 * (the source orders by time and id), one pass, and a group never drifts: every member is close to
 * the question that names it. 0.6 keeps rewordings together ("How do I reset my password?" /
 * "how to reset my password" 0.73, "Can I pay with bitcoin?" / "can i pay with bitcoin please"
 * 0.79) and short questions that share only their filler apart: "Can I pay with bitcoin?" /
 * "Can I pay with PayPal?" is 0.56, and pg_trgm's own default of 0.3 would join "Do you offer
 * gift wrapping?" with "Do you offer student discounts?" (0.30).
 */
export function groupQuestions(questions: GapQuestion[]): Group[] {
  const groups: Group[] = [];
  for (const q of questions) {
    const grams = trigrams(q.question);
    let g: Group | undefined;
    let best = GAP_SIMILARITY;
    for (const x of groups) {
      const sim = similarity(x.grams, grams);
      if (sim >= best && (!g || sim > best)) [g, best] = [x, sim];
    }
    if (g) g.members.push(q);
    else groups.push({ first: q, grams, members: [q] });
  }
  return groups;
}

/** The questions in the range whose conversation passes the channel, agent, team and tag filters. */
async function filteredQuestions(db: Db, source: GapSource, q: ReportQuery, now: Date) {
  const questions = await source(db, reportRange(q, now));
  if (questions.length === 0) return [];
  const ids = [...new Set(questions.map((x) => x.conversationId))];
  const res = (await db.execute(
    sql`select f.conversation_id from conversation_facts f
      where ${inIds(ids)} and ${dimensionFilter(q)}`,
  )) as unknown as { rows: { conversation_id: string }[] };
  const keep = new Set(res.rows.map((r) => String(r.conversation_id)));
  return questions.filter((x) => keep.has(x.conversationId));
}

/** `f.conversation_id` among these ids (one array parameter). */
export const inIds = (ids: string[]) =>
  ids.length === 0 ? sql`false` : sql`f.conversation_id = any(${`{${ids.join(",")}}`}::uuid[])`;

const count = (g: Group, kind: GapQuestion["kind"]) => g.members.filter((m) => m.kind === kind).length;

/** Unanswered questions grouped: count, example (the newest), last seen, per kind; the largest first. */
export async function knowledgeGapsReport(
  db: Db,
  source: GapSource,
  q: ReportQuery,
  now: Date,
): Promise<KnowledgeGapsReport> {
  const questions = await filteredQuestions(db, source, q, now);
  const rows = groupQuestions(questions)
    .map((g) => ({
      bucket: g.first.id,
      question: g.first.question,
      count: g.members.length,
      conversations: new Set(g.members.map((m) => m.conversationId)).size,
      lowConfidence: count(g, "low_confidence"),
      notInKnowledge: count(g, "not_in_knowledge"),
      markedWrong: count(g, "marked_wrong"),
      lastSeenAt: g.first.at.toISOString(),
    }))
    .sort((a, b) => b.count - a.count || b.lastSeenAt.localeCompare(a.lastSeenAt) || a.bucket.localeCompare(b.bucket))
    .slice(0, MAX_GROUPS);
  return { rows, questions: questions.length };
}

/**
 * The conversations behind a group: the group holding the question `bucket` names (a newer
 * question may have become the group's example since the report was read; its members stay);
 * no bucket: every conversation with an unanswered question in the range.
 */
export async function knowledgeGapConversations(
  db: Db,
  source: GapSource,
  q: ReportQuery,
  bucket: string | undefined,
  now: Date,
): Promise<string[]> {
  const questions = await filteredQuestions(db, source, q, now);
  if (bucket === undefined) return [...new Set(questions.map((m) => m.conversationId))];
  const g = groupQuestions(questions).find((x) => x.members.some((m) => m.id === bucket));
  return g ? [...new Set(g.members.map((m) => m.conversationId))] : [];
}
