/**
 * Media Streams pipeline (issue 11 §5), zero-latency fakes (OpenAI transcription and ElevenLabs μ-law
 * from server/tests/fakes, the scripted brain: no model request), PGlite, one process.
 *
 * (a) Overhead per turn: the callee's last silence frame that ends the turn (the VAD's end, 200 ms
 *     of silence) is sent → the first agent media frame is received by the fake Twilio side, minus
 *     provider time: every request to the fakes timed by a fetch wrapper around globalThis.fetch (the
 *     engine's transcription fetch and the ElevenLabs SDK's), from the call to the last byte of the
 *     body, clipped to the turn's window (union of intervals). Target p95 ≤ 50 ms. The callee's
 *     frames before the last are sent at once and given 50 ms to be digested, so the window starts
 *     at the frame that ends the turn. Each reply ("Sorry, I didn't catch that." + the question)
 *     plays out (marks back) before the next turn. Baseline: one media frame (the same JSON) echoed
 *     by a bare `ws` server in the same process (the event loop and loopback floor).
 * (b) 50 calls at once on the same server, 3 turns each, the callee's frames paced at 20 ms as
 *     Twilio sends them: per reply, the gaps between consecutive agent frames as received; underruns
 *     = gaps > 40 ms inside one reply; dry = a frame that arrives after the audio received before it
 *     would have finished playing at 20 ms a frame (what Twilio's buffer would do). The server's own
 *     voice_to_voice_ms (flow_turns, transcription included) is reported alongside.
 * Both run on two paths (BENCH_MEDIA_PATHS): realtime+ws (CALLS_STT=realtime with the realtime
 * transcription fake, ELEVENLABS_TTS_TRANSPORT=ws with the ElevenLabs socket fake; no fetch is in the
 * window, so nothing is subtracted; the fakes' CPU runs in this process) and file+http (the fallbacks,
 * with the next sentence prefetched). For realtime the relay to the fake's server VAD is reported.
 *
 * Measured 2026-12-04 on 2 cores shared with other engineers' tests and benches (all at nice 19;
 * the load averages are 1-minute):
 * - before (main @ cb53628, file transcription + HTTP per sentence, no prefetch; load 9.0):
 *   (a) p50 1.5 / p95 8.9 / p99 32.3 ms, pass; (b) 1,200 gaps, 68 underruns > 40 ms, 20 dry.
 * - after, file+http with prefetch (load 18.8): (a) p50 8.4 / p95 35.0 / p99 42.5 ms, pass;
 *   (b) 1,350 frames, 0 underruns, 0 dry (at load 32: 3 underruns, 1 dry).
 * - after, realtime+ws (load 22.7 and 26.0, two runs): (a) p50 31.8 / 36.1, p95 121.6 / 216.5 ms:
 *   MISSED; the server's own speech_stopped → first frame handed to the socket was p50 1 / 3,
 *   p95 26 / 33 ms, and the frame's relay to the fake's VAD p50 0.5 ms (p95 108 under load), so most
 *   of the window is the wait for this one event loop (engine, PGlite, both fakes and the fake
 *   Twilio side share it) to deliver the frame to the fake Twilio side — a hypothesis, not yet
 *   measured on a quiet machine. (b) 1,650 frames, 0 underruns, 0 dry in both runs.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import twilio from "twilio";
import WebSocket, { WebSocketServer } from "ws";
import { flows, flowTurns } from "../server/src/features/flows/schema";
import {
  elevenLabsApp,
  FakeMediaStream,
  fakeElevenLabs,
  fakeTranscription,
  SILENCE,
  SPEECH,
  transcriptionApp,
} from "../server/tests/fakes/media-streams";
import { fakeElevenLabsSocket, fakeRealtimeTranscription } from "../server/tests/fakes/media-streams-ws";
import { ms, percentile, report, type Row } from "./lib";
import { benchServer } from "./server";

const TURNS = Number(process.env.BENCH_MEDIA_TURNS ?? 20);
const CALLS = Number(process.env.BENCH_MEDIA_CALLS ?? 50);
const CALL_TURNS = 3;
const TOKEN = "bench-twilio-token";
const SILENCE_FRAMES = 10; // MEDIA_END_OF_TURN_MS=200
const SPEECH_FRAMES = 15;
const TARGET_P95 = 50;

const until = async (cond: () => boolean, timeoutMs = 20_000) => {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error("bench: timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
};
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** A fake Twilio side that also timestamps every agent media frame and mark as received. */
async function openCall(url: string, flowId: string) {
  const t = await FakeMediaStream.open(url, twilio.getExpectedTwilioSignature(TOKEN, url, {}));
  const arrivals: { at: number; kind: "media" | "mark" }[] = [];
  t.ws.on("message", (d) => {
    const at = performance.now();
    const m = JSON.parse(String(d));
    if (m.event === "media" || m.event === "mark") arrivals.push({ at, kind: m.event });
  });
  const callId = randomUUID();
  t.start({ callId, flowId, contactId: "" });
  const segMarks = () => t.marks.filter((m) => m.startsWith("seg-")).length;
  // The opening has 3 sentences; each reply after has 2.
  await until(() => segMarks() >= 3 && t.idle);
  return { t, callId, arrivals, segMarks };
}

