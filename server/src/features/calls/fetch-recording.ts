import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { loadTwilioCredentials, restAuth } from "./credentials";
import { announceCall } from "./realtime";
import { callEvents, calls } from "./schema";
import { transcribeRecordingJobDef } from "./transcribe-recording";

export const fetchRecordingJobDef = {
  name: "calls.fetch-recording",
  schema: z.object({ callId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

/** A recording larger than this is refused (2 h of dual-channel 8 kHz WAV is about 230 MB; MP3 is far smaller). */
const MAX_BYTES = 200 * 1024 * 1024;

class Permanent extends Error {
  constructor(
    message: string,
    readonly state: "absent" | "failed" = "failed",
  ) {
    super(message);
  }
}

async function settle(ctx: AppContext, callId: string, state: "absent" | "failed", reason: string) {
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(calls)
      .set({ recordingState: state, recordingReason: reason.slice(0, 1000), updatedAt: sql`now()` })
      .where(and(eq(calls.id, callId), eq(calls.recordingState, "pending")))
      .returning({ id: calls.id });
    if (done.length)
      await tx
        .insert(callEvents)
        .values({ callId, eventKey: `recording-result:${callId}`, kind: "note", summary: `no recording: ${reason}` })
        .onConflictDoNothing();
  });
  await announceCall(ctx, callId);
}

/**
 * Downloads a completed recording from Twilio's REST API with HTTP Basic auth (the API key pair,
 * else account SID + auth token) and stores it in the attachments' FileStore. The URL is built
 * from our configured API base, the account and the RecordingSid, never taken from the callback
 * (our credentials go only to Twilio). Only real audio is stored: a 401/403 or 404 ends it at
 * once with the reason; other failures retry, and the last attempt records why. Never a made-up file.
 */
export function fetchRecordingJob(ctx: AppContext) {
  return defineJob({
    ...fetchRecordingJobDef,
    retryLimit: 5,
    retryDelaySeconds: 10,
    retryDelayMaxSeconds: 300,
    handler: async ({ callId }, { lastAttempt, signal }) => {
      const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId)).limit(1);
      if (!row || row.recordingState !== "pending" || !row.recordingSid) return;
      const creds = await loadTwilioCredentials(ctx);
      const auth = creds ? restAuth(creds) : null;
      if (!creds || !auth) return settle(ctx, callId, "failed", "Twilio credentials are not configured");
      const url = `${creds.apiUrl}/2010-04-01/Accounts/${creds.accountSid}/Recordings/${row.recordingSid}.wav`;
      try {
        const res = await fetch(url, {
          headers: { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}` },
          redirect: "error",
          signal: AbortSignal.any([signal, AbortSignal.timeout(60_000)]),
        });
        if (res.status === 401 || res.status === 403)
          throw new Permanent(`Twilio refused our credentials for the recording (HTTP ${res.status})`);
        if (res.status === 404) throw new Permanent("Twilio has no such recording (HTTP 404)", "absent");
        if (!res.ok) throw new Error(`Twilio answered HTTP ${res.status} for the recording`);
        const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
        if (!type.startsWith("audio/")) throw new Error(`Twilio answered ${type || "no content type"}, not audio`);
        const bytes = Buffer.from(await res.arrayBuffer());
        if (bytes.length === 0) throw new Error("Twilio sent an empty recording");
        if (bytes.length > MAX_BYTES) throw new Permanent("The recording is larger than 200 MB");
        const key = await ctx.storage.put(bytes, type);
        const stored = await ctx.db.transaction(async (tx) => {
          const done = await tx
            .update(calls)
            .set({
              recordingState: "stored",
              recordingKey: key,
              recordingContentType: type,
              recordingBytes: bytes.length,
              recordingReason: null,
              // The post-call transcript follows (transcribe-recording.ts).
              transcriptState: "pending",
              updatedAt: sql`now()`,
            })
            .where(and(eq(calls.id, callId), eq(calls.recordingState, "pending")))
            .returning({ id: calls.id });
          if (done.length)
            await tx
              .insert(callEvents)
              .values({
                callId,
                eventKey: `recording-result:${callId}`,
                kind: "note",
                summary: `recording stored (${bytes.length} bytes)`,
              })
              .onConflictDoNothing();
          return done.length > 0;
        });
        // Another run stored it first: drop our copy.
        if (!stored) await ctx.storage.remove(key).catch(() => undefined);
        else {
          await announceCall(ctx, callId);
          await ctx.jobs.send(transcribeRecordingJobDef, { callId }, { singletonKey: callId });
        }
      } catch (err) {
        const reason = (err as Error).message;
        if (err instanceof Permanent) return settle(ctx, callId, err.state, reason);
        if (lastAttempt) return settle(ctx, callId, "failed", `download failed after retries: ${reason}`);
        throw err;
      }
    },
  });
}
