import { and, eq, isNull, sql } from "drizzle-orm";
import twilio from "twilio";
import { z } from "zod";
import type { SessionUser } from "../../platform/auth/identity";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { getContact } from "../inbox";
import { loadTwilioCredentials, requireTwilio } from "./credentials";
import { readCall } from "./queries";
import { announceCall } from "./realtime";
import { callEvents, calls } from "./schema";
import { categoryOf } from "./state";
import { twilioClient } from "./twilio-client";
import { callbackUrls } from "./twiml";

export const placeCallJobDef = {
  name: "calls.place",
  schema: z.object({ callId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

/**
 * Answering-machine detection settings, Twilio's documented defaults made explicit: wait up to 30 s
 * for a verdict; speech longer than 2.4 s means a machine greeting; 1.2 s of silence after speech
 * ends it; 5 s of initial silence is `unknown`. DetectMessageEnd waits for the beep, so a message
 * left after `machine_end_beep` lands on the recording.
 */
export const AMD = {
  machineDetection: "DetectMessageEnd",
  machineDetectionTimeout: 30,
  machineDetectionSpeechThreshold: 2400,
  machineDetectionSpeechEndThreshold: 1200,
  machineDetectionSilenceTimeout: 5000,
} as const;
/** Seconds the callee's phone rings before Twilio reports no-answer. */
export const RING_SECONDS = 30;

/** POST /api/calls: one call to a contact. The row is stored (queued) before anything is dialled. */
export async function createCall(
  ctx: AppContext,
  user: SessionUser,
  body: { contactId: string; flowId?: string | null },
) {
  const creds = await requireTwilio(ctx);
  const contact = await getContact(ctx.db, body.contactId, false);
  if (!contact) throw new AppError("not_found", "No such contact");
  if (!contact.phone) throw new AppError("channel_unavailable", "The contact has no phone number to call");
  const id = await ctx.db.transaction((tx) =>
    queueCall(
      tx,
      {
        contactId: contact.id,
        flowId: body.flowId ?? null,
        fromNumber: creds.phoneNumber,
        toNumber: contact.phone!,
        createdBy: user.id,
      },
      `queued by ${user.name}`,
    ),
  );
  await ctx.jobs.send(placeCallJobDef, { callId: id }, { singletonKey: id });
  await announceCall(ctx, id);
  return readCall(ctx.db, id);
}

/**
 * Stores an outbound call `queued` with its first timeline note, inside the caller's transaction
 * (a campaign claims its target in the same one). The caller queues `calls.place` after commit;
 * queueing it again for a call already placed is harmless (the job claims `queued` only).
 */
export async function queueCall(
  tx: Db,
  v: {
    contactId: string;
    flowId: string | null;
    fromNumber: string | null;
    toNumber: string;
    createdBy: string | null;
    /** A sandbox campaign's call: answered in the console (sandbox-call.ts answerSandboxCall), never dialled. */
    sandbox?: boolean;
  },
  note: string,
): Promise<string> {
  const [row] = await tx
    .insert(calls)
    .values({ direction: "outbound", ...v })
    .returning({ id: calls.id });
  await tx.insert(callEvents).values({ callId: row!.id, eventKey: `queued:${row!.id}`, kind: "note", summary: note });
  return row!.id;
}

async function fail(ctx: AppContext, callId: string, reason: string, onlyIf: "queued" | "dialing") {
  const done = await ctx.db
    .update(calls)
    .set({
      status: "failed",
      category: categoryOf("failed", null),
      failureReason: reason.slice(0, 1000),
      endedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    // A sandbox call is never this job's: "Twilio is not configured" must not fail it.
    .where(and(eq(calls.id, callId), eq(calls.status, onlyIf), isNull(calls.providerSid), eq(calls.sandbox, false)))
    .returning({ id: calls.id });
  if (done.length) await announceCall(ctx, callId);
}

/**
 * Places one call through the SDK, exactly once per attempt. The intent (status `dialing`, attempt
 * id, time) is committed before the request; a job that finds its call already `dialing` without a
 * provider SID ran in a process that died mid-request (or the request timed out): it never dials
 * again. It waits for evidence instead (any signed callback naming the call id records the SID, see
 * apply-callback.ts) and after CALL_IN_DOUBT_SECONDS without it the call fails as in doubt.
 */
export function placeCallJob(ctx: AppContext) {
  return defineJob({
    ...placeCallJobDef,
    retryLimit: 8,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 30,
    handler: async ({ callId }, { lastAttempt }) => {
      const creds = await loadTwilioCredentials(ctx);
      if (!creds) return fail(ctx, callId, "Twilio is not configured", "queued");
      const [claimed] = await ctx.db
        .update(calls)
        .set({
          status: "dialing",
          attemptId: sql`gen_random_uuid()`,
          placeRequestedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        // A sandbox call is never dialled, whoever queued this job for it.
        .where(and(eq(calls.id, callId), eq(calls.status, "queued"), eq(calls.sandbox, false)))
        .returning();
      if (!claimed) {
        const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId)).limit(1);
        if (!row || row.status !== "dialing" || row.providerSid) return;
        const [age] = await ctx.db
          .select({ ms: sql<number>`extract(epoch from (now() - ${calls.placeRequestedAt})) * 1000` })
          .from(calls)
          .where(eq(calls.id, callId));
        if (Number(age?.ms ?? 0) < ctx.config.twilio.inDoubtMs && !lastAttempt)
          throw new Error("call placing was interrupted; waiting for Twilio's callbacks to settle it");
        return fail(
          ctx,
          callId,
          "In doubt: placing the call was interrupted and Twilio never reported it; not dialled again (a call is placed at most once)",
          "dialing",
        );
      }
      const urls = callbackUrls(ctx.publicUrl(), callId);
      let sid: string;
      try {
        const placed = await twilioClient(creds).calls.create({
          to: claimed.toNumber,
          from: claimed.fromNumber ?? creds.phoneNumber,
          url: urls.voice,
          method: "POST",
          statusCallback: urls.status,
          statusCallbackMethod: "POST",
          statusCallbackEvent: ["initiated", "ringing", "answered", "completed"],
          timeout: RING_SECONDS,
          ...AMD,
          asyncAmd: "true",
          asyncAmdStatusCallback: urls.amd,
          asyncAmdStatusCallbackMethod: "POST",
          record: true,
          recordingChannels: "dual",
          recordingStatusCallback: urls.recording,
          recordingStatusCallbackMethod: "POST",
          recordingStatusCallbackEvent: ["in-progress", "completed", "absent"],
        });
        sid = placed.sid;
      } catch (err) {
        if (err instanceof twilio.RestException && err.status >= 400 && err.status < 500) {
          // Twilio answered and refused: nothing was placed.
          return fail(ctx, callId, `Twilio refused the call: ${err.message} (${err.code ?? err.status})`, "dialing");
        }
        if (err instanceof twilio.RestException) {
          // A 5xx answer: Twilio did not take the call; queue it again for the next attempt.
          await ctx.db
            .update(calls)
            .set({ status: "queued", attemptId: null, placeRequestedAt: null })
            .where(and(eq(calls.id, callId), eq(calls.status, "dialing"), isNull(calls.providerSid)));
          if (lastAttempt) return fail(ctx, callId, `Twilio unavailable: ${err.message}`, "queued");
          throw err;
        }
        // No answer (timeout, connection lost): Twilio may have placed it. Stay `dialing`: the retry waits for evidence.
        throw err;
      }
      await ctx.db.transaction(async (tx) => {
        await tx
          .update(calls)
          .set({
            providerSid: sql`coalesce(${calls.providerSid}, ${sid})`,
            status: sql`case when ${calls.status} = 'dialing' then 'initiated' else ${calls.status} end`,
            category: sql`case when ${calls.status} = 'dialing' then 'queued' else ${calls.category} end`,
            updatedAt: sql`now()`,
          })
          .where(eq(calls.id, callId));
        await tx
          .insert(callEvents)
          .values({ callId, eventKey: `placed:${sid}`, kind: "placed", summary: `placed (${sid})` })
          .onConflictDoNothing();
      });
      await announceCall(ctx, callId);
    },
  });
}