/** Intervals [start, end] clipped to [from, to], merged: time inside the window spent on providers. */
function providerTime(intervals: [number, number][], from: number, to: number) {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const iv of clipped) {
    if (cur && iv[0] <= cur[1]) cur[1] = Math.max(cur[1], iv[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [...iv];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

const stats = (name: string, v: number[], extra: Record<string, string | number> = {}): Row => ({
  case: name,
  n: v.length,
  p50_ms: ms(percentile(v, 50)),
  p95_ms: ms(percentile(v, 95)),
  p99_ms: ms(percentile(v, 99)),
  max_ms: ms(Math.max(...v)),
  ...extra,
});

type MediaPath = "realtime+ws" | "file+http";

export async function mediaStreamsBench() {
  const paths = (process.env.BENCH_MEDIA_PATHS ?? "realtime+ws,file+http").split(",") as MediaPath[];
  for (const path of paths) await benchPath(path);
}

async function benchPath(path: MediaPath) {
  const lines = Array.from({ length: 10_000 }, () => "Hmm.");
  const realtime = path === "realtime+ws";
  // The primary path's fakes serve the fallbacks' HTTP endpoints on the same base URLs.
  const stt = realtime
    ? await fakeRealtimeTranscription(lines, transcriptionApp(lines).app)
    : await fakeTranscription(lines);
  const tts = realtime
    ? await fakeElevenLabsSocket({ bytesPerChar: 24 }, elevenLabsApp({ bytesPerChar: 24 }).app)
    : await fakeElevenLabs({ bytesPerChar: 24 });
  const realFetch = globalThis.fetch;
  const provider: [number, number][] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const target = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!target.startsWith(stt.url) && !target.startsWith(tts.url)) return realFetch(input, init);
    const s = performance.now();
    try {
      const res = await realFetch(input, init);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      provider.push([s, performance.now()]);
    }
  }) as typeof fetch;

  const { server, close } = await benchServer("pglite", {
    TWILIO_AUTH_TOKEN: TOKEN,
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: `${stt.url}/v1`,
    ELEVENLABS_API_KEY: "el-test",
    ELEVENLABS_API_URL: tts.url,
    MEDIA_END_OF_TURN_MS: String(SILENCE_FRAMES * 20),
    CALLS_STT: realtime ? "realtime" : "file",
    ELEVENLABS_TTS_TRANSPORT: realtime ? "ws" : "http",
  });
  const echo = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  const rows: Row[] = [];
  try {
    const db = server.ctx.db;
    const [flow] = await db.select({ id: flows.id }).from(flows).limit(1);
    if (!flow) throw new Error("bench: no flow seeded");
    const url = `${server.url.replace("http", "ws")}/webhooks/twilio/media`;

    // Baseline: one media frame's JSON echoed by a bare ws server (parse, decode, encode, send).
    echo.on("connection", (ws) =>
      ws.on("message", (d) => {
        const m = JSON.parse(String(d));
        const frame = Buffer.from(m.media.payload, "base64");
        ws.send(JSON.stringify({ event: "media", streamSid: m.streamSid, media: { payload: frame.toString("base64") } }));
      }),
    );
    if (!echo.address()) await new Promise((r) => echo.once("listening", r));
    const client = new WebSocket(`ws://127.0.0.1:${(echo.address() as { port: number }).port}`);
    await new Promise((r) => client.once("open", r));
    const frameJson = JSON.stringify({
      event: "media",
      streamSid: "MZ1",
      media: { track: "inbound", chunk: "1", timestamp: "20", payload: SILENCE.toString("base64") },
    });
    const echoMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      await new Promise<void>((r) => {
        client.once("message", () => r());
        client.send(frameJson);
      });
      if (i >= 20) echoMs.push(performance.now() - s);
    }
    client.close();

    // (a) One call, TURNS turns.
    const one = await openCall(url, flow.id);
    const overhead: number[] = [];
    const raw: number[] = [];
    const prov: number[] = [];
    /** Realtime path: the last frame sent → the fake's server VAD ended the turn (our hop to it). */
    const toStop: number[] = [];
    for (let turn = 0; turn < TURNS + 2; turn++) {
      const marks = one.segMarks();
      one.t.frames(SPEECH, SPEECH_FRAMES);
      one.t.frames(SILENCE, SILENCE_FRAMES - 1);
      await sleep(50);
      const from = performance.now();
      const seen = one.arrivals.length;
      one.t.frames(SILENCE, 1);
      await until(() => one.arrivals.slice(seen).some((a) => a.kind === "media"));
      const to = one.arrivals.slice(seen).find((a) => a.kind === "media")!.at;
      await until(() => one.segMarks() >= marks + 2 && one.t.idle);
      if (turn < 2) continue; // warm-up
      if ("stats" in stt) toStop.push(stt.stats.stoppedAt.at(-1)! - from);
      const p = providerTime(provider, from, to);
      raw.push(to - from);
      prov.push(p);
      overhead.push(to - from - p);
    }
    const serverTurns = await db
      .select({ v2v: flowTurns.voiceToVoiceMs, asr: flowTurns.asrMs, tts: flowTurns.ttsFirstAudioMs })
      .from(flowTurns)
      .where(and(eq(flowTurns.callId, one.callId), isNotNull(flowTurns.asrMs)));
    one.t.stop();
    await one.t.closed;
    one.t.close();
    rows.push(
      stats("(a) VAD end → first frame, provider time excluded", overhead, {
        target_p95: `≤ ${TARGET_P95}`,
        pass: percentile(overhead, 95) <= TARGET_P95 ? "yes" : "NO",
      }),
      stats("(a) same, raw (provider time included)", raw),
      stats("(a) provider time in the window", prov),
      stats(
        "(a) server's voice_to_voice_ms (flow_turns)",
        serverTurns.flatMap((t) => (t.v2v === null ? [] : [t.v2v])),
      ),
      stats("baseline: one frame echoed by a bare ws server", echoMs),
    );
    if (toStop.length)
      rows.push(stats("(a) realtime: last frame sent → the fake's speech_stopped (frame relayed to the provider)", toStop));

    // (b) CALLS calls at once, CALL_TURNS turns each, callee frames at 20 ms.
    const gaps: number[] = [];
    const callP95: number[] = [];
    const callP99: number[] = [];
    let underruns = 0;
    let dry = 0;
    let frames = 0;
    let burstFactor: number[] = [];
    const callIds: string[] = [];
    const runCall = async () => {
      const c = await openCall(url, flow.id);
      callIds.push(c.callId);
      const mine: number[] = [];
      for (let turn = 0; turn < CALL_TURNS; turn++) {
        const marks = c.segMarks();
        const seen = c.arrivals.length;
        for (let i = 0; i < SPEECH_FRAMES + SILENCE_FRAMES + 1; i++) {
          c.t.frames(i < SPEECH_FRAMES ? SPEECH : SILENCE, 1);
          await sleep(20);
        }
        await until(() => c.segMarks() >= marks + 2 && c.t.idle, 60_000);
        const media = c.arrivals.slice(seen).filter((a) => a.kind === "media").map((a) => a.at);
        frames += media.length;
        let playEnd = media[0]! + 20;
        for (let i = 1; i < media.length; i++) {
          const gap = media[i]! - media[i - 1]!;
          mine.push(gap);
          if (gap > 40) underruns++;
          if (media[i]! > playEnd) dry++;
          playEnd = Math.max(playEnd, media[i]!) + 20;
        }
        if (media.length > 1) burstFactor.push(((media.length - 1) * 20) / (media.at(-1)! - media[0]! || 0.001));
      }
      gaps.push(...mine);
      callP95.push(percentile(mine, 95));
      callP99.push(percentile(mine, 99));
      c.t.stop();
      await c.t.closed;
      c.t.close();
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CALLS }, (_, i) => sleep(i * 7).then(runCall)));
    const wall = performance.now() - started;
    const loadTurns = await db
      .select({ v2v: flowTurns.voiceToVoiceMs })
      .from(flowTurns)
      .where(and(inArray(flowTurns.callId, callIds), isNotNull(flowTurns.asrMs)));
    burstFactor = burstFactor.sort((a, b) => a - b);
    rows.push(
      stats(`(b) ${CALLS} calls: gap between agent frames of one reply`, gaps, {
        frames,
        underruns_gt40ms: underruns,
        dry_at_20ms_playout: dry,
      }),
      stats(`(b) ${CALLS} calls: per-call gap p95`, callP95),
      stats(`(b) ${CALLS} calls: per-call gap p99`, callP99),
      stats(
        `(b) ${CALLS} calls: server's voice_to_voice_ms`,
        loadTurns.flatMap((t) => (t.v2v === null ? [] : [t.v2v])),
      ),
    );
    report(`media-streams (${path})`, rows, {
      turns: TURNS,
      calls: CALLS,
      call_turns: CALL_TURNS,
      wall_b_s: ms(wall / 1000),
      send_rate_x_realtime_p50: ms(percentile(burstFactor, 50)),
      loadavg: os.loadavg().map((l) => l.toFixed(2)).join(" "),
      cpus: os.cpus().length,
      provider_time: realtime
        ? "WebSocket fakes in this process: their (small) CPU time stays in the window"
        : "fetch wrapper on the engine's requests to the fakes, subtracted",
    });
  } finally {
    globalThis.fetch = realFetch;
    echo.close();
    await close();
    await stt.close();
    await tts.close();
  }
}
