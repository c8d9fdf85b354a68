// The live call dashboard: GET /api/call-dashboard (calls by state, calls in progress with their
// transcript, latency p50/p90, campaign outcomes) and call.turn over /ws as the flow speaks.
import { describe, expect, it } from "vitest";
import { FlowRunner, scriptedBrain } from "../src/features/flows";
import { placeCall, useCalls } from "./calls-suite";
import { drivers, socket, waitFor } from "./helpers";

describe.each(drivers)("live call dashboard (%s)", (driver) => {
  const t = useCalls(driver);

  it("counts calls by state, shows a call in progress with its transcript live, and its latency", async () => {
    const empty = await t.admin.get("/api/call-dashboard");
    expect(empty.status).toBe(200);
    expect(empty.body.byCategory).toMatchObject({ in_progress: 0, voicemail: 0, no_answer: 0 });
    expect(empty.body.live).toEqual([]);
    expect(empty.body.latency.stages.voiceToVoice).toEqual({ n: 0, p50: null, p90: null });

    const ws = await socket(t.s.url, { cookie: t.admin.cookie });
    const { id, sid } = await placeCall(t);
    await t.fake.status(sid, "ringing");
    await t.fake.status(sid, "in-progress");
    await t.fake.amd(sid, "human");
    await waitFor(async () => (await t.admin.get("/api/call-dashboard")).body.byCategory.in_progress === 1);

    // The engine's part, as ConversationRelay does it: open the run, the agent opens, the callee answers.
    const flowId = (await t.admin.get("/api/flows")).body.items[0].id;
    const runner = await FlowRunner.open(t.s.ctx, { callId: id, flowId, contactId: t.contactId, brain: scriptedBrain });
    for await (const _ of runner.respond(null));
    await ws.next((e) => e.type === "call.turn" && e.callId === id && e.turn.role === "agent");
    for await (const _ of runner.respond("yes, go ahead", { endOfTurnAt: performance.now(), asrMs: 180 }));
    const callee = await ws.next((e) => e.type === "call.turn" && e.callId === id && e.turn.role === "callee");
    expect(callee.turn.text).toBe("yes, go ahead");

    const d = (await t.admin.get("/api/call-dashboard")).body;
    const live = d.live.find((l: any) => l.call.id === id);
    expect(live.turns.map((x: any) => x.role)).toEqual(["agent", "callee", "agent"]);
    expect(live.latency).toMatchObject({ turns: 2, interruptions: 0 });
    expect(live.latency.stages.asr).toEqual({ n: 1, p50: 180, p90: 180 });
    expect(d.latency.stages.llmFirstToken.n).toBe(2);

    // The callee cuts the agent off: the count moves, the cut turn comes again over the socket.
    await runner.interrupted("Thank");
    const cut = await ws.next((e) => e.type === "call.turn" && e.callId === id && e.turn.interrupted);
    expect(cut.turn.text).toBe("Thank");
    expect((await t.admin.get("/api/call-dashboard")).body.latency.interruptions).toBe(1);

    await t.fake.status(sid, "completed", { CallDuration: "30" });
    await waitFor(async () => (await t.admin.get("/api/call-dashboard")).body.live.length === 0);
    expect((await t.admin.get("/api/call-dashboard")).body.byCategory.completed).toBe(1);
    ws.ws.close();
  });

  it("validates its window", async () => {
    expect((await t.admin.get("/api/call-dashboard?hours=0")).status).toBe(400);
  });
});
