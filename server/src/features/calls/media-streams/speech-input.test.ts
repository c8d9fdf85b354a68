// The 30-minute limit of a realtime transcription session: the engine renews it before then, over
// real WebSockets against the realtime fake (the session lifetime shortened to 300 ms here).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../config";
import { fakeRealtimeTranscription } from "../../../../tests/fakes/media-streams-ws";
import { SILENCE, SPEECH } from "../../../../tests/fakes/media-streams";
import { RealtimeSttSession } from "./realtime-stt";
import { type HeardTurn, SpeechInput } from "./speech-input";

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("realtime transcription session renewal", () => {
  const lines: string[] = [];
  let rt: Awaited<ReturnType<typeof fakeRealtimeTranscription>>;
  beforeAll(async () => {
    rt = await fakeRealtimeTranscription(lines);
  });
  afterAll(() => rt.close());

  it("replaces the session before its limit and keeps transcribing on the new one", async () => {
    const cfg = { ...loadConfig({ ...process.env, MEDIA_END_OF_TURN_MS: "200" }).mediaStreams, sttSessionMs: 300 };
    const heard: HeardTurn[] = [];
    const notes: string[] = [];
    const closing = new AbortController();
    const input = new SpeechInput({
      cfg,
      providers: {
        transcribe: async () => "",
        speak: async function* () {},
        ttsSocket: null,
        realtime: (language, on) =>
          RealtimeSttSession.open(
            { baseUrl: `${rt.url}/v1`, apiKey: "sk-test", model: "gpt-4o-transcribe", language, silenceMs: 200, openTimeoutMs: 3000 },
            on,
          ),
      },
      language: "en",
      signal: closing.signal,
      speechStarted: () => {},
      turn: (thunk) => void thunk().then((t) => t && heard.push(t)),
      note: (_level, summary) => notes.push(summary),
    });
    const turn = () => {
      for (let i = 0; i < 15; i++) input.frame(SPEECH.toString("base64"));
      for (let i = 0; i < 12; i++) input.frame(SILENCE.toString("base64"));
    };
    try {
      input.start();
      await until(() => input.mode === "realtime");
      lines.push("First turn.");
      turn();
      await until(() => heard.length === 1);
      const before = rt.stats.sessions;
      await until(() => notes.includes("realtime transcription session renewed") && rt.stats.sessions > before);
      // The replaced session is closed; only the new one stays open.
      await until(() => rt.sockets.size === 1);
      lines.push("Second turn.");
      turn();
      await until(() => heard.length === 2);
      expect(heard.map((h) => h.text)).toEqual(["First turn.", "Second turn."]);
      expect(input.mode).toBe("realtime");
    } finally {
      closing.abort();
      input.close();
    }
  });
});
