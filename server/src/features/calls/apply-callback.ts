import { answeredByValues, type CallStatus } from "@switchboard/contracts";
import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { contactIdByPhone, phoneOrNull } from "../inbox";
import { type CallRow, callEvents, calls } from "./schema";
import { categoryOf, fromTwilioStatus, isTerminal, machineAction, nextStatus } from "./state";

export type CallbackKind = "voice" | "status" | "amd" | "recording";
export type FormParams = Record<string, string | string[] | undefined>;

const one = (p: FormParams, k: string): string | undefined => {
  const v = p[k];
  return typeof v === "string" && v.length <= 500 ? v : undefined;
};
const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-zA-Z]{32}$`);
const int = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Applied {
  callId: string | null;
  duplicate: boolean;
  changed: boolean;
  /** A completed recording to download (the fetch-recording job). */
  fetchRecording: boolean;
  /** AMD found a machine whose greeting ended: leave the voicemail (the voicemail job). */
  leaveVoicemail: boolean;
  row: CallRow | null;
}

/** The stored key of a callback: a redelivery of the same callback has the same key. */
function eventKey(kind: CallbackKind, p: FormParams, callSid: string): string {
  switch (kind) {
    case "status":
      return `status:${callSid}:${one(p, "CallStatus") ?? ""}:${one(p, "SequenceNumber") ?? ""}`;
    case "amd":
      return `amd:${callSid}:${one(p, "AnsweredBy") ?? ""}`;
    case "recording":
      return `recording:${one(p, "RecordingSid") ?? callSid}:${one(p, "RecordingStatus") ?? ""}`;
    case "voice":
      return `voice:${callSid}`;
  }
}

function summaryOf(kind: CallbackKind, p: FormParams): string {
  switch (kind) {
    case "status": {
      const d = one(p, "CallDuration");
      return `${one(p, "CallStatus") ?? "unknown status"}${d ? ` (${d} s)` : ""}`;
    }
    case "amd":
      return `answered by ${one(p, "AnsweredBy") ?? "unknown"}`;
    case "recording": {
      const d = one(p, "RecordingDuration");
      return `recording ${one(p, "RecordingStatus") ?? "unknown"}${d ? ` (${d} s)` : ""}`;
    }
    case "voice":
      return `${one(p, "Direction") === "inbound" ? "inbound call" : "call"} connected to the agent`;
  }
}

async function locate(tx: Db, callId: string | undefined, callSid: string): Promise<CallRow | null> {
  if (callId && UUID.test(callId)) {
    const [row] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update").limit(1);
    // A callback naming our call id with another call's SID is not about this call.
    if (row && (!row.providerSid || row.providerSid === callSid)) return row;
    return null;
  }
  const [row] = await tx.select().from(calls).where(eq(calls.providerSid, callSid)).for("update").limit(1);
  return row ?? null;
}

/** A call Twilio tells us about that we did not place: a call to our number. */
async function inboundCall(tx: Db, p: FormParams, callSid: string): Promise<CallRow> {
  const caller = phoneOrNull(one(p, "From"));
  const [created] = await tx
    .insert(calls)
    .values({
      direction: "inbound",
      contactId: caller ? await contactIdByPhone(tx, caller) : null,
      fromNumber: one(p, "From") ?? null,
      toNumber: one(p, "To") ?? "",
      providerSid: callSid,
      status: "ringing",
      category: "ringing",
    })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [row] = await tx.select().from(calls).where(eq(calls.providerSid, callSid)).for("update").limit(1);
  return row!;
}

/**
 * Stores one signed callback and applies it in the same transaction, before Twilio gets its 200:
 * the event row's unique key makes a redelivery a no-op. A callback for a call we do not know is
 * stored as an orphan (callId null) and acknowledged. Statuses only move forward (state.ts).
 */
export async function applyCallback(
  ctx: AppContext,
  kind: CallbackKind,
  callId: string | undefined,
  p: FormParams,
): Promise<Applied> {
  const callSid = one(p, "CallSid");
  if (!callSid || !SID("CA").test(callSid)) throw new AppError("bad_request", "CallSid is missing or malformed");
  const key = eventKey(kind, p, callSid);
  const payload = Object.fromEntries(
    Object.entries(p).filter((e): e is [string, string | string[]] => e[1] !== undefined),
  );
  return ctx.db.transaction(async (tx) => {
    let row = await locate(tx, callId, callSid);
    if (!row && kind === "voice" && !callId && one(p, "Direction") === "inbound")
      row = await inboundCall(tx, p, callSid);
    const [event] = await tx
      .insert(callEvents)
      .values({ callId: row?.id ?? null, eventKey: key, kind, summary: summaryOf(kind, p), payload })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    const none = { callId: row?.id ?? null, changed: false, fetchRecording: false, leaveVoicemail: false, row };
    if (!event) return { ...none, duplicate: true };
    if (!row) return { ...none, duplicate: false };
    const set: Partial<typeof calls.$inferInsert> = {};
    // Any signed callback naming the call proves Twilio has it (settles a placing interrupted by a crash).
    if (!row.providerSid) set.providerSid = callSid;
    let status: CallStatus = row.status;
    if (row.status === "queued" || row.status === "dialing") status = "initiated";
    let fetchRecording = false;
    if (kind === "status") {
      const incoming = fromTwilioStatus(one(p, "CallStatus"));
      const seq = int(one(p, "SequenceNumber"));
      const next = incoming ? nextStatus(status, incoming) : null;
      if (next) status = next;
      if (seq !== null && seq > row.lastSequence) set.lastSequence = seq;
      if (next === "in_progress") set.answeredAt = sql`now()` as unknown as Date;
      if (next && isTerminal(next)) {
        set.endedAt = sql`now()` as unknown as Date;
        set.durationSeconds = int(one(p, "CallDuration"));
        const sip = one(p, "SipResponseCode");
        if (next === "failed")
          set.failureReason = `Twilio reported the call failed${sip ? ` (SIP ${sip})` : ""}${one(p, "ErrorCode") ? `, error ${one(p, "ErrorCode")}` : ""}`;
      }
    }
    // The AMD callback carries the verdict; status callbacks of an AMD call repeat it (kept if we missed the first).
    const by = one(p, "AnsweredBy");
    if (by && (answeredByValues as readonly string[]).includes(by) && (kind === "amd" || !row.answeredBy))
      set.answeredBy = by;
    let leaveVoicemail = false;
    if (kind === "amd" && machineAction(by) && !row.voicemailState && !isTerminal(status)) {
      set.voicemailState = "pending";
      leaveVoicemail = true;
    }
    if (kind === "recording") {
      const rs = one(p, "RecordingStatus");
      const recSid = one(p, "RecordingSid");
      if (row.recordingState !== "stored") {
        if (rs === "completed" && recSid && SID("RE").test(recSid)) {
          set.recordingState = "pending";
          set.recordingSid = recSid;
          set.recordingDuration = int(one(p, "RecordingDuration"));
          set.recordingChannels = int(one(p, "RecordingChannels"));
          set.recordingReason = null;
          fetchRecording = true;
        } else if (rs === "absent") {
          set.recordingState = "absent";
          set.recordingReason = "Twilio reports no recording for this call (absent)";
        } else if (rs === "failed") {
          set.recordingState = "failed";
          set.recordingReason = `Twilio could not record the call${one(p, "ErrorCode") ? ` (error ${one(p, "ErrorCode")})` : ""}`;
        }
      }
    }
    if (status !== row.status) set.status = status;
    const category = categoryOf(status, set.answeredBy ?? row.answeredBy);
    if (category !== row.category) set.category = category;
    if (Object.keys(set).length === 0) return { ...none, duplicate: false };
    const [updated] = await tx
      .update(calls)
      .set({ ...set, updatedAt: sql`now()` as unknown as Date })
      .where(eq(calls.id, row.id))
      .returning();
    return { callId: row.id, duplicate: false, changed: true, fetchRecording, leaveVoicemail, row: updated ?? row };
  });
}
