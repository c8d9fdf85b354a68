import { WebSocket } from "ws";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { brainFor, FlowRunner } from "../../flows";
import { Framer } from "./mulaw";
import type { MediaProviders } from "./providers";
import { EnergyVad } from "./vad";

/** Played when TTS has not produced its first audio in time: the line is never silent. */
export const FILLER_LINE = "One moment, please.";

/** What Twilio sends over a Media Streams socket (wire-protocols.md §5.5); others are ignored. */
const inbound = z.discriminatedUnion("event", [
  z.object({ event: z.literal("connected") }),
  z.object({
    event: z.literal("start"),
    streamSid: z.string(),
    start: z.object({
      callSid: z.string().default(""),
      customParameters: z.record(z.string(), z.string()).default({}),
    }),
  }),
  z.object({ event: z.literal("media"), media: z.object({ payload: z.string() }) }),
  z.object({ event: z.literal("mark"), mark: z.object({ name: z.string() }) }),
  z.object({ event: z.literal("dtmf"), dtmf: z.object({ digit: z.string() }) }),
  z.object({ event: z.literal("stop") }),
]);

/** One agent reply being played: its sentences by mark name, and which marks came back. */
interface Playback {
  controller: AbortController;
  segments: Map<string, string>;
  played: string[];
  outstanding: Set<string>;
  generating: boolean;
  cut: boolean;
}

const SENTENCE = /^(.*?[.!?])\s+(.*)$/s;

/**
 * One call over Media Streams: callee frames → energy VAD → OpenAI transcription of the turn → the
 * flow's runner (its brain streams text) → ElevenLabs μ-law per sentence → 20 ms frames back, each
 * sentence followed by a mark. Barge-in (voice while our audio is outstanding): `clear`, abort TTS
 * and generation, and keep only the sentences whose marks came back before the clear.
 */
