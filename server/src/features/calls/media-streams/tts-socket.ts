import WebSocket from "ws";
import { z } from "zod";

/**
 * ElevenLabs WebSocket input streaming, one socket per agent reply (opened ahead: the engine keeps
 * one spare socket warm, so a reply never waits for a handshake).
 *
 * Wire format checked on 2026-12-04 against ElevenLabs' reference (elevenlabs.io/docs/api-reference
 * /text-to-speech/v-1-text-to-speech-voice-id-stream-input, the inactivity-timeout note on their blog,
 * and the SDK's InitializeConnection / SendText / CloseConnection / AudioOutput / FinalOutput types,
 * @elevenlabs/elevenlabs-js 2.73): `GET wss://…/v1/text-to-speech/{voice_id}/stream-input?model_id=…
 * &output_format=ulaw_8000` with the `xi-api-key` header; first message `{"text": " ",
 * "voice_settings", "generation_config": {"chunk_length_schedule"}}`; then `{"text": "<chunk>"}`
 * (chunks should end with a space), `"try_trigger_generation": true` to generate early and
 * `"flush": true` to generate what is buffered; `{"text": ""}` ends the stream. The socket closes
 * after 20 s without a message (`inactivity_timeout`), so an idle socket is kept alive with a single
 * space. Replies: `{"audio": "<base64>", "isFinal": null, "alignment": {"chars",
 * "charStartTimesMs", "charDurationsMs"}}` (times relative to that chunk), then `{"isFinal": true}`.
 */
export interface TtsSocketOptions {
  apiUrl: string;
  apiKey: string;
  voice: string;
  model: string;
  keepaliveMs: number;
}

/** One chunk of μ-law audio with the characters it speaks (alignment), when the server sent it. */
export interface TtsAudio {
  audio: Buffer;
  chars: string[] | null;
  /** End of each char in the chunk, in ms from the chunk's start. */
  charEndsMs: number[] | null;
}

const serverMessage = z.object({
  audio: z.string().nullish(),
  isFinal: z.boolean().nullish(),
  alignment: z
    .object({
      chars: z.array(z.string()),
      charStartTimesMs: z.array(z.number()),
      charDurationsMs: z.array(z.number()),
    })
    .nullish(),
  error: z.string().nullish(),
  message: z.string().nullish(),
});

export function streamInputUrl(o: Pick<TtsSocketOptions, "apiUrl" | "voice" | "model">) {
  const base = o.apiUrl.replace(/\/$/, "").replace(/^http/, "ws");
  const q = new URLSearchParams({ model_id: o.model, output_format: "ulaw_8000" });
  return `${base}/v1/text-to-speech/${encodeURIComponent(o.voice)}/stream-input?${q}`;
}

export class TtsSocket {
  private ws: WebSocket;
  private keepalive: NodeJS.Timeout | null = null;
  private queue: (TtsAudio | "final" | Error)[] = [];
  private wake: (() => void) | null = null;
  readonly ready: Promise<void>;
  /** Set when the socket is no longer usable (closed, errored or refused). */
  failure: string | null = null;
  keepalivesSent = 0;
  private early: Record<string, unknown>[] = [];

  constructor(private readonly opts: TtsSocketOptions) {
    this.ws = new WebSocket(streamInputUrl(opts), { headers: { "xi-api-key": opts.apiKey } });
    this.ready = new Promise<void>((resolve, reject) => {
      this.ws.once("open", () => {
        this.sendRaw({
          text: " ",
          voice_settings: { stability: 0.5, similarity_boost: 0.75 },
          // Smaller than the default [120, 160, 250, 290] so a reply's first audio comes before its
          // first sentence is complete; flushes at sentence ends cover the rest.
          generation_config: { chunk_length_schedule: [50, 90, 120, 150] },
        });
        for (const m of this.early.splice(0)) this.sendRaw(m);
        resolve();
      });
      this.ws.once("unexpected-response", (_req, res) => {
        this.fail(`HTTP ${res.statusCode} at the upgrade`);
        reject(new Error(this.failure!));
      });
      this.ws.once("error", (err) => {
        this.fail(err.message);
        reject(err);
      });
    });
    // A refused socket is reported through `failure` and the reply's stream; the spare's promise is
    // awaited only when it is used.
    this.ready.catch(() => {});
    this.ws.on("close", (code) => this.fail(`closed (${code})`));
    this.ws.on("message", (data) => {
      const r = serverMessage.safeParse(safeJson(String(data)));
      if (!r.success) return;
      const m = r.data;
      if (m.error || m.message) return this.push(new Error(`ElevenLabs: ${m.error ?? m.message}`));
      if (m.audio) {
        const a = m.alignment;
        this.push({
          audio: Buffer.from(m.audio, "base64"),
          chars: a?.chars ?? null,
          charEndsMs: a ? a.charStartTimesMs.map((s, i) => s + (a.charDurationsMs[i] ?? 0)) : null,
        });
      }
      if (m.isFinal) this.push("final");
    });
  }

  get usable() {
    return this.failure === null && this.ws.readyState <= WebSocket.OPEN;
  }

  private fail(reason: string) {
    this.failure ??= reason;
    this.stopKeepalive();
    this.push(new Error(`ElevenLabs socket: ${this.failure}`));
  }

  private push(item: TtsAudio | "final" | Error) {
    this.queue.push(item);
    this.wake?.();
  }

  private sendRaw(msg: Record<string, unknown>) {
    // A reply may start on the spare while its handshake is still under way.
    if (this.ws.readyState === WebSocket.CONNECTING) return void this.early.push(msg);
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify(msg));
    this.armKeepalive();
  }

  /** A single space within the inactivity timeout keeps the socket open (sent only while idle). */
  private armKeepalive() {
    this.stopKeepalive();
    this.keepalive = setTimeout(() => {
      this.keepalivesSent++;
      this.sendRaw({ text: " " });
    }, this.opts.keepaliveMs);
  }

  private stopKeepalive() {
    if (this.keepalive) clearTimeout(this.keepalive);
    this.keepalive = null;
  }

  /** A piece of the reply's text as the LLM streamed it; `flush` at a sentence's end. */
  text(chunk: string, opts: { flush?: boolean } = {}) {
    // Sent as streamed (tokens split words, so no space is added); a flush ends each sentence.
    this.sendRaw(opts.flush ? { text: chunk, flush: true } : { text: chunk, try_trigger_generation: true });
  }

  /** No more text: the server generates the rest, sends `isFinal` and closes. */
  end() {
    this.sendRaw({ text: "" });
    this.stopKeepalive();
  }

  /** The audio as it arrives, until `isFinal`; throws when the socket fails first. */
  async *audio(signal: AbortSignal): AsyncGenerator<TtsAudio> {
    const abort = () => this.wake?.();
    signal.addEventListener("abort", abort, { once: true });
    try {
      for (;;) {
        while (this.queue.length === 0 && !signal.aborted) await new Promise<void>((r) => (this.wake = r));
        this.wake = null;
        if (signal.aborted) return;
        const item = this.queue.shift()!;
        if (item === "final") return;
        if (item instanceof Error) throw item;
        yield item;
      }
    } finally {
      signal.removeEventListener("abort", abort);
    }
  }

  close() {
    this.stopKeepalive();
    this.failure ??= "closed by us";
    this.ws.terminate();
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
