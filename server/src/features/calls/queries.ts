import type { Call, CallCategory, CallDetail, CallStatus } from "@switchboard/contracts";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { transcriptsOf } from "../flows";
import { contactSummaries } from "../inbox";
import { type CallRow, callEvents, calls } from "./schema";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCall(row: CallRow, contact: { id: string; name: string | null; phone: string | null } | null): Call {
  return {
    id: row.id,
    direction: row.direction,
    sandbox: row.sandbox,
    contact: contact ? { id: contact.id, name: contact.name, phone: contact.phone } : null,
    flowId: row.flowId,
    from: row.fromNumber,
    to: row.toNumber,
    status: row.status,
    category: row.category,
    answeredBy: (row.answeredBy as Call["answeredBy"]) ?? null,
    providerSid: row.providerSid,
    failureReason: row.failureReason,
    durationSeconds: row.durationSeconds,
    recording: {
      state: row.recordingState,
      reason: row.recordingReason,
      durationSeconds: row.recordingDuration,
      channels: row.recordingChannels,
      bytes: row.recordingBytes,
      contentType: row.recordingContentType,
    },
    outcome: row.outcome,
    fields: row.collectedFields ?? {},
    summary: row.summary,
    outcomeAt: iso(row.outcomeAt),
    voicemail: row.voicemailState
      ? { state: row.voicemailState, messageLeft: row.voicemailState === "left", reason: row.voicemailReason }
      : null,
    transfer: row.transferState
      ? { state: row.transferState, to: row.transferTo ?? "", summary: row.transferSummary, reason: row.transferReason }
      : null,
    transcript: row.transcriptState
      ? { state: row.transcriptState, text: row.transcriptText, reason: row.transcriptReason }
      : null,
    followUp: row.followUpState
      ? { state: row.followUpState, reason: row.followUpReason, messageId: row.followUpMessageId }
      : null,
    createdAt: row.createdAt.toISOString(),
    answeredAt: iso(row.answeredAt),
    endedAt: iso(row.endedAt),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function toCalls(db: Db, rows: CallRow[]): Promise<Call[]> {
  const people = await contactSummaries(db, [...new Set(rows.map((r) => r.contactId).filter((x): x is string => !!x))]);
  return rows.map((r) => toCall(r, r.contactId ? (people.get(r.contactId) ?? null) : null));
}

export async function callRow(db: Db, id: string): Promise<CallRow | null> {
  const [row] = await db.select().from(calls).where(eq(calls.id, id)).limit(1);
  return row ?? null;
}

export async function readCall(db: Db, id: string): Promise<Call> {
  const row = await callRow(db, id);
  if (!row) throw new AppError("not_found", "No such call");
  const [call] = await toCalls(db, [row]);
  return call!;
}

/** The call page: the call, its timeline (every stored callback, oldest first) and its transcript. */
export async function getCallDetail(db: Db, id: string): Promise<CallDetail> {
  const call = await readCall(db, id);
  const events = await db
    .select()
    .from(callEvents)
    .where(eq(callEvents.callId, id))
    .orderBy(callEvents.receivedAt, callEvents.id);
  return {
    call,
    events: events.map((e) => ({ id: e.id, kind: e.kind, summary: e.summary, at: e.receivedAt.toISOString() })),
    turns: (await transcriptsOf(db, [id])).get(id) ?? [],
  };
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listCalls(
  db: Db,
  q: {
    category?: CallCategory;
    status?: CallStatus;
    direction?: "outbound" | "inbound";
    contactId?: string;
    cursor?: string;
    limit: number;
  },
): Promise<{ items: Call[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (q.category) where.push(eq(calls.category, q.category));
  if (q.status) where.push(eq(calls.status, q.status));
  if (q.direction) where.push(eq(calls.direction, q.direction));
  if (q.contactId) where.push(eq(calls.contactId, q.contactId));
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, "base64url").toString("utf8").split("|");
    const d = new Date(at ?? "");
    if (Number.isNaN(d.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id))
      throw new AppError("validation_failed", "Malformed cursor");
    where.push(or(lt(calls.createdAt, d), and(eq(calls.createdAt, d), lt(calls.id, id)))!);
  }
  const rows = await db
    .select()
    .from(calls)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(calls.createdAt), desc(calls.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`, "utf8").toString("base64url")
      : null;
  return { items: await toCalls(db, page), nextCursor };
}
