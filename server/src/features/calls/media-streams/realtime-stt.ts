import WebSocket from "ws";
import { z } from "zod";

/**
 * OpenAI Realtime transcription over WebSocket: one session per call, μ-law frames appended as
 * Twilio sent them (base64 `audio/pcmu` passes through, no decoding), the server's VAD ending
 * turns with the flow's silence.
 *
 * Wire format checked on 2026-12-04 against OpenAI's reference (developers.openai.com
 * /api/docs/guides/realtime-transcription, /api/reference/resources/realtime/client-events and
 * server-events): connect `wss://…/v1/realtime?intent=transcription` with `Authorization: Bearer`;
 * configure with the GA `session.update` whose `session.type` is "transcription" and whose
 * `audio.input` holds `format {type: "audio/pcmu"}` (G.711 μ-law; the beta's flat
 * `input_audio_format: "g711_ulaw"` / `input_audio_transcription` / `transcription_session.update`
 * are the legacy names of the same fields), `transcription {model, language}` and `turn_detection
 * {type: "server_vad", silence_duration_ms, …}`; send `input_audio_buffer.append {audio}`; receive
 * `session.created`/`session.updated`, `input_audio_buffer.speech_started|speech_stopped`
 * `{item_id, audio_start_ms|audio_end_ms}`, `input_audio_buffer.committed`,
 * `conversation.item.input_audio_transcription.delta {item_id, delta}` and `.completed {item_id,
 * transcript}` (or `.failed {item_id, error}`), and `error {error: {message, type, code}}`.
 */
export interface RealtimeSttOptions {
  /** OPENAI_BASE_URL, e.g. https://api.openai.com/v1: the ws(s) URL is derived from it. */
  baseUrl: string;
  apiKey: string;
  model: string;
  language: string;
  silenceMs: number;
  /** How long to wait for `session.updated` before the session counts as failed to open. */
  openTimeoutMs: number;
}

export interface RealtimeSttEvents {
  speechStarted(): void;
  /** Local time the server's VAD ended the turn. */
  speechStopped(at: number): void;
  transcript(text: string, stoppedAt: number | null): void;
  /** The session closed or errored after it was open (not called for a close we asked for). */
  dropped(reason: string): void;
}

const serverEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("session.created") }),
  z.object({ type: z.literal("session.updated") }),
  z.object({ type: z.literal("input_audio_buffer.speech_started"), item_id: z.string().optional() }),
  z.object({ type: z.literal("input_audio_buffer.speech_stopped"), item_id: z.string().optional() }),
  z.object({
    type: z.literal("conversation.item.input_audio_transcription.completed"),
    item_id: z.string().optional(),
    transcript: z.string(),
  }),
  z.object({
    type: z.literal("conversation.item.input_audio_transcription.failed"),
    item_id: z.string().optional(),
    error: z.object({ message: z.string().optional() }).passthrough().optional(),
  }),
  z.object({
    type: z.literal("error"),
    error: z.object({ message: z.string().optional(), code: z.string().nullish() }).passthrough(),
  }),
]);

export function realtimeUrl(baseUrl: string) {
  return `${baseUrl.replace(/\/$/, "").replace(/^http/, "ws")}/realtime?intent=transcription`;
}

export class RealtimeSttSession {
  private ws: WebSocket | null = null;
  private closedByUs = false;
  private stoppedAt = new Map<string, number>();
  private lastStoppedAt: number | null = null;
  readonly openedAt = performance.now();

  private constructor(
    private readonly opts: RealtimeSttOptions,
    private readonly on: RealtimeSttEvents,
  ) {}

  /** Resolves once the server confirmed the configuration; rejects (and closes) otherwise. */
  static open(opts: RealtimeSttOptions, on: RealtimeSttEvents): Promise<RealtimeSttSession> {
    const s = new RealtimeSttSession(opts, on);
    return s.connect().then(() => s);
  }

  private connect() {
    return new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(realtimeUrl(this.opts.baseUrl), {
        headers: { authorization: `Bearer ${this.opts.apiKey}` },
      });
      this.ws = ws;
      let ready = false;
      const fail = (reason: string) => {
        clearTimeout(timer);
        if (!ready) {
          ready = true;
          this.closedByUs = true;
          ws.terminate();
          reject(new Error(reason));
        }
      };
      const timer = setTimeout(() => fail("no session.updated in time"), this.opts.openTimeoutMs);
      ws.once("unexpected-response", (_req, res) => fail(`HTTP ${res.statusCode} at the upgrade`));
      ws.on("error", (err) => (ready ? this.drop(err.message) : fail(err.message)));
      ws.on("close", (code) => (ready ? this.drop(`closed (${code})`) : fail(`closed (${code}) before ready`)));
      ws.on("open", () => {
        ws.send(
          JSON.stringify({
            type: "session.update",
            session: {
              type: "transcription",
              audio: {
                input: {
                  format: { type: "audio/pcmu" },
                  transcription: { model: this.opts.model, language: this.opts.language.slice(0, 2) },
                  turn_detection: {
                    type: "server_vad",
                    threshold: 0.5,
                    prefix_padding_ms: 300,
                    silence_duration_ms: this.opts.silenceMs,
                  },
                },
              },
            },
          }),
        );
      });
      ws.on("message", (data) => {
        let ev: z.infer<typeof serverEvent>;
        try {
          const r = serverEvent.safeParse(JSON.parse(String(data)));
          if (!r.success) return; // deltas, committed and others we do not act on
          ev = r.data;
        } catch {
          return;
        }
        switch (ev.type) {
          case "session.updated":
            if (!ready) {
              ready = true;
              clearTimeout(timer);
              resolve();
            }
            return;
          case "error":
            // Before the session is configured an error means the configuration was refused.
            if (!ready) return fail(`error: ${ev.error.message ?? ev.error.code ?? "unknown"}`);
            return;
          case "input_audio_buffer.speech_started":
            return this.on.speechStarted();
          case "input_audio_buffer.speech_stopped": {
            const at = performance.now();
            this.lastStoppedAt = at;
            if (ev.item_id) this.stoppedAt.set(ev.item_id, at);
            return this.on.speechStopped(at);
          }
          case "conversation.item.input_audio_transcription.completed": {
            const at = (ev.item_id ? this.stoppedAt.get(ev.item_id) : undefined) ?? this.lastStoppedAt;
            if (ev.item_id) this.stoppedAt.delete(ev.item_id);
            return this.on.transcript(ev.transcript, at);
          }
          case "conversation.item.input_audio_transcription.failed":
            return this.on.transcript("", null);
        }
      });
    });
  }

  private drop(reason: string) {
    if (this.closedByUs) return;
    this.closedByUs = true;
    this.on.dropped(reason);
  }

  /** One Twilio media payload (base64 μ-law), as received. */
  append(base64Ulaw: string) {
    if (this.ws?.readyState === WebSocket.OPEN)
      this.ws.send(`{"type":"input_audio_buffer.append","audio":"${base64Ulaw}"}`);
  }

  /** Ends the audio of this session: whatever speech is in the buffer is transcribed. */
  commit() {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: "input_audio_buffer.commit" }));
  }

  get pendingTranscripts() {
    return this.stoppedAt.size;
  }

  close() {
    this.closedByUs = true;
    this.ws?.close(1000);
  }
}
