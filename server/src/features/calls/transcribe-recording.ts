import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { pendingCall, settlePending } from "./pending-work";
import { calls } from "./schema";
import { OPENAI_TRANSCRIPTION_MAX_BYTES, transcribeAudio, transcriptionKey } from "./transcription";

export const transcribeRecordingJobDef = {
  name: "calls.transcribe-recording",
  schema: z.object({ callId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

async function settle(
  ctx: AppContext,
  callId: string,
  state: "done" | "skipped" | "failed",
  text: string | null,
  reason: string | null,
): Promise<void> {
  await settlePending(
    ctx,
    callId,
    calls.transcriptState,
    { transcriptState: state, transcriptText: text, transcriptReason: reason?.slice(0, 1000) ?? null },
    {
      key: "transcript",
      summary:
        state === "done"
          ? `transcript of the recording made (${text?.length ?? 0} characters)`
          : `no transcript: ${reason}`,
    },
  );
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
      const row = await pendingCall(ctx, callId, calls.transcriptState);
      if (!row) return;
      if (row.recordingState !== "stored" || !row.recordingKey)
        return settle(ctx, callId, "failed", null, "there is no stored recording to transcribe");
      const key = await transcriptionKey(ctx);
      if (!key) return settle(ctx, callId, "skipped", null, "no transcription provider (no OpenAI key configured)");
      try {
        const audio = await ctx.storage.get(row.recordingKey);
        if (audio.length > OPENAI_TRANSCRIPTION_MAX_BYTES)
          return settle(ctx, callId, "failed", null, "the recording is larger than OpenAI's 25 MB transcription limit");
        const text = await transcribeAudio(
          ctx,
          key,
          new Uint8Array(audio),
          AbortSignal.any([signal, AbortSignal.timeout(120_000)]),
        );
        return settle(ctx, callId, "done", text, null);
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
