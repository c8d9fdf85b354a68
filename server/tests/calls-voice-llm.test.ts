// Around the call, with the model and transcription fakes: the whisper summary on a transfer written
// by the configured LLM (OpenAI Chat Completions fake), and the post-call transcript's retries on 5xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transcribeRecordingJob } from "../src/features/calls/transcribe-recording";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { type FakeModelServer, say } from "../src/features/ai/fakes/script";
import { brainFor, FlowRunner } from "../src/features/flows";
import { callById, eventsOf, placeCall, useCalls } from "./calls-suite";
import { fakeOpenAiTranscription } from "./fakes/openai-transcription";
import { drivers, waitFor } from "./helpers";

const KEY = "sk-whisper-0001";
const HUMAN = "+14155550199";
const SUMMARY = "Priya from Sunrise Diagnostics in Pune wants to join the network and asks about payouts.";

const openai: FakeModelServer = await startOpenAiFake({ key: KEY });
const stt = await fakeOpenAiTranscription();
afterAll(async () => {
  await openai.close();
  await stt.close();
});

describe.each(drivers)("the whisper summary written by the model (%s)", (driver) => {
  const t = useCalls(driver, { OPENAI_BASE_URL: `${openai.url}/v1`, AI_MAX_RETRIES: "0" });
  let flowId = "";
  beforeAll(async () => {
    const r = await t.admin.req("PUT", "/api/ai/settings", { provider: "openai", apiKey: KEY, model: "gpt-4o-mini" });
    expect(r.status, r.text).toBe(200);
    const items = (await t.admin.get("/api/flows")).body.items as { id: string }[];
    const {
      id: _i,
      version: _v,
      createdAt: _c,
      updatedAt: _u,
      ...body
    } = (await t.admin.get(`/api/flows/${items.at(-1)!.id}`)).body;
    const f = await t.admin.post("/api/flows", { ...body, name: "Whisper flow", transferNumber: HUMAN });
    expect(f.status, f.text).toBe(201);
    flowId = f.body.id;
  });

  it("the whisper TwiML carries the model's summary of the transcript", async () => {
    const { id, sid } = await placeCall(t, { flowId });
    await t.fake.status(sid, "in-progress");
    // Two real turns through the runner (scripted brain), so the call has a transcript to summarise.
    const runner = await FlowRunner.open(t.s.ctx, {
      callId: id,
      flowId,
      contactId: t.contactId,
      brain: await brainFor(t.s.ctx, "scripted"),
    });
    for await (const _ of runner.respond(null)) void _;
    for await (const _ of runner.respond("Yes, this is Priya from Sunrise Diagnostics in Pune")) void _;
    openai.reset();
    openai.push(say(SUMMARY));
    t.s.ctx.bus.emit("flow.finished", {
      callId: id,
      flowId,
      contactId: t.contactId,
      outcome: "transferred",
      fields: { lab_name: "Sunrise Diagnostics" },
      summary: "Asked for a person.",
      toolCalls: [{ name: "transfer", args: {} }],
    });
    await waitFor(async () => (await callById(t.s, id))?.transferState === "dialing", 10_000);
    expect((await callById(t.s, id))!.transferSummary).toBe(SUMMARY);
    // The model was asked once, non-streamed, with the transcript as it was said.
    const asked = openai.requests.filter((r) => r.path.endsWith("/chat/completions"));
    expect(asked).toHaveLength(1);
    const prompt = JSON.stringify(asked[0]!.body.messages);
    expect(prompt).toContain("callee: Yes, this is Priya from Sunrise Diagnostics in Pune");
    expect(prompt).toContain('\\"lab_name\\":\\"Sunrise Diagnostics\\"');
    const whisper = await t.fake.whisper(sid);
    expect(whisper.status).toBe(200);
    expect(whisper.text).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Say>${SUMMARY}</Say></Response>`);
  });
});

describe.each(drivers)("the post-call transcript's retries (%s)", (driver) => {
  const t = useCalls(driver, { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${stt.url}/v1` });

  it("a 500 is retried by the job and the next answer's transcript is stored", async () => {
    const { id, sid } = await placeCall(t);
    stt.requests.length = 0;
    stt.script.statuses = [500];
    stt.script.text = "Agent: Hello. Callee: Yes, this is the lab.";
    await t.fake.recording(sid, "completed", 1);
    // pg-boss retries after its backoff (5 s): the second request gets the 200.
    await waitFor(async () => (await callById(t.s, id))?.transcriptState === "done", 30_000);
    expect(stt.requests).toHaveLength(2);
    const row = (await callById(t.s, id))!;
    expect(row).toMatchObject({
      transcriptText: "Agent: Hello. Callee: Yes, this is the lab.",
      transcriptReason: null,
    });
  }, 40_000);

  it("500 every time: failed with the reason after the retries, nothing made up", async () => {
    const { id, sid } = await placeCall(t);
    stt.requests.length = 0;
    stt.script.always = 500;
    try {
      await t.fake.recording(sid, "completed", 1);
      // The first attempt meets the 500 and leaves the transcript pending (a retry is due).
      await waitFor(() => stt.requests.length >= 1, 10_000);
      expect((await callById(t.s, id))!.transcriptState).toBe("pending");
      // The last attempt, run here as pg-boss would run it.
      const job = transcribeRecordingJob(t.s.ctx);
      await job.handler({ callId: id }, { signal: new AbortController().signal, lastAttempt: true });
    } finally {
      stt.script.always = null;
    }
    const row = (await callById(t.s, id))!;
    expect(row.transcriptState).toBe("failed");
    expect(row.transcriptText).toBeNull();
    expect(row.transcriptReason).toMatch(/^OpenAI transcription failed \(HTTP 500\): .+ \(after retries\)$/);
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call.transcript).toEqual({ state: "failed", text: null, reason: row.transcriptReason });
    expect((await eventsOf(t.s, id)).map((e) => e.summary).join("\n")).toContain(
      "no transcript: OpenAI transcription failed (HTTP 500)",
    );
  });
});