export function serveMediaStream(ctx: AppContext, ws: WebSocket, providers: MediaProviders) {
  const cfg = ctx.config.mediaStreams;
  const vad = new EnergyVad({ threshold: cfg.vadThreshold, startFrames: 3, silenceMs: cfg.endOfTurnMs });
  let streamSid = "";
  let runner: FlowRunner | null = null;
  let playback: Playback | null = null;
  let markSeq = 0;
  let turnFrames: Uint8Array[] = [];
  const preRoll: Uint8Array[] = [];
  let filler: Promise<Uint8Array | null> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const closing = new AbortController();

  const send = (msg: Record<string, unknown>) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ ...msg, streamSid }));
  };
  const queue = (fn: () => Promise<unknown>) => {
    chain = chain.then(fn).catch((err) => ctx.log.error({ err, callId: runner?.callId }, "Media Streams turn failed"));
  };

  /** TTS for one line, as 20 ms frames; null when the first audio did not come within the timeout. */
  const synthesize = async function* (text: string, parent: AbortSignal) {
    const controller = new AbortController();
    const abort = () => controller.abort();
    parent.addEventListener("abort", abort, { once: true });
    const it = providers.speak(text, runner?.flow.voice ?? "", controller.signal)[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<"timeout">((r) => {
        timer = setTimeout(() => r("timeout"), cfg.ttsTimeoutMs);
      });
      const first = await Promise.race([it.next(), timeout]);
      clearTimeout(timer);
      if (first === "timeout") {
        controller.abort();
        void it.return?.(undefined).catch(() => {});
        yield null;
        return;
      }
      const framer = new Framer();
      let step: IteratorResult<Uint8Array> = first;
      while (!step.done) {
        for (const f of framer.push(step.value)) yield f;
        step = await it.next();
      }
      const last = framer.flush();
      if (last) yield last;
    } finally {
      clearTimeout(timer);
      parent.removeEventListener("abort", abort);
    }
  };

  const collect = async (text: string) => {
    const frames: Uint8Array[] = [];
    for await (const f of synthesize(text, closing.signal)) {
      if (!f) return null;
      frames.push(f);
    }
    return Buffer.concat(frames);
  };

  const sendFrames = (frames: Uint8Array, pb: Playback, text: string, kind: "seg" | "filler") => {
    for (let i = 0; i < frames.length; i += 160)
      send({ event: "media", media: { payload: Buffer.from(frames.subarray(i, i + 160)).toString("base64") } });
    runner?.firstAudio();
    const name = `${kind}-${++markSeq}`;
    if (kind === "seg") pb.segments.set(name, text);
    pb.outstanding.add(name);
    send({ event: "mark", mark: { name } });
  };

  /** One sentence: streamed to Twilio as it arrives; a stall plays the filler (logged), then one retry. */
  const say = async (text: string, pb: Playback) => {
    for (let attempt = 0; attempt < 2 && !pb.cut; attempt++) {
      const frames: Uint8Array[] = [];
      let stalled = false;
      for await (const f of synthesize(text, pb.controller.signal)) {
        if (pb.cut) return;
        if (!f) {
          stalled = true;
          break;
        }
        frames.push(f);
        send({ event: "media", media: { payload: Buffer.from(f).toString("base64") } });
        runner?.firstAudio();
      }
      if (!stalled) {
        const name = `seg-${++markSeq}`;
        pb.segments.set(name, text);
        pb.outstanding.add(name);
        send({ event: "mark", mark: { name } });
        return;
      }
      filler ??= collect(FILLER_LINE);
      let audio = await filler;
      if (!audio) {
        filler = collect(FILLER_LINE);
        audio = await filler;
      }
      if (audio) {
        ctx.log.warn({ callId: runner?.callId, text, timeoutMs: cfg.ttsTimeoutMs }, "TTS timed out: filler played");
        if (!pb.cut) sendFrames(audio, pb, FILLER_LINE, "filler");
      } else ctx.log.error({ callId: runner?.callId, text }, "TTS timed out and the filler could not be synthesised");
    }
    if (!pb.cut) ctx.log.error({ callId: runner?.callId, text }, "TTS failed twice: sentence skipped");
  };

  const drained = (pb: Playback) =>
    new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (pb.outstanding.size === 0 || ws.readyState !== WebSocket.OPEN) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });

  /** The reply to `said`; `timing`: when the VAD ended the callee's turn and how long transcription took. */
  const speak = async (said: string | null, timing: { endOfTurnAt?: number; asrMs?: number } = {}) => {
    if (!runner || runner.ended) return;
    const pb: Playback = {
      controller: new AbortController(),
      segments: new Map(),
      played: [],
      outstanding: new Set(),
      generating: true,
      cut: false,
    };
    playback = pb;
    let buffer = "";
    let ended = false;
    // The last sentence is said when the text is complete, before the runner writes the turn: its
    // first frame (runner.firstAudio) is then in the turn's latency even for a one-sentence reply.
    const textDone = async () => {
      const rest = buffer.trim();
      buffer = "";
      if (rest && !pb.cut) await say(rest, pb);
    };
    // The runner's generator is drained to its end even after a barge-in (it records the turn).
    for await (const out of runner.respond(said, { ...timing, textDone })) {
      if (out.type === "end") {
        // A transfer keeps the stream open: the Calls API update to <Dial> replaces it.
        ended = out.outcome !== "transferred";
        continue;
      }
      if (pb.cut) continue;
      buffer += out.text;
      for (let m = SENTENCE.exec(buffer); m; m = SENTENCE.exec(buffer)) {
        buffer = m[2]!;
        await say(m[1]!.trim(), pb);
      }
    }
    await textDone();
    pb.generating = false;
    if (ended) {
      await drained(pb);
      ws.close(1000, "flow finished");
    }
  };

  const bargeIn = () => {
    const pb = playback;
    if (!pb || pb.cut || (!pb.generating && pb.outstanding.size === 0)) return;
    pb.cut = true;
    send({ event: "clear" });
    pb.controller.abort();
    const played = pb.played.join(" ");
    ctx.log.info({ callId: runner?.callId, played }, "barge-in: cleared");
    void runner?.interrupted(played).catch((err) => ctx.log.error({ err }, "interrupt failed"));
  };

  const onFrame = (frame: Uint8Array) => {
    const event = vad.push(frame);
    if (event === "speech_start") {
      turnFrames = [...preRoll, frame];
      bargeIn();
    } else if (vad.speaking) turnFrames.push(frame);
    else if (event === "speech_end") {
      const endOfTurnAt = performance.now();
      const audio = Buffer.concat(turnFrames);
      turnFrames = [];
      queue(async () => {
        if (!runner) return;
        const asked = performance.now();
        const text = (await providers.transcribe(audio, runner.flow.language, closing.signal)).trim();
        if (text) await speak(text, { endOfTurnAt, asrMs: performance.now() - asked });
      });
    } else {
      preRoll.push(frame);
      if (preRoll.length > 3) preRoll.shift();
    }
  };

  ws.on("message", (data) => {
    let msg: z.infer<typeof inbound>;
    try {
      const r = inbound.safeParse(JSON.parse(String(data)));
      if (!r.success) return;
      msg = r.data;
    } catch {
      return;
    }
    switch (msg.event) {
      case "connected":
        return;
      case "start": {
        streamSid = msg.streamSid;
        const { callId, flowId, contactId } = msg.start.customParameters;
        if (!callId || !flowId) return ws.close(1008, "callId and flowId are required");
        // Warm TTS (and cache the filler) while the run opens.
        filler = collect(FILLER_LINE);
        return queue(async () => {
          runner = await FlowRunner.open(ctx, {
            callId,
            flowId,
            contactId: contactId || null,
            brain: await brainFor(ctx),
          });
          if (runner.history.length === 0) await speak(null);
        });
      }
      case "media":
        return onFrame(Buffer.from(msg.media.payload, "base64"));
      case "mark": {
        const pb = playback;
        if (!pb || !pb.outstanding.delete(msg.mark.name) || pb.cut) return;
        const text = pb.segments.get(msg.mark.name);
        if (text) pb.played.push(text);
        return;
      }
      case "dtmf":
        return queue(() => speak(msg.dtmf.digit));
      case "stop":
        return ws.close(1000, "stream stopped");
    }
  });
  ws.on("close", () => {
    closing.abort();
    playback?.controller.abort();
  });
  ws.on("error", (err) => ctx.log.warn({ err }, "Media Streams socket error"));
}
