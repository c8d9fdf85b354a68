import { createOpenAI } from "@ai-sdk/openai";
import { transcribe } from "ai";
import type { AppContext } from "../../platform/context";
import { loadAiSettings } from "../ai";

/** OpenAI's file limit for /audio/transcriptions. */
export const OPENAI_TRANSCRIPTION_MAX_BYTES = 25 * 1024 * 1024;

/**
 * The speech-recognition provider for recordings and sandbox clips: OpenAI's transcription, keyed
 * by OPENAI_API_KEY, else the AI settings' key when their provider is OpenAI. Null: none configured.
 */
export async function transcriptionKey(ctx: AppContext): Promise<string | null> {
  if (ctx.config.ai.keys.openai) return ctx.config.ai.keys.openai;
  const { settings, apiKey } = await loadAiSettings(ctx);
  return settings.provider === "openai" && apiKey ? apiKey : null;
}

/**
 * Audio bytes to text through the AI SDK's transcribe with @ai-sdk/openai (multipart POST
 * {OPENAI_BASE_URL}/audio/transcriptions, MEDIA_TRANSCRIPTION_MODEL). The SDK names the file by the
 * format it detects in the bytes (wav, webm, ogg…), which is how OpenAI reads it. No retries here:
 * callers decide (a job retries, a person in the sandbox tries again).
 */
export async function transcribeAudio(
  ctx: AppContext,
  key: string,
  audio: Uint8Array,
  signal: AbortSignal,
): Promise<string> {
  const openai = createOpenAI({ apiKey: key, baseURL: ctx.config.ai.baseUrls.openai });
  const result = await transcribe({
    model: openai.transcription(ctx.config.mediaStreams.transcriptionModel),
    audio,
    maxRetries: 0,
    abortSignal: signal,
  });
  return result.text.trim();
}
