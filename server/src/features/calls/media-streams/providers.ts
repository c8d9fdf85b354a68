import { ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import type { AppContext } from "../../../platform/context";
import { ulawToWav } from "./mulaw";
import { type RealtimeSttEvents, RealtimeSttSession } from "./realtime-stt";
import { TtsSocket } from "./tts-socket";

export interface MediaProviders {
  /** The text of one voice-activity-segmented turn (μ-law 8 kHz). */
  transcribe(ulaw: Uint8Array, language: string, signal?: AbortSignal): Promise<string>;
  /** ElevenLabs streaming TTS as raw μ-law 8 kHz bytes. */
  speak(text: string, voice: string, signal: AbortSignal): AsyncIterable<Uint8Array>;
  /** A realtime transcription session (CALLS_STT=realtime); null when the file path is configured. */
  realtime: ((language: string, on: RealtimeSttEvents) => Promise<RealtimeSttSession>) | null;
  /** An ElevenLabs input-streaming socket (ELEVENLABS_TTS_TRANSPORT=ws); null for HTTP only. */
  ttsSocket: ((voice: string) => TtsSocket) | null;
}

/**
 * OpenAI file transcription (POST {OPENAI_BASE_URL}/audio/transcriptions, multipart; the `openai`
 * SDK is not installed, so fetch with FormData) and ElevenLabs through its SDK
 * (`/v1/text-to-speech/{voice}/stream?output_format=ulaw_8000`, a Flash model).
 */
export function mediaProviders(ctx: AppContext): MediaProviders {
  const m = ctx.config.mediaStreams;
  const eleven = new ElevenLabsClient({
    apiKey: m.elevenLabsApiKey ?? "",
    baseUrl: m.elevenLabsApiUrl,
    maxRetries: 0,
  });
  const openai = { baseUrl: ctx.config.ai.baseUrls.openai, apiKey: ctx.config.ai.keys.openai ?? "" };
  return {
    realtime:
      m.stt === "realtime"
        ? (language, on) =>
            RealtimeSttSession.open(
              {
                ...openai,
                model: m.transcriptionModel,
                language,
                silenceMs: m.endOfTurnMs,
                openTimeoutMs: m.sttOpenTimeoutMs,
              },
              on,
            )
        : null,
    ttsSocket:
      m.ttsTransport === "ws"
        ? (voice) =>
            new TtsSocket({
              apiUrl: m.elevenLabsApiUrl,
              apiKey: m.elevenLabsApiKey ?? "",
              voice: voice || m.elevenLabsVoiceId,
              model: m.elevenLabsModel,
              keepaliveMs: m.ttsKeepaliveMs,
            })
        : null,
    async transcribe(ulaw, language, signal) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(ulawToWav(ulaw))], { type: "audio/wav" }), "turn.wav");
      form.append("model", m.transcriptionModel);
      form.append("language", language.slice(0, 2));
      form.append("response_format", "json");
      const res = await fetch(`${ctx.config.ai.baseUrls.openai}/audio/transcriptions`, {
        method: "POST",
        headers: { authorization: `Bearer ${ctx.config.ai.keys.openai ?? ""}` },
        body: form,
        signal: signal ?? AbortSignal.timeout(ctx.config.ai.timeoutMs),
      });
      if (!res.ok) throw new Error(`transcription failed: HTTP ${res.status}`);
      const body = (await res.json()) as { text?: unknown };
      return typeof body.text === "string" ? body.text : "";
    },
    async *speak(text, voice, signal) {
      const stream = await eleven.textToSpeech.stream(
        voice || m.elevenLabsVoiceId,
        { text, modelId: m.elevenLabsModel, outputFormat: "ulaw_8000" },
        { abortSignal: signal, maxRetries: 0 },
      );
      const reader = stream.getReader();
      const cancel = () => void reader.cancel().catch(() => {});
      signal.addEventListener("abort", cancel, { once: true });
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || signal.aborted) return;
          yield value;
        }
      } finally {
        signal.removeEventListener("abort", cancel);
        cancel();
      }
    },
  };
}
