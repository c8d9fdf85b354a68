// The Media Streams engine on its primary paths: OpenAI realtime transcription over WebSocket
// (μ-law appended as received, the server's VAD ending turns and starting barge-ins) and ElevenLabs
// WebSocket input streaming (text as it streams, μ-law back with alignment placing the marks).
// Driven by the fake Twilio stream (a scripted callee spoken by espeak-ng, tone bursts without it:
// fakes/spoken.ts; the realtime fake answers each
// turn with the next scripted line) and fakes speaking both providers' wire formats; the file
// transcription and HTTP TTS fakes sit on the same base URLs as the fallbacks.
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FILLER_LINE } from "../src/features/calls/media-streams/session";
import { callEvents, calls } from "../src/features/calls/schema";
import { flowSessions, flowTurns } from "../src/features/flows/schema";
import { elevenLabsApp, FakeMediaStream, transcriptionApp } from "./fakes/media-streams";
import { fakeElevenLabsSocket, fakeRealtimeTranscription } from "./fakes/media-streams-ws";
import { bootServer, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const TOKEN = "twilio-auth-token-for-tests";
// Longer than espeak-ng's pause at a comma (~260 ms), so "Yes, go ahead." stays one turn.
const END_OF_TURN_FRAMES = 20; // MEDIA_END_OF_TURN_MS=400
const INACTIVITY_MS = 1000; // the fake ElevenLabs socket's inactivity timeout (20 s for real)

describe.each(drivers)("Media Streams engine, realtime STT and WebSocket TTS (%s)", (driver) => {
  let s: TestServer;
  let flowId: string;
  let url: string;
  const lines: string[] = [];
  const fileLines: string[] = [];
  const stall: { re?: RegExp } = {};
  const file = transcriptionApp(fileLines);
  const http = elevenLabsApp({ bytesPerChar: 16 });
  let rt: Awaited<ReturnType<typeof fakeRealtimeTranscription>>;
  let el: Awaited<ReturnType<typeof fakeElevenLabsSocket>>;
  const open: FakeMediaStream[] = [];

  beforeAll(async () => {
    rt = await fakeRealtimeTranscription(lines, file.app);
    el = await fakeElevenLabsSocket({ bytesPerChar: 16, inactivityMs: INACTIVITY_MS, stall }, http.app);
    s = await bootServer(driver, {
      TWILIO_AUTH_TOKEN: TOKEN,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: `${rt.url}/v1`,
      ELEVENLABS_API_KEY: "el-test",
      ELEVENLABS_API_URL: el.url,
      MEDIA_END_OF_TURN_MS: "400",
      MEDIA_TTS_TIMEOUT_MS: "2000",
      CALLS_STT: "realtime",
      ELEVENLABS_TTS_TRANSPORT: "ws",
      // Well inside the fake's 1 s inactivity timeout, as 15 s is inside ElevenLabs' 20 s.
      ELEVENLABS_WS_KEEPALIVE_MS: "200",
    });
    const admin = await loginAs(s.url);
    flowId = (await admin.get("/api/flows")).body.items[0].id;
    url = `${s.url.replace("http", "ws")}/webhooks/twilio/media`;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await s?.stop();
    await rt?.close();
    await el?.close();
  });

  /** A call; `row`: a calls row exists for it, so the engine's notes land on its timeline. */
  const call = async (row = false) => {
    let callId: string = randomUUID();
    if (row) {
      const [inserted] = await s.ctx.db
        .insert(calls)
        .values({ direction: "outbound", toNumber: "+919876543210", status: "in_progress" })
        .returning({ id: calls.id });
      callId = inserted!.id;
    }
    const twilioSide = await FakeMediaStream.open(url, twilio.getExpectedTwilioSignature(TOKEN, url, {}));
    open.push(twilioSide);
    twilioSide.start({ callId, flowId, contactId: "c-1" });
    return { callId, twilioSide };
  };
  const turnsOf = (callId: string) =>
    s.ctx.db.select().from(flowTurns).where(eq(flowTurns.callId, callId)).orderBy(asc(flowTurns.seq));
  const notesOf = async (callId: string) =>
    (
      await s.ctx.db
        .select()
        .from(callEvents)
        .where(and(eq(callEvents.callId, callId), eq(callEvents.kind, "note")))
    ).map((e) => e.summary);
  const played = async (t: FakeMediaStream, marks: number) => {
    await waitFor(() => t.marks.filter((m) => m.startsWith("seg-")).length >= marks && t.idle, 10_000);
  };
  const socketWith = (re: RegExp) => el.sockets[el.texts().findIndex((t) => re.test(t))];

  it("runs a call to its outcome through the realtime session and ElevenLabs sockets", async () => {
    const sessions = rt.stats.sessions;
    const { callId, twilioSide } = await call();
    await played(twilioSide, 1);
    // The session was configured for μ-law passthrough and the flow's silence.
    await waitFor(() => rt.stats.sessions === sessions + 1);
    expect(rt.updates.at(-1).session.audio.input).toMatchObject({
      format: { type: "audio/pcmu" },
      transcription: { model: "gpt-4o-mini-transcribe", language: "en" },
      turn_detection: { type: "server_vad", silence_duration_ms: 400 },
    });
    // The greeting's text is complete once its socket got the closing "" (its audio may still come).
    await waitFor(() => socketWith(/^Hello, this is Asha/)?.closedBy === "client", 10_000);
    const greeting = socketWith(/^Hello, this is Asha/)!;
    expect(greeting.query).toMatchObject({ model_id: "eleven_flash_v2_5", output_format: "ulaw_8000" });
    expect(greeting.messages[0]).toMatchObject({ text: " ", generation_config: { chunk_length_schedule: expect.any(Array) } });
    expect(greeting.messages.some((m) => m.flush === true)).toBe(true);
    // The text went out before its sentence was complete, so audio started before the flush.
    expect(greeting.generations[0]).toBe("trigger");
    expect(greeting.messages.at(-1)).toEqual({ text: "" });

    lines.push("Yes, go ahead.");
    const before = twilioSide.marks.length;
    const appended = rt.stats.appended;
    const sent = twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
    await waitFor(() => twilioSide.marks.length >= before + 2 && twilioSide.idle, 10_000);
    // Every callee frame reached the session as μ-law, byte for byte.
    expect(rt.stats.appended - appended).toBe(sent * 160);
    // One mark per sentence of the reply, placed by the audio's alignment.
    const offer = socketWith(/zero commission/)!;
    expect(offer.messages.filter((m) => m.flush).length).toBe(2);

    lines.push("No, we are not interested.");
    twilioSide.speak("No, we are not interested.", END_OF_TURN_FRAMES + 2);
    expect(await twilioSide.closed).toBe(1000);
    const turns = await turnsOf(callId);
    expect(turns.map((t) => [t.role, t.text.slice(0, 12)])).toEqual([
      ["agent", "Hello, this "],
      ["callee", "Yes, go ahea"],
      ["agent", expect.any(String)],
      ["callee", "No, we are n"],
    ]);
    expect(turns[2]).toMatchObject({ asrMs: expect.any(Number), ttsFirstAudioMs: expect.any(Number) });
    const [session] = await s.ctx.db.select().from(flowSessions).where(eq(flowSessions.callId, callId));
    expect(session).toMatchObject({ outcome: "not_interested" });
    // Neither fallback was used.
    expect(file.requests).toHaveLength(0);
    // (The filler line is synthesised over HTTP once per call, to be ready.)
    expect(http.texts.filter((t) => t !== FILLER_LINE)).toHaveLength(0);
  });

  it("barge-in from the session's speech_started keeps only the sentences whose marks came back", async () => {
    const { callId, twilioSide } = await call();
    await played(twilioSide, 1);
    lines.push("Yes, go ahead.", "Sorry, who is calling?");
    const before = twilioSide.marks.length;
    twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
    // The offer's first sentence has played; the callee speaks over the second.
    await waitFor(() => twilioSide.marks.length > before, 10_000);
    twilioSide.speak("Sorry, who is calling?", END_OF_TURN_FRAMES + 2);
    await waitFor(() => twilioSide.cleared === 1, 10_000);
    await waitFor(async () => (await turnsOf(callId)).some((t) => t.interrupted), 10_000);
    const cut = (await turnsOf(callId)).find((t) => t.interrupted)!;
    expect(cut.intended).toMatch(/zero commission\. Would your lab be interested/);
    expect(cut.text).toBe(cut.intended!.split(/(?<=\.)\s/)[0]);
    await waitFor(async () => (await turnsOf(callId)).some((t) => t.text === "Sorry, who is calling?"), 10_000);
    twilioSide.stop();
    expect(await twilioSide.closed).toBe(1000);
    expect(file.requests).toHaveLength(0);
  });

  it("a realtime session refused at open falls back to file transcription, noted on the call", async () => {
    rt.mode.refuse = 500;
    try {
      const { callId, twilioSide } = await call(true);
      await played(twilioSide, 1);
      fileLines.push("Yes, go ahead.");
      const asked = file.requests.length;
      twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
      await waitFor(async () => (await turnsOf(callId)).some((t) => t.text === "Yes, go ahead."), 10_000);
      expect(file.requests.length).toBe(asked + 1);
      expect(await notesOf(callId)).toContain("realtime transcription failed to open: file transcription used");
      twilioSide.stop();
      expect(await twilioSide.closed).toBe(1000);
    } finally {
      rt.mode.refuse = null;
    }
  });

  it("a realtime session that drops mid-call falls back to file transcription, noted on the call", async () => {
    rt.mode.dropAfterTurns = 1;
    try {
      const { callId, twilioSide } = await call(true);
      await played(twilioSide, 1);
      lines.push("Yes, go ahead.");
      const before = twilioSide.marks.length;
      twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
      await waitFor(async () => (await notesOf(callId)).some((n) => n.startsWith("realtime transcription dropped")), 10_000);
      await waitFor(() => twilioSide.marks.length >= before + 2 && twilioSide.idle, 10_000);
      fileLines.push("Sorry, who is calling?");
      const asked = file.requests.length;
      twilioSide.speak("Sorry, who is calling?", END_OF_TURN_FRAMES + 2);
      await waitFor(async () => (await turnsOf(callId)).some((t) => t.text === "Sorry, who is calling?"), 10_000);
      expect(file.requests.length).toBe(asked + 1);
      twilioSide.stop();
      expect(await twilioSide.closed).toBe(1000);
    } finally {
      rt.mode.dropAfterTurns = null;
    }
  });

  it("a stalled TTS socket plays the filler, is noted on the call, and the reply goes on over HTTP", async () => {
    const warn = vi.spyOn(s.ctx.log, "warn");
    try {
      const { callId, twilioSide } = await call(true);
      await played(twilioSide, 1);
      stall.re = /zero commission/;
      lines.push("Yes, go ahead.");
      twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
      await waitFor(() => twilioSide.marks.some((m) => m.startsWith("filler-")), 10_000);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ transport: "ws", text: expect.stringMatching(/zero commission/) }),
        "TTS timed out: filler played",
      );
      expect(await notesOf(callId)).toContain("TTS timed out: filler played");
      // The unplayed sentences are said over HTTP after the filler.
      await waitFor(
        () => http.texts.includes("Would your lab be interested in joining?") && twilioSide.idle,
        10_000,
      );
      expect(http.texts.some((t) => /zero commission/.test(t))).toBe(true);
      twilioSide.stop();
      expect(await twilioSide.closed).toBe(1000);
    } finally {
      stall.re = undefined;
      warn.mockRestore();
    }
  });

  it("keeps the warm TTS socket open with single-space keepalives while nothing is said", async () => {
    const { twilioSide } = await call();
    await played(twilioSide, 1);
    // The spare socket for the next reply, opened once the greeting was out.
    const spare = () => el.sockets.at(-1)!;
    const keepalives = () => spare().messages.slice(1).filter((m) => m.text === " " && !m.flush).length;
    // Longer than the fake's inactivity timeout: without keepalives it would have closed the socket.
    await waitFor(() => keepalives() * 200 > INACTIVITY_MS * 1.5, 10_000);
    expect(spare().closedBy).toBeNull();
    const idle = spare();
    lines.push("Yes, go ahead.");
    const before = twilioSide.marks.length;
    twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
    await waitFor(() => twilioSide.marks.length >= before + 2 && twilioSide.idle, 10_000);
    // The reply used that same socket.
    expect(idle.messages.map((m) => m.text).join("")).toMatch(/zero commission/);
    twilioSide.stop();
    expect(await twilioSide.closed).toBe(1000);
  });
});
