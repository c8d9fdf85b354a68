import twilio from "twilio";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { DomainEvents } from "../src/platform/bus";
import { twilioSignature } from "../src/features/calls/fake";
import { callById, eventsOf, placeCall, TOKEN, useCalls } from "./calls-suite";
import { fakeTranscription } from "./fakes/media-streams";
import { drivers, waitFor } from "./helpers";
import { LAB_CALLEE } from "./lab-callee";
import type { Client } from "./helpers";

const transcriptLines: string[] = [];
const stt = await fakeTranscription(transcriptLines);
const HUMAN = "+14155550199";
const MESSAGE = "Hello from the lab partner network, we will send the details on WhatsApp.";

/** A copy of the default flow with this voicemail message and transfer number. */
async function flowWith(admin: Client, over: Record<string, unknown>) {
  const items = (await admin.get("/api/flows")).body.items as { id: string }[];
  const {
    id: _id,
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    ...body
  } = (await admin.get(`/api/flows/${items.at(-1)!.id}`)).body;
  const r = await admin.post("/api/flows", { ...body, name: `Flow ${crypto.randomUUID().slice(0, 8)}`, ...over });
  if (r.status !== 201) throw new Error(`POST /api/flows: ${r.status} ${r.text}`);
  return r.body as { id: string; language: string };
}

/** Twilio's side of ConversationRelay (wire-protocols §5.4): sends prompts, collects our messages. */
async function openRelay(url: string) {
  const ws = new WebSocket(url, {
    headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(TOKEN, url, {}) },
  });
  const received: { type: string; token?: string; last?: boolean }[] = [];
  ws.on("message", (d) => received.push(JSON.parse(String(d))));
  await new Promise((r, j) => {
    ws.once("open", r);
    ws.once("error", j);
  });
  return {
    ws,
    received,
    send: (m: unknown) => ws.send(JSON.stringify(m)),
    /** The next reply's text (tokens up to last: true). */
    async reply() {
      await waitFor(() => received.some((m) => m.type === "text" && m.last));
      const i = received.findIndex((m) => m.type === "text" && m.last);
      return received
        .splice(0, i + 1)
        .map((m) => m.token ?? "")
        .join("");
    },
  };
}

function transferred(callId: string, flowId: string, contactId: string): DomainEvents["flow.finished"] {
  return {
    callId,
    flowId,
    contactId,
    outcome: "transferred",
    fields: { lab_name: "Sunrise Diagnostics", city: "Pune" },
    summary: "Asked for a person.",
    toolCalls: [{ name: "transfer", args: {} }],
  };
}

