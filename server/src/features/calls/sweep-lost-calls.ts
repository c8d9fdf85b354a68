import type { CallStatus } from "@switchboard/contracts";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import twilio from "twilio";
import type { AppContext } from "../../platform/context";
import { getFlow, transcriptsOf } from "../flows";
import { loadTwilioCredentials } from "./credentials";
import { announceCall } from "./realtime";
import { callEvents, calls } from "./schema";
import { categoryOf, fromTwilioStatus, isTerminal } from "./state";
import { twilioClient } from "./twilio-client";

/** What a person sees on a call nobody could close: the process died, or Twilio's last callback never came. */
export const LOST_REASON = "lost: no final status";
/** A call without a flow (or whose flow was deleted) gets the flows' default maximum. */
const DEFAULT_MAX_CALL_SECONDS = 600;
/** The smallest maximum a flow may have (contracts' maxCallSeconds): the first filter in SQL. */
const MIN_MAX_CALL_SECONDS = 30;
/** Calls looked at per run: a backlog is worked through over a few runs, never in one long one. */
const BATCH = 100;

/** The live statuses a call can be left in. `queued`/`dialing` of real calls belong to place-call (in doubt). */
const LIVE: CallStatus[] = ["initiated", "ringing", "in_progress"];

type Closed = "lost" | "twilio" | "live" | "skipped";

/**
 * Closes calls that stopped moving. A call is lost when nothing happened on it (its row, its
 * callbacks, its transcript) for longer than its flow's maximum call length plus
 * CALL_LOST_MARGIN_SECONDS: the process driving a sandbox call died between answer and greeting or
 * mid-conversation, or Twilio's final status callback never reached us. A real call is first
 * looked up in Twilio's Calls API: a final status there is applied (with its duration); a call
 * Twilio still has live stays open (noted once); one Twilio does not know, or with no Twilio
 * configured, fails as lost. Twilio unreachable: left for the next run. Run by the sweeper every
 * minute, one process at a time; conditional updates make a concurrent callback win.
 */
