import { createOpenAI } from "@ai-sdk/openai";
import { transcribe } from "ai";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { loadAiSettings } from "../ai";
import { announceCall } from "./realtime";
import { callEvents, calls } from "./schema";

export const transcribeRecordingJobDef = {
  name: "calls.transcribe-recording",
  schema: z.object({ callId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

/** OpenAI's file limit for /audio/transcriptions. */
const MAX_BYTES = 25 * 1024 * 1024;

/** The OpenAI key for transcription: OPENAI_API_KEY, else the AI settings' key when their provider is OpenAI. */
async function openAiKey(ctx: AppContext): Promise<string | null> {
  if (ctx.config.ai.keys.openai) return ctx.config.ai.keys.openai;
  const { settings, apiKey } = await loadAiSettings(ctx);
  return settings.provider === "openai" && apiKey ? apiKey : null;
}

async function settle(
  ctx: AppContext,
  callId: string,
  state: "done" | "skipped" | "failed",
  text: string | null,
  reason: string | null,
) {
  const done = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(calls)
      .set({
        transcriptState: state,
        transcriptText: text,
        transcriptReason: reason?.slice(0, 1000) ?? null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(calls.id, callId), eq(calls.transcriptState, "pending")))
      .returning({ id: calls.id });
    if (rows.length)
      await tx
        .insert(callEvents)
        .values({
          callId,
          eventKey: `transcript:${callId}`,
          kind: "note",
          summary:
            state === "done"
              ? `transcript of the recording made (${text?.length ?? 0} characters)`
              : `no transcript: ${reason}`,
        })
        .onConflictDoNothing();
    return rows.length > 0;
  });
  if (done) await announceCall(ctx, callId);
}

/**
 * The post-call transcript: the stored recording (never anything else) goes to OpenAI's
 * transcription (the AI SDK's transcribe with @ai-sdk/openai: multipart POST
 * {OPENAI_BASE_URL}/audio/transcriptions, MEDIA_TRANSCRIPTION_MODEL) and the text is stored with
 * the call, apart from the live turns. No OpenAI key: `skipped: no transcription provider`. A 4xx
 * from OpenAI ends it with the reason; other failures retry (bounded), the last one records why.
 */
export function transcribeRecordingJob(ctx: AppContext) {
  return defineJob({
    ...transcribeRecordingJobDef,
    retryLimit: 3,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 60,
    handler: async ({ callId }, { lastAttempt, signal }) => {
      const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId)).limit(1);
      if (!row || row.transcriptState !== "pending") return;
      if (row.recordingState !== "stored" || !row.recordingKey)
        return settle(ctx, callId, "failed", null, "there is no stored recording to transcribe");
      const key = await openAiKey(ctx);
      if (!key) return settle(ctx, callId, "skipped", null, "no transcription provider (no OpenAI key configured)");
      try {
        const audio = await ctx.storage.get(row.recordingKey);
        if (audio.length > MAX_BYTES)
          return settle(ctx, callId, "failed", null, "the recording is larger than OpenAI's 25 MB transcription limit");
        const openai = createOpenAI({ apiKey: key, baseURL: ctx.config.ai.baseUrls.openai });
        const result = await transcribe({
          model: openai.transcription(ctx.config.mediaStreams.transcriptionModel),
          audio: new Uint8Array(audio),
          maxRetries: 0,
          abortSignal: AbortSignal.any([signal, AbortSignal.timeout(120_000)]),
        });
        return settle(ctx, callId, "done", result.text.trim(), null);
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        const reason =
          `OpenAI transcription failed${status ? ` (HTTP ${status})` : ""}: ${(err as Error).message}`.slice(0, 500);
        if (status && status >= 400 && status < 500 && status !== 429)
          return settle(ctx, callId, "failed", null, reason);
        if (lastAttempt) return settle(ctx, callId, "failed", null, `${reason} (after retries)`);
        throw err;
      }
    },
  });
}
