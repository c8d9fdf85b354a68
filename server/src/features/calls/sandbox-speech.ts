import {
  type SandboxSpeechStatus,
  type SandboxSpeechTurn,
  SANDBOX_SPEECH_MAX_BYTES,
  sandboxSpeechClip,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError, fromZod } from "../../platform/errors";
import { liveSandbox, saySandbox } from "./sandbox-call";
import { transcribeAudio, transcriptionKey } from "./transcription";

/** A clip is seconds long; a transcription slower than this is a provider problem, told to the person. */
const CLIP_TIMEOUT_MS = 20_000;
const NO_PROVIDER =
  "No speech recognition is configured: set OPENAI_API_KEY, or choose OpenAI with a key in Settings → AI agent.";

/** Whether Call me can offer the microphone (a speech-recognition provider is configured). */
export async function sandboxSpeechStatus(ctx: AppContext): Promise<SandboxSpeechStatus> {
  const key = await transcriptionKey(ctx);
  return { available: key !== null, reason: key ? null : NO_PROVIDER, maxBytes: SANDBOX_SPEECH_MAX_BYTES };
}

/**
 * The callee spoke into the browser's microphone: the clip (webm/opus from MediaRecorder, or another
 * audio format) goes through the same OpenAI transcription as recordings, and the text becomes the
 * sandbox turn exactly as if it had been typed (saySandbox: one turn at a time per call). Nothing
 * heard, or the provider failing, is an error the person sees; no text is ever guessed.
 */
export async function saySandboxSpeech(
  ctx: AppContext,
  callId: string,
  file: Express.Multer.File | undefined,
): Promise<SandboxSpeechTurn> {
  if (!file) throw new AppError("bad_request", "Attach the recording in the field `file`");
  const clip = sandboxSpeechClip.safeParse({ mimetype: file.mimetype, size: file.size });
  if (!clip.success) throw fromZod(clip.error, "body");
  // Refused before the provider is paid for: only a live sandbox call takes a turn.
  await liveSandbox(ctx, callId);
  const key = await transcriptionKey(ctx);
  if (!key) throw new AppError("conflict", NO_PROVIDER);
  let heard: string;
  try {
    heard = await transcribeAudio(ctx, key, new Uint8Array(file.buffer), AbortSignal.timeout(CLIP_TIMEOUT_MS));
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    ctx.log.warn({ err, callId }, "sandbox speech: transcription failed");
    throw new AppError(
      status && status >= 400 && status < 500 && status !== 429 ? "provider_rejected" : "provider_unavailable",
      `Speech recognition failed${status ? ` (HTTP ${status})` : ""}: ${(err as Error).message}`.slice(0, 300),
    );
  }
  if (!heard)
    throw new AppError("validation_failed", "Nothing was heard in the recording; hold the button while you speak");
  return { ...(await saySandbox(ctx, callId, heard.slice(0, 2000))), heard };
}