export async function sweepLostCalls(ctx: AppContext, nowMs = Date.now()) {
  const margin = ctx.config.twilio.lostMarginMs;
  const firstCut = new Date(nowMs - margin - MIN_MAX_CALL_SECONDS * 1000);
  const lastEvent = sql<Date>`(select max(${callEvents.receivedAt}) from ${callEvents} where ${callEvents.callId} = ${calls.id})`;
  const activity = sql<Date>`greatest(${calls.updatedAt}, ${calls.createdAt}, coalesce(${lastEvent}, ${calls.createdAt}))`;
  const candidates = await ctx.db
    .select({
      id: calls.id,
      sandbox: calls.sandbox,
      status: calls.status,
      flowId: calls.flowId,
      providerSid: calls.providerSid,
      answeredBy: calls.answeredBy,
      activity: sql<string>`${activity}`,
    })
    .from(calls)
    .where(
      and(
        or(inArray(calls.status, LIVE), and(eq(calls.sandbox, true), eq(calls.status, "queued"))),
        sql`${activity} < ${firstCut.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(calls.updatedAt)
    .limit(BATCH);
  if (!candidates.length) return { lost: 0, twilio: 0, live: 0 };
  const turns = await transcriptsOf(
    ctx.db,
    candidates.map((c) => c.id),
  );
  const maxOf = new Map<string, number>();
  const counts = { lost: 0, twilio: 0, live: 0 };
  for (const c of candidates) {
    const flowMax = c.flowId ? await maxCallSeconds(ctx, c.flowId, maxOf) : DEFAULT_MAX_CALL_SECONDS;
    const lastTurn = turns.get(c.id)?.at(-1)?.at;
    const last = Math.max(new Date(c.activity).getTime(), lastTurn ? new Date(lastTurn).getTime() : 0);
    const idleMs = nowMs - last;
    if (idleMs <= flowMax * 1000 + margin) continue;
    const idle = `no activity for ${Math.round(idleMs / 1000)} s (the flow allows ${flowMax} s plus a ${margin / 1000} s margin)`;
    const r: Closed = c.sandbox || !c.providerSid ? await closeLost(ctx, c.id, idle) : await askTwilio(ctx, c, idle);
    if (r !== "skipped") counts[r]++;
  }
  return counts;
}

async function maxCallSeconds(ctx: AppContext, flowId: string, cache: Map<string, number>) {
  if (!cache.has(flowId))
    cache.set(
      flowId,
      await getFlow(ctx.db, flowId).then(
        (f) => f.maxCallSeconds,
        () => DEFAULT_MAX_CALL_SECONDS,
      ),
    );
  return cache.get(flowId)!;
}

/** The call as Twilio's Calls API has it: a final status is applied, a live one left, an unknown call lost. */
async function askTwilio(
  ctx: AppContext,
  c: { id: string; providerSid: string | null; answeredBy: string | null },
  idle: string,
): Promise<Closed> {
  const creds = await loadTwilioCredentials(ctx);
  if (!creds) return closeLost(ctx, c.id, `${idle}; Twilio is not configured, so its status cannot be asked`);
  let remote: { status: string; duration: string | null; endTime: Date | null };
  try {
    remote = await twilioClient(creds).calls(c.providerSid!).fetch();
  } catch (err) {
    if (err instanceof twilio.RestException && err.status === 404)
      return closeLost(ctx, c.id, `${idle}; Twilio does not know the call`);
    ctx.log.warn({ err, callId: c.id }, "lost-call sweep: Twilio did not answer; asking again next run");
    return "skipped";
  }
  const status = fromTwilioStatus(remote.status);
  if (!status || !isTerminal(status)) {
    await ctx.db
      .insert(callEvents)
      .values({
        callId: c.id,
        eventKey: `sweep-live:${c.id}`,
        kind: "note",
        summary: `${idle}, but Twilio still has the call ${remote.status}: left open`,
      })
      .onConflictDoNothing();
    return "live";
  }
  const duration = remote.duration === null ? null : Number.parseInt(remote.duration, 10);
  const done = await close(ctx, c.id, {
    status,
    category: categoryOf(status, c.answeredBy),
    endedAt: remote.endTime ?? new Date(),
    durationSeconds: Number.isFinite(duration) ? duration : null,
    failureReason: null,
    note: `final status from Twilio's API: ${remote.status} (its status callback never arrived; ${idle})`,
  });
  return done ? "twilio" : "skipped";
}

async function closeLost(ctx: AppContext, id: string, why: string): Promise<Closed> {
  const done = await close(ctx, id, {
    status: "failed",
    category: "failed",
    endedAt: new Date(),
    durationSeconds: null,
    failureReason: LOST_REASON,
    note: `${LOST_REASON}: ${why}`,
  });
  return done ? "lost" : "skipped";
}

async function close(
  ctx: AppContext,
  id: string,
  to: {
    status: CallStatus;
    category: ReturnType<typeof categoryOf>;
    endedAt: Date;
    durationSeconds: number | null;
    failureReason: string | null;
    note: string;
  },
) {
  const done = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(calls)
      .set({
        status: to.status,
        category: to.category,
        endedAt: to.endedAt,
        durationSeconds:
          to.durationSeconds ??
          sql`case when ${calls.answeredAt} is null then null else greatest(0, round(extract(epoch from (now() - ${calls.answeredAt}))))::int end`,
        ...(to.failureReason ? { failureReason: to.failureReason } : {}),
        updatedAt: sql`now()`,
      })
      // Still live: a callback that arrived meanwhile (statuses only move forward) wins.
      .where(and(eq(calls.id, id), or(inArray(calls.status, LIVE), eq(calls.status, "queued"))))
      .returning({ id: calls.id });
    if (rows.length)
      await tx
        .insert(callEvents)
        .values({ callId: id, eventKey: `sweep:${id}`, kind: "status", summary: to.note.slice(0, 1000) })
        .onConflictDoNothing();
    return rows.length > 0;
  });
  // call.updated: the dashboard moves it, and a campaign's dispatcher settles its target.
  if (done) await announceCall(ctx, id);
  return done;
}