describe.each(drivers)("voicemail, transfer and the recording's transcript (%s)", (driver) => {
  const t = useCalls(driver, { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${stt.url}/v1` });

  it("leaves the flow's message after the beep: the live call is updated with <Say> then <Hangup/>", async () => {
    const flow = await flowWith(t.admin, { voicemailMessage: MESSAGE });
    const { id, sid } = await placeCall(t, { flowId: flow.id });
    await t.fake.status(sid, "in-progress");
    expect((await t.fake.amd(sid, "machine_end_beep")).status).toBe(204);
    await waitFor(async () => (await callById(t.s, id))?.voicemailState === "left");
    const ups = t.fake.updates.filter((u) => u.sid === sid);
    expect(ups).toHaveLength(1);
    expect(ups[0]!.params.Twiml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-IN">${MESSAGE}</Say><Hangup/></Response>`,
    );
    await waitFor(async () => (await callById(t.s, id))?.outcome === "voicemail");
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call).toMatchObject({
      category: "voicemail",
      outcome: "voicemail",
      voicemail: { state: "left", messageLeft: true },
    });
    expect(page.call.summary).toContain("message left: yes");
    // The AMD callback again (a redelivery) leaves nothing twice.
    await t.fake.amd(sid, "machine_end_beep");
    expect(t.fake.updates.filter((u) => u.sid === sid)).toHaveLength(1);
  });

  it("hangs up on a machine when the flow has no message (message left: no); a human gets the flow", async () => {
    const flow = await flowWith(t.admin, { voicemailMessage: "" });
    const { id, sid } = await placeCall(t, { flowId: flow.id });
    await t.fake.status(sid, "in-progress");
    await t.fake.amd(sid, "machine_end_silence");
    await waitFor(async () => (await callById(t.s, id))?.voicemailState === "hung_up");
    expect(t.fake.lastTwiml(sid)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call.voicemail).toEqual({
      state: "hung_up",
      messageLeft: false,
      reason: "the flow has no voicemail message",
    });
    await waitFor(async () => (await callById(t.s, id))?.outcome === "voicemail");

    const human = await placeCall(t, { flowId: flow.id });
    await t.fake.status(human.sid, "in-progress");
    expect((await t.fake.amd(human.sid, "human")).status).toBe(204);
    // The AMD callback is applied before its 204: no voicemail was asked for.
    const row = await callById(t.s, human.id);
    expect(row).toMatchObject({ answeredBy: "human", voicemailState: null, category: "in_progress" });
  });

  it("a voicemail update Twilio refuses is recorded with the reason", async () => {
    const flow = await flowWith(t.admin, { voicemailMessage: MESSAGE });
    const { id, sid } = await placeCall(t, { flowId: flow.id });
    await t.fake.status(sid, "in-progress");
    t.fake.mode.updateStatus = 400;
    try {
      await t.fake.amd(sid, "machine_end_other");
      await waitFor(async () => (await callById(t.s, id))?.voicemailState === "failed");
    } finally {
      t.fake.mode.updateStatus = null;
    }
    expect((await callById(t.s, id))?.voicemailReason).toContain("Twilio refused the update");
  });

  it("transfers with <Dial>: the signed whisper plays the summary to the human, then connects", async () => {
    const flow = await flowWith(t.admin, { transferNumber: HUMAN });
    const { id, sid } = await placeCall(t, { flowId: flow.id });
    await t.fake.status(sid, "in-progress");
    t.s.ctx.bus.emit("flow.finished", transferred(id, flow.id, t.contactId));
    await waitFor(async () => (await callById(t.s, id))?.transferState === "dialing");
    const twiml = t.fake.lastTwiml(sid);
    const base = `${t.s.ctx.publicUrl()}/webhooks/twilio`;
    expect(twiml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-IN">Please hold while I connect you to a colleague.</Say>` +
        `<Dial action="${base}/dial?callId=${id}" method="POST" timeout="20" callerId="+14155550100">` +
        `<Number url="${base}/whisper?callId=${id}" method="POST">${HUMAN}</Number></Dial></Response>`,
    );
    const row = (await callById(t.s, id))!;
    expect(row.transferSummary).toContain("Lab name: Sunrise Diagnostics");
    expect(row.transferSummary).toContain("City: Pune");

    // A forged whisper request (wrong token) is refused and changes nothing.
    const url = `${base}/whisper?callId=${id}`;
    const forged = await t.fake.post(url, { CallSid: `CA${"0".repeat(32)}`, ParentCallSid: sid }, "wrong-token");
    expect(forged.status).toBe(401);
    expect((await callById(t.s, id))?.transferState).toBe("dialing");

    const whisper = await t.fake.whisper(sid);
    expect(whisper.status).toBe(200);
    expect(whisper.text).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Say>${row.transferSummary}</Say></Response>`,
    );
    expect((await callById(t.s, id))?.transferState).toBe("connected");
    const done = await t.fake.dialEnded(sid, "completed");
    expect(done.text).toContain("<Hangup/>");
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call).toMatchObject({
      outcome: "transferred",
      transfer: { state: "connected", to: HUMAN, summary: row.transferSummary, reason: null },
    });
    expect(page.events.map((e: { summary: string }) => e.summary)).toContain(
      `transfer answered by ${HUMAN}; summary whispered`,
    );
    // The signature is over PUBLIC_URL + path: the same form signed for another URL is refused.
    const wrongUrl = await t.fake.post(
      url,
      { CallSid: `CA${"1".repeat(32)}`, ParentCallSid: sid },
      TOKEN,
      `${url}&x=1`,
    );
    expect(wrongUrl.status).toBe(401);
    expect(twilioSignature(TOKEN, url, {})).not.toBe("");
  });

  it("a Dial nobody answers is recorded with the reason and the caller hears the fallback line", async () => {
    const flow = await flowWith(t.admin, { transferNumber: HUMAN });
    const { id, sid } = await placeCall(t, { flowId: flow.id });
    await t.fake.status(sid, "in-progress");
    t.s.ctx.bus.emit("flow.finished", transferred(id, flow.id, t.contactId));
    await waitFor(async () => (await callById(t.s, id))?.transferState === "dialing");
    const r = await t.fake.dialEnded(sid, "no-answer");
    expect(r.status).toBe(200);
    expect(r.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-IN">Sorry, my colleague could not take the call right now. We will call you back soon. Goodbye.</Say><Hangup/></Response>',
    );
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call.transfer).toMatchObject({
      state: "failed",
      reason: "the transfer number did not answer (no-answer)",
    });
    expect(page.events.map((e: { summary: string }) => e.summary)).toContain(
      "transfer failed: the transfer number did not answer (no-answer)",
    );
    // A whisper for a call with no transfer is a 404, not a 500.
    const other = await placeCall(t);
    const url = `${t.s.ctx.publicUrl()}/webhooks/twilio/whisper?callId=${other.id}`;
    expect((await t.fake.post(url, { CallSid: other.sid })).status).toBe(404);
    expect(
      (await t.fake.post(`${t.s.ctx.publicUrl()}/webhooks/twilio/dial?callId=nope`, { CallSid: other.sid })).status,
    ).toBe(400);
  });

  it("a callee on ConversationRelay asks for a person: the session stays open and the call is updated to <Dial>", async () => {
    const flow = await flowWith(t.admin, { transferNumber: HUMAN });
    const { id, sid } = await placeCall(t, { flowId: flow.id });
    await t.fake.status(sid, "in-progress");
    const voice = await t.fake.voice(sid);
    expect(voice.text).toContain("<ConversationRelay");
    const relay = await openRelay(`${t.s.ctx.publicUrl().replace(/^http/, "ws")}/webhooks/twilio/relay`);
    try {
      relay.send({
        type: "setup",
        callSid: sid,
        customParameters: { callId: id, flowId: flow.id, contactId: t.contactId },
      });
      await relay.reply();
      // Up to the questions step (it allows the transfer tool).
      for (const said of LAB_CALLEE.slice(0, 11)) {
        relay.send({ type: "prompt", voicePrompt: said, last: true });
        await relay.reply();
      }
      relay.send({ type: "prompt", voicePrompt: "Could I talk to someone from your team, a real person?", last: true });
      expect(await relay.reply()).toContain("connect you to a colleague");
      await waitFor(async () => (await callById(t.s, id))?.transferState === "dialing");
      expect(t.fake.lastTwiml(sid)).toContain(
        `<Number url="${t.s.ctx.publicUrl()}/webhooks/twilio/whisper?callId=${id}"`,
      );
      const row = (await callById(t.s, id))!;
      expect(row.outcome).toBe("transferred");
      // The whisper is made from what the call collected.
      expect(row.transferSummary).toContain("Sunrise Diagnostics");
      // No `end`: ending the session would hang up before the Dial replaced it.
      expect(relay.received.some((m) => m.type === "end")).toBe(false);
      expect(relay.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      relay.ws.close();
    }
  });

  it("the scripted flow transfers when the callee asks for a person (test panel)", async () => {
    const flow = await flowWith(t.admin, { transferNumber: HUMAN });
    let r = await t.admin.post(`/api/flows/${flow.id}/test`, { brain: "scripted" });
    expect(r.status).toBe(200);
    // Walk to the questions step (it allows the transfer tool) the way a callee would.
    const session = r.body.sessionId as string;
    for (const said of LAB_CALLEE) {
      if (r.body.stepId === "questions") break;
      r = await t.admin.post(`/api/flows/${flow.id}/test`, { sessionId: session, text: said, brain: "scripted" });
      expect(r.status).toBe(200);
    }
    expect(r.body.stepId).toBe("questions");
    r = await t.admin.post(`/api/flows/${flow.id}/test`, {
      sessionId: session,
      text: "Can I speak to a real person?",
      brain: "scripted",
    });
    expect(r.body).toMatchObject({ outcome: "transferred", ended: true });
    expect(r.body.toolCalls.at(-1)).toMatchObject({ name: "transfer", args: { to: HUMAN } });
    expect(r.body.replies.join(" ")).toContain("connect you to a colleague");
  });

  it("transcribes the stored recording with OpenAI (multipart) and keeps it apart from the live turns", async () => {
    const { id, sid } = await placeCall(t);
    stt.requests.length = 0;
    transcriptLines.push("Agent: Hello, am I speaking with the lab? Callee: Yes, go ahead.");
    await t.fake.status(sid, "in-progress");
    await t.fake.recording(sid, "completed", 2);
    await waitFor(async () => (await callById(t.s, id))?.transcriptState === "done", 10_000);
    expect(stt.requests).toHaveLength(1);
    const req = stt.requests[0]!;
    expect(req.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.model).toBe("gpt-4o-mini-transcribe");
    const wav = t.fake.recordings.get(t.fake.calls.get(sid)!.recordingSid!)!;
    // The file part is the stored recording, byte for byte.
    expect(req.raw.indexOf(wav)).toBeGreaterThan(0);
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call.transcript).toEqual({
      state: "done",
      text: "Agent: Hello, am I speaking with the lab? Callee: Yes, go ahead.",
      reason: null,
    });
    expect(page.turns).toEqual([]);
  });

  it("a transcription OpenAI refuses is recorded with the reason, never made up", async () => {
    const { id, sid } = await placeCall(t);
    stt.mode.status = 400;
    try {
      await t.fake.recording(sid, "completed", 1);
      await waitFor(async () => (await callById(t.s, id))?.transcriptState === "failed", 10_000);
    } finally {
      stt.mode.status = null;
    }
    const row = (await callById(t.s, id))!;
    expect(row.transcriptText).toBeNull();
    expect(row.transcriptReason).toContain("OpenAI transcription failed (HTTP 400)");
    expect((await eventsOf(t.s, id)).map((e) => e.summary).join("\n")).toContain("no transcript:");
  });
});

describe.each(drivers)("the recording's transcript without a provider (%s)", (driver) => {
  const t = useCalls(driver);
  it("is marked skipped: no transcription provider", async () => {
    const { id, sid } = await placeCall(t);
    await t.fake.recording(sid, "completed", 1);
    await waitFor(async () => (await callById(t.s, id))?.transcriptState === "skipped", 10_000);
    const page = (await t.admin.get(`/api/calls/${id}`)).body;
    expect(page.call.recording.state).toBe("stored");
    expect(page.call.transcript).toEqual({
      state: "skipped",
      text: null,
      reason: "no transcription provider (no OpenAI key configured)",
    });
  });
});
