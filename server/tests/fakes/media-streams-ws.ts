// WebSocket fakes for the Media Streams engine, speaking the providers' wire formats (see the
// engine's realtime-stt.ts and tts-socket.ts for the sources): OpenAI realtime transcription (its
// own energy VAD stands in for the server VAD and answers each turn with the next scripted line,
// as the file-transcription fake does) and ElevenLabs input streaming (μ-law with alignment).
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { frameEnergy, linearToUlaw } from "../../src/features/calls/media-streams/mulaw";

async function serve(
  onUpgrade: (req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => void,
  app?: http.RequestListener,
) {
  const server = http.createServer(app ?? ((_req, res) => res.writeHead(404).end()));
  server.on("upgrade", onUpgrade);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const sockets = new Set<WebSocket>();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.terminate();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function refuse(socket: import("node:stream").Duplex, status: number, body: unknown) {
  socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(body)}`);
}

const TRANSCRIBE_MODELS = ["gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper-1"];

/** OpenAI realtime transcription: wss …/v1/realtime?intent=transcription. */
export async function fakeRealtimeTranscription(lines: string[], httpApp?: http.RequestListener) {
  const mode = { refuse: null as number | null, dropAfterTurns: null as number | null };
  const updates: any[] = [];
  const stats = { sessions: 0, appended: 0, turns: 0, stoppedAt: [] as number[] };
  const wss = new WebSocketServer({ noServer: true });
  const srv = await serve((req, socket, head) => {
    const url = new URL(req.url ?? "", "http://x");
    if (url.pathname !== "/v1/realtime") return refuse(socket, 404, { error: { message: "not found" } });
    if (req.headers.authorization !== "Bearer sk-test")
      return refuse(socket, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error" } });
    if (mode.refuse) return refuse(socket, mode.refuse, { error: { message: "The server had an error", type: "server_error" } });
    if (url.searchParams.get("intent") !== "transcription")
      return refuse(socket, 400, { error: { message: "intent=transcription expected by this fake" } });
    wss.handleUpgrade(req, socket, head, (ws) => session(ws));
  }, httpApp);

  function session(ws: WebSocket) {
    srv.sockets.add(ws);
    stats.sessions++;
    const ev = (type: string, rest: Record<string, unknown> = {}) =>
      ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ event_id: `event_${randomUUID()}`, type, ...rest }));
    const error = (message: string, param?: string) =>
      ev("error", { error: { type: "invalid_request_error", code: "invalid_value", message, param: param ?? null } });
    let silenceMs: number | null = null;
    let loud = 0;
    let quietMs = 0;
    let speaking = false;
    let item = "";
    let audioMs = 0;
    let turns = 0;
    let previous: string | null = null;
    ev("session.created", { session: { object: "realtime.session", type: "transcription", id: `sess_${randomUUID()}` } });
    const endTurn = () => {
      speaking = false;
      loud = 0;
      stats.stoppedAt.push(performance.now());
      ev("input_audio_buffer.speech_stopped", { audio_end_ms: audioMs, item_id: item });
      ev("input_audio_buffer.committed", { item_id: item, previous_item_id: previous });
      previous = item;
      const text = lines.shift() ?? "";
      for (const word of text.split(/(?<= )/))
        if (word) ev("conversation.item.input_audio_transcription.delta", { item_id: item, content_index: 0, delta: word });
      ev("conversation.item.input_audio_transcription.completed", { item_id: item, content_index: 0, transcript: text });
      stats.turns++;
      if (mode.dropAfterTurns !== null && ++turns >= mode.dropAfterTurns) ws.close(1011, "server_error");
    };
    ws.on("message", (data) => {
      const m = JSON.parse(String(data));
      if (m.type === "session.update") {
        updates.push(m);
        const input = m.session?.audio?.input;
        if (m.session?.type !== "transcription") return error("session.type must be transcription", "session.type");
        if (input?.format?.type !== "audio/pcmu") return error("this fake expects audio/pcmu", "session.audio.input.format");
        if (!TRANSCRIBE_MODELS.includes(input?.transcription?.model))
          return error("Invalid transcription model", "session.audio.input.transcription.model");
        if (input?.turn_detection?.type !== "server_vad" || typeof input.turn_detection.silence_duration_ms !== "number")
          return error("server_vad with silence_duration_ms expected", "session.audio.input.turn_detection");
        silenceMs = input.turn_detection.silence_duration_ms;
        return ev("session.updated", { session: m.session });
      }
      if (m.type === "input_audio_buffer.commit") {
        if (speaking) endTurn();
        return;
      }
      if (m.type !== "input_audio_buffer.append") return error(`unknown event ${m.type}`);
      if (silenceMs === null) return error("session not configured");
      const audio = Buffer.from(String(m.audio), "base64");
      stats.appended += audio.length;
      for (let i = 0; i + 160 <= audio.length; i += 160) {
        audioMs += 20;
        const voiced = frameEnergy(audio.subarray(i, i + 160)) >= 500;
        if (!speaking) {
          loud = voiced ? loud + 1 : 0;
          if (loud >= 3) {
            speaking = true;
            quietMs = 0;
            item = `item_${randomUUID().slice(0, 8)}`;
            ev("input_audio_buffer.speech_started", { audio_start_ms: audioMs - 60, item_id: item });
          }
        } else {
          quietMs = voiced ? 0 : quietMs + 20;
          if (quietMs >= silenceMs) endTurn();
        }
      }
    });
    ws.on("close", () => srv.sockets.delete(ws));
  }
  return { ...srv, mode, updates, stats };
}

interface ElevenSocketLog {
  voice: string;
  query: Record<string, string>;
  messages: any[];
  closedBy: "client" | "inactivity" | null;
  /** What triggered each generation: the schedule or try_trigger_generation, a flush, the end. */
  generations: ("trigger" | "flush" | "end")[];
}

/**
 * ElevenLabs wss …/v1/text-to-speech/{voice}/stream-input: buffers text, generates on the chunk
 * schedule, `try_trigger_generation` (≥ 50 buffered characters), `flush` and the closing `""`;
 * audio is `bytesPerChar` μ-law bytes per character with per-chunk alignment, in two messages per
 * generation. `stall.re`: text matching it is never voiced (nor anything after it on that socket).
 * The socket closes after `inactivityMs` without a message, as ElevenLabs does after 20 s.
 */
export async function fakeElevenLabsSocket(
  opts: { bytesPerChar?: number; inactivityMs?: number; stall?: { re?: RegExp } } = {},
  httpApp?: http.RequestListener,
) {
  const perChar = opts.bytesPerChar ?? 16;
  const sockets: ElevenSocketLog[] = [];
  const wss = new WebSocketServer({ noServer: true });
  const srv = await serve((req, socket, head) => {
    const url = new URL(req.url ?? "", "http://x");
    const m = /^\/v1\/text-to-speech\/([^/]+)\/stream-input$/.exec(url.pathname);
    if (!m) return refuse(socket, 404, { detail: "Not Found" });
    if (req.headers["xi-api-key"] !== "el-test") return refuse(socket, 401, { detail: { status: "invalid_api_key" } });
    if (url.searchParams.get("output_format") !== "ulaw_8000" || !url.searchParams.get("model_id"))
      return refuse(socket, 422, { detail: [{ msg: "this fake expects output_format=ulaw_8000 and model_id" }] });
    wss.handleUpgrade(req, socket, head, (ws) =>
      connection(ws, { voice: m[1]!, query: Object.fromEntries(url.searchParams), messages: [], closedBy: null, generations: [] }),
    );
  }, httpApp);

  function connection(ws: WebSocket, log: ElevenSocketLog) {
    srv.sockets.add(ws);
    sockets.push(log);
    let buffer = "";
    let schedule = [120, 160, 250, 290];
    let generated = 0;
    let stalled = false;
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        log.closedBy = "inactivity";
        ws.send(JSON.stringify({ message: "Have not received a new text input within the timeout", error: "input_timeout_exceeded", code: 1008 }));
        ws.close(1008, "input_timeout_exceeded");
      }, opts.inactivityMs ?? 20_000);
    };
    armIdle();
    const voice = (text: string) => {
      if (!text || stalled) return;
      if (opts.stall?.re?.test(text)) {
        stalled = true;
        return;
      }
      const chars = [...text];
      const audio = Buffer.alloc(chars.length * perChar, linearToUlaw(1000));
      const ms = perChar / 8;
      const half = Math.ceil(chars.length / 2);
      for (const part of [chars.slice(0, half), chars.slice(half)]) {
        if (!part.length) continue;
        const bytes = audio.subarray(0, part.length * perChar);
        ws.send(
          JSON.stringify({
            audio: bytes.toString("base64"),
            isFinal: null,
            normalizedAlignment: null,
            alignment: {
              chars: part,
              charStartTimesMs: part.map((_c, i) => i * ms),
              charDurationsMs: part.map(() => ms),
            },
          }),
        );
      }
      generated++;
    };
    ws.on("message", (data) => {
      const m = JSON.parse(String(data));
      log.messages.push(m);
      armIdle();
      if (log.messages.length === 1) {
        if (m.text !== " ") return ws.close(1008, "the first message must be a single space");
        if (m.generation_config?.chunk_length_schedule) schedule = m.generation_config.chunk_length_schedule;
        return;
      }
      if (m.text === "") {
        if (buffer.trim()) log.generations.push("end");
        voice(buffer);
        buffer = "";
        clearTimeout(idle);
        if (!stalled) ws.send(JSON.stringify({ isFinal: true }));
        log.closedBy = "client";
        return ws.close(1000);
      }
      buffer += String(m.text ?? "");
      const threshold = schedule[Math.min(generated, schedule.length - 1)]!;
      if (m.flush || buffer.length >= threshold || (m.try_trigger_generation && buffer.trim().length >= 50)) {
        // Generates at a word boundary unless flushed.
        const cut = m.flush ? buffer.length : buffer.lastIndexOf(" ") + 1;
        if (cut > 0 && buffer.slice(0, cut).trim()) {
          log.generations.push(m.flush ? "flush" : "trigger");
          voice(buffer.slice(0, cut));
          buffer = buffer.slice(cut);
        }
      }
    });
    ws.on("close", () => {
      clearTimeout(idle);
      srv.sockets.delete(ws);
    });
  }
  const texts = () =>
    sockets.map((s) =>
      s.messages
        .slice(1)
        .map((m) => String(m.text ?? ""))
        .join("")
        .replace(/\s+/g, " ")
        .trim(),
    );
  return { ...srv, sockets, texts };
}
