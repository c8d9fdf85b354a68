// The Media Streams engine at /webhooks/twilio/media on its fallback paths (CALLS_STT=file,
// ELEVENLABS_TTS_TRANSPORT=http), driven by a fake Twilio stream (a scripted callee spoken by
// espeak-ng, tone bursts without it: fakes/spoken.ts), fake OpenAI file transcription and fake
// ElevenLabs HTTP μ-law: a full call to an outcome, barge-in keeping only the played sentences, a
// TTS stall covered by a filler, and the next sentence fetched while the one before it plays. The
// realtime/WebSocket paths: media-streams-realtime.test.ts.
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flowSessions, flowTurns } from "../src/features/flows/schema";
import { fakeElevenLabs, fakeTranscription, FakeMediaStream } from "./fakes/media-streams";
import { bootServer, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const TOKEN = "twilio-auth-token-for-tests";
// Longer than espeak-ng's pause at a comma (~260 ms), so "Yes, go ahead." stays one turn.
const END_OF_TURN_FRAMES = 20; // MEDIA_END_OF_TURN_MS=400

describe.each(drivers)("Media Streams engine (%s)", (driver) => {
  let s: TestServer;
  let flowId: string;
  let url: string;
  let stt: Awaited<ReturnType<typeof fakeTranscription>>;
  let tts: Awaited<ReturnType<typeof fakeElevenLabs>>;
  const lines: string[] = [];
  const stall: { re?: RegExp } = {};
  const latency = { ms: 0 };
  const open: FakeMediaStream[] = [];

  beforeAll(async () => {
    stt = await fakeTranscription(lines);
    tts = await fakeElevenLabs({ bytesPerChar: 16, stall, latency });
    s = await bootServer(driver, {
      TWILIO_AUTH_TOKEN: TOKEN,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: `${stt.url}/v1`,
      ELEVENLABS_API_KEY: "el-test",
      ELEVENLABS_API_URL: tts.url,
      MEDIA_END_OF_TURN_MS: "400",
      CALLS_STT: "file",
      ELEVENLABS_TTS_TRANSPORT: "http",
      // Long enough for a real first sentence on a loaded machine; the stalled one waits it out.
      MEDIA_TTS_TIMEOUT_MS: "2000",
    });
    const admin = await loginAs(s.url);
    flowId = (await admin.get("/api/flows")).body.items[0].id;
    url = `${s.url.replace("http", "ws")}/webhooks/twilio/media`;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await s?.stop();
    await stt?.close();
    await tts?.close();
  });

  const call = async () => {
    const callId = randomUUID();
    const twilioSide = await FakeMediaStream.open(url, twilio.getExpectedTwilioSignature(TOKEN, url, {}));
    open.push(twilioSide);
    twilioSide.start({ callId, flowId, contactId: "c-1" });
    return { callId, twilioSide };
  };
  const turnsOf = (callId: string) =>
    s.ctx.db.select().from(flowTurns).where(eq(flowTurns.callId, callId)).orderBy(asc(flowTurns.seq));
  /** Waits until the agent's reply so far has played out (all its marks came back). */
  const played = async (t: FakeMediaStream, marks: number) => {
    await waitFor(() => t.marks.filter((m) => m.startsWith("seg-")).length >= marks && t.idle, 10_000);
  };

  it("refuses an upgrade without a valid X-Twilio-Signature", async () => {
    await expect(FakeMediaStream.open(url, "bad")).rejects.toThrow("HTTP 401");
  });

  it("runs a call to its outcome: VAD turns, transcription, μ-law frames with marks", async () => {
    const { callId, twilioSide } = await call();
    await played(twilioSide, 1);
    expect(tts.texts[1]).toMatch(/^Hello, this is Asha/);
    const media = twilioSide.received.filter((m) => m.event === "media");
    expect(media.every((m) => Buffer.from(m.media.payload, "base64").length === 160)).toBe(true);
    expect(media[0].streamSid).toBe(twilioSide.streamSid);

    lines.push("Yes, go ahead.");
    const before = twilioSide.marks.length;
    twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
    await waitFor(() => twilioSide.marks.length >= before + 2 && twilioSide.idle, 10_000);
    expect(tts.texts.join(" ")).toMatch(/zero commission/);

    lines.push("No, we are not interested.");
    twilioSide.speak("No, we are not interested.", END_OF_TURN_FRAMES + 2);
    expect(await twilioSide.closed).toBe(1000);
    const turns = await turnsOf(callId);
    expect(turns.map((t) => [t.role, t.interrupted])).toEqual([
      ["agent", false],
      ["callee", false],
      ["agent", false],
      ["callee", false],
    ]);
    expect(turns[1]!.text).toBe("Yes, go ahead.");
    // Per-turn latency: the reply to a callee turn has every stage (VAD end → first frame sent
    // includes the transcription); the opening has no speech recognition. Values, not thresholds.
    const reply = turns[2]!;
    expect(reply).toMatchObject({
      asrMs: expect.any(Number),
      llmFirstTokenMs: expect.any(Number),
      ttsFirstAudioMs: expect.any(Number),
      voiceToVoiceMs: expect.any(Number),
    });
    expect(reply.voiceToVoiceMs!).toBeGreaterThanOrEqual(reply.asrMs!);
    expect(reply.voiceToVoiceMs!).toBeGreaterThanOrEqual(reply.ttsFirstAudioMs!);
    expect(turns[0]).toMatchObject({
      asrMs: null,
      ttsFirstAudioMs: expect.any(Number),
      voiceToVoiceMs: expect.any(Number),
    });
    const [session] = await s.ctx.db.select().from(flowSessions).where(eq(flowSessions.callId, callId));
    expect(session).toMatchObject({ outcome: "not_interested", contactId: "c-1" });
    expect(stt.requests.at(-1)!.model).toBe("gpt-4o-mini-transcribe");
    expect(twilioSide.cleared).toBe(0);
  });

  it("barge-in: clear is sent and only the sentences that played stay in the transcript", async () => {
    const { callId, twilioSide } = await call();
    await played(twilioSide, 1);
    lines.push("Yes, go ahead.", "Sorry, who is calling?");
    const before = twilioSide.marks.length;
    twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
    // The offer's first sentence has played; the callee speaks over the second.
    await waitFor(() => twilioSide.marks.length > before, 10_000);
    twilioSide.speak("Sorry, who is calling?", END_OF_TURN_FRAMES + 2);
    await waitFor(() => twilioSide.cleared === 1);
    await waitFor(async () => (await turnsOf(callId)).some((t) => t.interrupted), 10_000);
    const cut = (await turnsOf(callId)).find((t) => t.interrupted)!;
    expect(cut.role).toBe("agent");
    expect(cut.intended).toMatch(/zero commission\. Would your lab be interested/);
    expect(cut.text).toBe(cut.intended!.split(/(?<=\.)\s/)[0]);
    // The callee's words over the agent are the next turn.
    await waitFor(async () => (await turnsOf(callId)).some((t) => t.text === "Sorry, who is calling?"), 10_000);
    twilioSide.stop();
    expect(await twilioSide.closed).toBe(1000);
  });

  it("a TTS stall plays a filler and is logged, never silence", async () => {
    const warn = vi.spyOn(s.ctx.log, "warn");
    try {
      const { twilioSide } = await call();
      await played(twilioSide, 1);
      stall.re = /zero commission/;
      lines.push("Yes, go ahead.");
      twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
      await waitFor(() => twilioSide.marks.some((m) => m.startsWith("filler-")), 10_000);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ text: expect.stringMatching(/zero commission/) }),
        "TTS timed out: filler played",
      );
      // The next sentence still plays (it was fetched ahead while the stalled one was retried).
      await waitFor(
        () =>
          tts.texts.includes("Would your lab be interested in joining?") &&
          twilioSide.marks.at(-1)!.startsWith("seg-") &&
          twilioSide.idle,
        10_000,
      );
      twilioSide.stop();
      expect(await twilioSide.closed).toBe(1000);
    } finally {
      stall.re = undefined;
      warn.mockRestore();
    }
  });

  it("fetches the next sentence's audio while the one before it is sent (prefetch)", async () => {
    const { twilioSide } = await call();
    await played(twilioSide, 1);
    latency.ms = 150;
    try {
      lines.push("Yes, go ahead.");
      const before = twilioSide.marks.length;
      twilioSide.speak("Yes, go ahead.", END_OF_TURN_FRAMES + 2);
      await waitFor(() => twilioSide.marks.length >= before + 2 && twilioSide.idle, 10_000);
      const first = tts.requests.findLast((r) => /zero commission/.test(r.text))!;
      const second = tts.requests.findLast((r) => r.text === "Would your lab be interested in joining?")!;
      // The second request was made before the first one's response had even started: without
      // prefetch it would only be made once the first sentence's audio was all sent.
      expect(first.respondedAt).not.toBeNull();
      expect(second.at).toBeLessThan(first.respondedAt!);
    } finally {
      latency.ms = 0;
    }
    twilioSide.stop();
    expect(await twilioSide.closed).toBe(1000);
  });
});
