import { WebSocket } from "ws";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { brainFor, FlowRunner } from "../../flows";
import { synthesize } from "./http-tts";
import { noteOnCall } from "./note";
import type { MediaProviders } from "./providers";
import { Reply } from "./reply";
import { SpeechInput } from "./speech-input";
import type { TtsSocket } from "./tts-socket";

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

/**
 * One call over Media Streams: callee frames → OpenAI realtime transcription (or the energy VAD and
 * file transcription) → the flow's runner (its brain streams text) → ElevenLabs μ-law (one
 * input-streaming socket per reply, or HTTP per sentence) → 20 ms frames back, each sentence
 * followed by a mark. Barge-in (callee speech while our audio is outstanding): `clear`, abort TTS
 * and generation, and keep only the sentences whose marks came back before the clear.
 */
export function serveMediaStream(ctx: AppContext, ws: WebSocket, providers: MediaProviders) {
  const cfg = ctx.config.mediaStreams;
  let streamSid = "";
  let runner: FlowRunner | null = null;
  let playback: Reply | null = null;
  let input: SpeechInput | null = null;
  let markSeq = 0;
  let filler: Promise<Uint8Array | null> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const closing = new AbortController();
  /** The next reply's ElevenLabs socket, opened ahead (warm) so a reply never waits for it. */
  let spare: TtsSocket | null = null;
  let callId = "";
  let voice = "";

  const send = (msg: Record<string, unknown>) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ ...msg, streamSid }));
  };
  const queue = (fn: () => Promise<unknown>) => {
    chain = chain.then(fn).catch((err) => ctx.log.error({ err, callId }, "Media Streams turn failed"));
  };
  const speakHttp = (text: string, signal: AbortSignal) => providers.speak(text, voice, signal);
  const collect = async (text: string) => {
    const frames: Uint8Array[] = [];
    for await (const f of synthesize(speakHttp, text, closing.signal, cfg.ttsTimeoutMs)) {
      if (!f) return null;
      frames.push(f);
    }
    return Buffer.concat(frames);
  };
  /** Logged, and kept on the call's timeline when the call is ours (a sandbox or test id is not). */
  const note = (level: "info" | "warn" | "error", summary: string, details: Record<string, unknown> = {}) => {
    ctx.log[level]({ callId, ...details }, summary);
    void noteOnCall(ctx, callId, summary, details).catch((err) => ctx.log.warn({ err, callId }, "call note failed"));
  };
  let socketRefused = false;
  const warmSocket = () => {
    if (!providers.ttsSocket || socketRefused || closing.signal.aborted || spare?.usable) return;
    spare?.close();
    spare = providers.ttsSocket(voice);
    spare.ready.catch((err) => {
      // Refused once: the rest of the call uses HTTP streaming rather than retrying every reply.
      if (socketRefused || closing.signal.aborted) return;
      socketRefused = true;
      note("warn", "ElevenLabs socket failed to open: HTTP streaming used", { reason: String(err) });
    });
  };
  const takeSocket = () => {
    if (socketRefused || !providers.ttsSocket) return null;
    warmSocket(); // only when there is no usable spare (say, it closed while idle)
    const s = spare;
    spare = null;
    return s;
  };

  const drained = (pb: Reply) =>
    new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (pb.outstanding.size === 0 || ws.readyState !== WebSocket.OPEN) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });

  /** The reply to `said`; `timing`: when the callee's turn ended and how long transcription took. */
  const speak = async (said: string | null, timing: { endOfTurnAt?: number; asrMs?: number } = {}) => {
    if (!runner || runner.ended) return;
    const pb: Reply = new Reply(
      {
        sendMedia: (f) => send({ event: "media", media: { payload: Buffer.from(f).toString("base64") } }),
        sendMark: (name) => send({ event: "mark", mark: { name } }),
        nextMark: (kind) => `${kind}-${++markSeq}`,
        firstAudio: () => runner?.firstAudio(),
        speakHttp,
        ttsTimeoutMs: cfg.ttsTimeoutMs,
        stalled: async (text, transport) => {
          filler ??= collect(FILLER_LINE);
          let audio = await filler;
          if (!audio) {
            filler = collect(FILLER_LINE);
            audio = await filler;
          }
          if (audio) {
            note("warn", "TTS timed out: filler played", { text, transport, timeoutMs: cfg.ttsTimeoutMs });
            if (!pb.cut) pb.playFiller(audio);
          } else note("error", "TTS timed out and the filler could not be synthesised", { text, transport });
        },
        failed: (text) => note("error", "TTS failed twice: sentence skipped", { text }),
      },
      takeSocket(),
    );
    playback = pb;
    let ended = false;
    // The last sentence is said when the text is complete, before the runner writes the turn: its
    // first frame (runner.firstAudio) is then in the turn's latency even for a one-sentence reply.
    const textDone = () => pb.finish();
    // The runner's generator is drained to its end even after a barge-in (it records the turn).
    for await (const out of runner.respond(said, { ...timing, textDone })) {
      if (out.type === "end") {
        // A transfer keeps the stream open: the Calls API update to <Dial> replaces it.
        ended = out.outcome !== "transferred";
        continue;
      }
      pb.push(out.text);
    }
    await pb.finish();
    // The next reply's socket is opened once this one is out, not during it: its handshake would
    // compete with this reply's first audio.
    if (!ended) warmSocket();
    if (ended) {
      await drained(pb);
      ws.close(1000, "flow finished");
    }
  };

  const bargeIn = () => {
    const pb = playback;
    if (!pb || pb.cut || (!pb.generating && pb.outstanding.size === 0)) return;
    send({ event: "clear" });
    pb.abort();
    const played = pb.played.join(" ");
    ctx.log.info({ callId, played }, "barge-in: cleared");
    void runner?.interrupted(played).catch((err) => ctx.log.error({ err }, "interrupt failed"));
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
        const { flowId, contactId } = msg.start.customParameters;
        callId = msg.start.customParameters.callId ?? "";
        if (!callId || !flowId) return ws.close(1008, "callId and flowId are required");
        return queue(async () => {
          const brain = brainFor(ctx);
          runner = await FlowRunner.open(ctx, { callId, flowId, contactId: contactId || null, brain: await brain });
          voice = runner.flow.voice ?? "";
          // Warm TTS (the socket, and the filler over HTTP) and speech recognition before the greeting.
          filler = collect(FILLER_LINE);
          warmSocket();
          input = new SpeechInput({
            cfg,
            providers,
            language: runner.flow.language,
            signal: closing.signal,
            speechStarted: bargeIn,
            turn: (heard) =>
              queue(async () => {
                const t = await heard();
                if (t?.text) await speak(t.text, { endOfTurnAt: t.endOfTurnAt, asrMs: t.asrMs });
              }),
            note: (level, summary, details) => note(level, summary, details),
          });
          input.start();
          if (runner.history.length === 0) await speak(null);
        });
      }
      case "media":
        return input?.frame(msg.media.payload);
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
    playback?.abort();
    input?.close();
    spare?.close();
  });
  ws.on("error", (err) => ctx.log.warn({ err }, "Media Streams socket error"));
}
