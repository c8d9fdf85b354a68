// Fakes for the Media Streams engine: Twilio's side of the socket (a scripted callee whose lines are
// spoken by espeak-ng, or tone bursts without it: spoken.ts; it plays our audio in real time, echoing marks), OpenAI file transcription returning
// the scripted text per turn, and ElevenLabs streaming μ-law (optionally stalling on some text).
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import WebSocket from "ws";
import { linearToUlaw } from "../../src/features/calls/media-streams/mulaw";
import { SILENCE, spokenFrames } from "./spoken";

export { SILENCE, SPEECH } from "./spoken";

async function listen(app: express.Express) {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** OpenAI transcription: POST /audio/transcriptions returns the next scripted line. */
export async function fakeTranscription(lines: string[]) {
  const t = transcriptionApp(lines);
  return { ...(await listen(t.app)), requests: t.requests, mode: t.mode };
}

/** The file-transcription fake's app (the realtime fake serves it beside its WebSocket). */
export function transcriptionApp(lines: string[]) {
  const requests: { bytes: number; model: string; contentType: string; raw: Buffer }[] = [];
  /** Set to answer OpenAI's error body with this HTTP status instead of a transcript. */
  const mode = { status: null as number | null };
  const app = express();
  app.post("/v1/audio/transcriptions", express.raw({ type: "multipart/form-data", limit: "30mb" }), (req, res) => {
    if (req.headers.authorization !== "Bearer sk-test")
      return void res.status(401).json({ error: { message: "bad key" } });
    const raw = req.body as Buffer;
    const body = raw.toString("latin1");
    requests.push({
      bytes: body.length,
      model: /name="model"\r\n\r\n([^\r]+)/.exec(body)?.[1] ?? "",
      contentType: String(req.headers["content-type"] ?? ""),
      raw,
    });
    if (mode.status)
      return void res
        .status(mode.status)
        .json({ error: { message: "The audio file could not be decoded", type: "invalid_request_error", code: null } });
    res.json({ text: lines.shift() ?? "" });
  });
  return { app, requests, mode };
}

/** ElevenLabs: /v1/text-to-speech/{voice}/stream?output_format=ulaw_8000 streams `bytesPerChar` μ-law per character. */
export async function fakeElevenLabs(opts: ElevenLabsHttpOptions = {}) {
  const e = elevenLabsApp(opts);
  return { ...(await listen(e.app)), texts: e.texts, requests: e.requests };
}

export interface ElevenLabsHttpOptions {
  stall?: { re?: RegExp };
  bytesPerChar?: number;
  /** Time before the response starts (a real TTS's first-byte time). */
  latency?: { ms: number };
}

/** The HTTP streaming fake's app (the WebSocket fake serves it beside its socket). */
export function elevenLabsApp(opts: ElevenLabsHttpOptions = {}) {
  const texts: string[] = [];
  const requests: { text: string; at: number; respondedAt: number | null }[] = [];
  const app = express();
  app.post("/v1/text-to-speech/:voice/stream", express.json(), async (req, res) => {
    if (req.headers["xi-api-key"] !== "el-test" || req.query.output_format !== "ulaw_8000")
      return void res.status(422).json({ detail: [{ msg: "bad key or format" }] });
    const text = String(req.body.text ?? "");
    texts.push(text);
    const request = { text, at: performance.now(), respondedAt: null as number | null };
    requests.push(request);
    if (opts.stall?.re?.test(text)) return; // never answers: a stalled TTS
    if (opts.latency?.ms) await new Promise((r) => setTimeout(r, opts.latency!.ms));
    request.respondedAt = performance.now();
    res.setHeader("content-type", "audio/basic");
    const audio = Buffer.alloc(text.length * (opts.bytesPerChar ?? 8), linearToUlaw(1000));
    // Two chunks, not frame-aligned: the engine reframes.
    res.write(audio.subarray(0, 100));
    res.end(audio.subarray(100));
  });
  return { app, texts, requests };
}

/** Twilio's side of <Connect><Stream>: sends connected/start/media/stop, plays our frames at 20 ms, echoes marks. */
export class FakeMediaStream {
  received: any[] = [];
  marks: string[] = [];
  cleared = 0;
  framesPlayed = 0;
  private queue: ({ frame: string } | { mark: string })[] = [];
  private seq = 0;
  private chunk = 0;
  private timer: NodeJS.Timeout;
  readonly streamSid = "MZ00000000000000000000000000000001";
  closed: Promise<number>;
  /** Time of the first agent media frame after the last callee turn ended. */
  firstAudioAfterTurn: number | null = null;
  private turnEndedAt: number | null = null;

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((r) => ws.once("close", (code) => r(code)));
    ws.on("message", (d) => {
      const m = JSON.parse(String(d));
      this.received.push(m);
      if (m.event === "media") {
        if (this.turnEndedAt !== null && this.firstAudioAfterTurn === null)
          this.firstAudioAfterTurn = performance.now();
        this.queue.push({ frame: m.media.payload });
      } else if (m.event === "mark") this.queue.push({ mark: m.mark.name });
      else if (m.event === "clear") {
        this.cleared++;
        // Twilio echoes the marks of cleared audio.
        for (const q of this.queue.splice(0)) if ("mark" in q) this.echo(q.mark);
      }
    });
    this.timer = setInterval(() => this.tick(), 20);
  }

  static open(url: string, signature: string) {
    const ws = new WebSocket(url, { headers: { "x-twilio-signature": signature } });
    return new Promise<FakeMediaStream>((resolve, reject) => {
      ws.once("open", () => resolve(new FakeMediaStream(ws)));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  private tick() {
    // Plays one frame per 20 ms; marks are echoed when the audio before them has played.
    while (this.queue[0] && "mark" in this.queue[0]) this.echo((this.queue.shift() as { mark: string }).mark);
    if (this.queue.shift()) this.framesPlayed++;
    while (this.queue[0] && "mark" in this.queue[0]) this.echo((this.queue.shift() as { mark: string }).mark);
  }

  private echo(name: string) {
    this.marks.push(name);
    this.send({ event: "mark", sequenceNumber: String(++this.seq), streamSid: this.streamSid, mark: { name } });
  }

  send(msg: unknown) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  start(customParameters: Record<string, string>) {
    this.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    this.send({
      event: "start",
      sequenceNumber: String(++this.seq),
      streamSid: this.streamSid,
      start: {
        accountSid: "AC00000000000000000000000000000001",
        streamSid: this.streamSid,
        callSid: "CA00000000000000000000000000000001",
        tracks: ["inbound"],
        customParameters,
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
      },
    });
  }

  /** The callee's frames, sent back to back (the engine's VAD counts frames, not wall time). */
  frames(frame: Buffer | Buffer[], count = 1) {
    const all = Array.isArray(frame) ? frame : Array.from({ length: count }, () => frame);
    for (const f of all)
      this.send({
        event: "media",
        sequenceNumber: String(++this.seq),
        streamSid: this.streamSid,
        media: {
          track: "inbound",
          chunk: String(++this.chunk),
          timestamp: String(this.chunk * 20),
          payload: f.toString("base64"),
        },
      });
  }

  /** A callee turn: the line spoken, then enough silence to end it. Returns the frames sent. */
  speak(text: string, silenceFrames: number) {
    const speech = spokenFrames(text);
    this.frames(speech);
    this.firstAudioAfterTurn = null;
    this.frames(SILENCE, silenceFrames);
    this.turnEndedAt = performance.now();
    return speech.length + silenceFrames;
  }

  get turnEnd() {
    return this.turnEndedAt;
  }

  /** Whether everything we were sent has played. */
  get idle() {
    return this.queue.length === 0;
  }

  stop() {
    this.send({ event: "stop", sequenceNumber: String(++this.seq), streamSid: this.streamSid, stop: {} });
  }

  close() {
    clearInterval(this.timer);
    this.ws.close();
  }
}
