// Per-turn latency: the runner stores each reply's stage timings on its agent turn, and the latency
// module reads p50/p90 per stage and interruption counts per call and over a set of calls.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latencyOfCalls, latencyPerCall, percentile, summarizeLatency } from "../src/features/flows";
import { flowTurns } from "../src/features/flows/schema";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

describe("latency percentiles", () => {
  it("uses the nearest rank", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([700], 90)).toBe(700);
    const v = [900, 100, 300, 500, 700, 200, 400, 600, 800, 1000];
    expect(percentile(v, 50)).toBe(500);
    expect(percentile(v, 90)).toBe(900);
    const s = summarizeLatency([
      { callId: "a", interrupted: true, asrMs: 120, llmFirstTokenMs: 300, ttsFirstAudioMs: null, voiceToVoiceMs: 640 },
      { callId: "a", interrupted: false, asrMs: null, llmFirstTokenMs: 500, ttsFirstAudioMs: null, voiceToVoiceMs: 880 },
    ]);
    expect(s).toEqual({
      turns: 2,
      interruptions: 1,
      stages: {
        asr: { n: 1, p50: 120, p90: 120 },
        llmFirstToken: { n: 2, p50: 300, p90: 500 },
        ttsFirstAudio: { n: 0, p50: null, p90: null },
        voiceToVoice: { n: 2, p50: 640, p90: 880 },
      },
    });
  });
});

describe.each(drivers)("per-turn latency recorded by the runner (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
  });
  afterAll(() => s?.stop());

  it("stores the LLM's first token and the turn's total on each agent turn, and reads them per call", async () => {
    const flows = (await admin.get("/api/flows")).body.items;
    const id = flows[0].id;
    const open = await admin.post(`/api/flows/${id}/test`, { brain: "scripted" });
    expect(open.status).toBe(200);
    const sessionId = open.body.sessionId as string;
    expect((await admin.post(`/api/flows/${id}/test`, { sessionId, text: "yes", brain: "scripted" })).status).toBe(200);
    const agent = await s.ctx.db
      .select()
      .from(flowTurns)
      .where(and(eq(flowTurns.callId, sessionId), eq(flowTurns.role, "agent")));
    expect(agent.length).toBeGreaterThanOrEqual(2);
    for (const t of agent) {
      expect(t.llmFirstTokenMs).toBeGreaterThanOrEqual(0);
      expect(t.voiceToVoiceMs).toBeGreaterThanOrEqual(t.llmFirstTokenMs!);
      // The test panel has no speech recognition and no audio.
      expect(t.asrMs).toBeNull();
      expect(t.ttsFirstAudioMs).toBeNull();
    }
    const per = await latencyPerCall(s.ctx.db, [sessionId, "no-such-call"]);
    expect(per.get(sessionId)).toMatchObject({ turns: agent.length, interruptions: 0 });
    expect(per.get(sessionId)!.stages.llmFirstToken.n).toBe(agent.length);
    expect(per.get("no-such-call")).toMatchObject({ turns: 0, stages: { voiceToVoice: { n: 0, p50: null } } });
    const all = await latencyOfCalls(s.ctx.db, [sessionId]);
    expect(all.stages.voiceToVoice.p50).not.toBeNull();
  });
});
