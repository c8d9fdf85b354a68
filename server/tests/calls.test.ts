import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { callEvents, calls } from "../src/features/calls/schema";
import { ACCOUNT, callById, eventsOf, OUR_NUMBER, placeCall, TOKEN, useCalls } from "./calls-suite";
import { drivers, socket, waitFor } from "./helpers";

describe.each(drivers)("calls (%s)", (driver) => {
  const t = useCalls(driver);

  it("stores the call queued, then places exactly one call with every callback, AMD and dual-channel recording", async () => {
    const { id, sid } = await placeCall(t, { flowId: null });
    const c = t.fake.calls.get(sid)!;
    expect(c.auth).toBe(ACCOUNT);
    const p = c.params;
    const base = t.s.url;
    expect(p.To).toBe("+919876543210");
    expect(p.From).toBe(OUR_NUMBER);
    expect(p.Url).toBe(`${base}/webhooks/twilio/voice?callId=${id}`);
    expect(p.StatusCallback).toBe(`${base}/webhooks/twilio/status?callId=${id}`);
    // Repeated on the wire, one field per event.
    expect(p.StatusCallbackEvent).toEqual(["initiated", "ringing", "answered", "completed"]);
    expect(p.MachineDetection).toBe("DetectMessageEnd");
    expect(p.AsyncAmd).toBe("true");
    expect(p.AsyncAmdStatusCallback).toBe(`${base}/webhooks/twilio/amd?callId=${id}`);
    expect(p.MachineDetectionTimeout).toBe("30");
    expect(p.MachineDetectionSpeechThreshold).toBe("2400");
    expect(p.MachineDetectionSpeechEndThreshold).toBe("1200");
    expect(p.MachineDetectionSilenceTimeout).toBe("5000");
    expect(p.Record).toBe("true");
    expect(p.RecordingChannels).toBe("dual");
    expect(p.RecordingStatusCallback).toBe(`${base}/webhooks/twilio/recording?callId=${id}`);
    expect(p.RecordingStatusCallbackEvent).toEqual(["in-progress", "completed", "absent"]);
    const row = await callById(t.s, id);
    expect(row).toMatchObject({ status: "initiated", providerSid: sid, direction: "outbound" });
    expect(t.fake.log.filter((l) => l.path.endsWith("/Calls.json"))).toHaveLength(1);
    const page = await t.admin.get(`/api/calls/${id}`);
    expect(page.status).toBe(200);
    expect(page.body.call).toMatchObject({ id, status: "initiated", contact: { id: t.contactId, name: "Lab One" } });
    expect(page.body.events.map((e: { kind: string }) => e.kind)).toEqual(["note", "placed"]);
  });

  it("follows the status sequence to completed, answers TwiML with the notice and the relay, and pushes call.updated", async () => {
    const ws = await socket(t.s.url, { cookie: t.admin.cookie });
    const { id, sid } = await placeCall(t);
    expect((await t.fake.status(sid, "initiated")).status).toBe(204);
    expect((await t.fake.status(sid, "ringing")).status).toBe(204);
    expect((await callById(t.s, id))!.category).toBe("ringing");
    await ws.next((e) => e.type === "call.updated" && e.call.id === id && e.call.status === "ringing");
    const voice = await t.fake.voice(sid);
    expect(voice.status).toBe(200);
    expect(voice.text).toContain("<Say>This call is recorded for quality and training purposes.</Say>");
    const relay = t.s.url.replace(/^http/, "ws");
    expect(voice.text).toContain(`<ConversationRelay url="${relay}/webhooks/twilio/relay">`);
    expect(voice.text).toContain(`<Parameter name="callId" value="${id}"/>`);
    expect(voice.text).toContain(`<Parameter name="contactId" value="${t.contactId}"/>`);
    expect(voice.text).toContain(`<Parameter name="flowId" value=""/>`);
    // The outbound call is recorded by the Calls API: no second recording in the TwiML.
    expect(voice.text).not.toContain("<Recording");
    await t.fake.status(sid, "in-progress");
    await t.fake.amd(sid, "human");
    await t.fake.status(sid, "completed", { CallDuration: "47" });
    const row = await callById(t.s, id);
    expect(row).toMatchObject({ status: "completed", category: "completed", answeredBy: "human", durationSeconds: 47 });
    expect(row!.answeredAt).not.toBeNull();
    expect(row!.endedAt).not.toBeNull();
    await ws.next((e) => e.type === "call.updated" && e.call.id === id && e.call.status === "completed");
    // A late "ringing" never moves a finished call back.
    await t.fake.status(sid, "ringing");
    expect((await callById(t.s, id))!.status).toBe("completed");
    const list = await t.admin.get("/api/calls?category=completed");
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    ws.close();
  });

  it("files a call answered by a machine under voicemail, whatever its status", async () => {
    const { id, sid } = await placeCall(t);
    await t.fake.status(sid, "ringing");
    await t.fake.status(sid, "in-progress");
    await t.fake.amd(sid, "machine_end_beep");
    expect(await callById(t.s, id)).toMatchObject({ answeredBy: "machine_end_beep", category: "voicemail" });
    await t.fake.status(sid, "completed", { CallDuration: "20" });
    expect(await callById(t.s, id)).toMatchObject({ status: "completed", category: "voicemail" });
    // The AMD callback lost: the verdict repeated on a status callback still counts.
    const other = await placeCall(t);
    await t.fake.status(other.sid, "in-progress");
    await t.fake.status(other.sid, "completed", { CallDuration: "15", AnsweredBy: "machine_start" });
    expect(await callById(t.s, other.id)).toMatchObject({ answeredBy: "machine_start", category: "voicemail" });
    const list = await t.admin.get("/api/calls?category=voicemail");
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([other.id, id]);
  });

  it("ends no-answer and busy calls in their own categories", async () => {
    const a = await placeCall(t);
    await t.fake.status(a.sid, "ringing");
    await t.fake.status(a.sid, "no-answer");
    expect(await callById(t.s, a.id)).toMatchObject({ status: "no_answer", category: "no_answer" });
    const b = await placeCall(t);
    await t.fake.status(b.sid, "busy");
    expect(await callById(t.s, b.id)).toMatchObject({ status: "busy", category: "busy" });
    const c = await placeCall(t);
    await t.fake.status(c.sid, "failed", { SipResponseCode: "404" });
    expect(await callById(t.s, c.id)).toMatchObject({ status: "failed", category: "failed" });
    expect((await callById(t.s, c.id))!.failureReason).toContain("SIP 404");
  });

  it("refuses a callback with a wrong signature (401) and stores nothing", async () => {
    const { id, sid } = await placeCall(t);
    const url = String(t.fake.calls.get(sid)!.params.StatusCallback);
    const params = { AccountSid: ACCOUNT, CallSid: sid, CallStatus: "ringing", SequenceNumber: "0" };
    const before = (await eventsOf(t.s, id)).length;
    expect((await t.fake.post(url, params, "not-the-token")).status).toBe(401);
    // Signed for another URL (another call's id): also refused.
    expect((await t.fake.post(url, params, TOKEN, url.replace(id, crypto.randomUUID()))).status).toBe(401);
    const unsigned = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
    expect(unsigned.status).toBe(401);
    expect((await eventsOf(t.s, id)).length).toBe(before);
    expect((await callById(t.s, id))!.status).toBe("initiated");
    // The correctly signed one is taken.
    expect((await t.fake.post(url, params)).status).toBe(204);
    expect((await callById(t.s, id))!.status).toBe("ringing");
  });

  it("applies a repeated callback once", async () => {
    const { id, sid } = await placeCall(t);
    const url = String(t.fake.calls.get(sid)!.params.StatusCallback);
    const params = {
      AccountSid: ACCOUNT,
      CallSid: sid,
      CallStatus: "completed",
      SequenceNumber: "3",
      CallDuration: "9",
    };
    const answers = await Promise.all([t.fake.post(url, params), t.fake.post(url, params), t.fake.post(url, params)]);
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204]);
    const stored = await t.s.ctx.db
      .select()
      .from(callEvents)
      .where(eq(callEvents.eventKey, `status:${sid}:completed:3`));
    expect(stored).toHaveLength(1);
    expect(await callById(t.s, id)).toMatchObject({ status: "completed", durationSeconds: 9 });
  });

  it("answers an inbound call to our number with the same TwiML, recording it itself", async () => {
    const r = await t.fake.inbound(`${t.s.url}/webhooks/twilio/voice`, "+14155550199", OUR_NUMBER);
    expect(r.status).toBe(200);
    const [row] = await t.s.ctx.db.select().from(calls).where(eq(calls.providerSid, r.sid));
    expect(row).toMatchObject({
      direction: "inbound",
      fromNumber: "+14155550199",
      toNumber: OUR_NUMBER,
      contactId: null,
    });
    expect(r.text).toContain(`<Parameter name="callId" value="${row!.id}"/>`);
    expect(r.text).toContain("This call is recorded");
    expect(r.text).toContain(
      `<Start><Recording channels="dual" recordingStatusCallback="${t.s.url}/webhooks/twilio/recording?callId=${row!.id}"`,
    );
    // Twilio asking again (a retry) is the same call.
    await t.fake.post(`${t.s.url}/webhooks/twilio/voice`, {
      AccountSid: ACCOUNT,
      CallSid: r.sid,
      From: "+14155550199",
      To: OUR_NUMBER,
      Direction: "inbound",
      CallStatus: "ringing",
      ApiVersion: "2010-04-01",
    });
    expect(await t.s.ctx.db.select().from(calls).where(eq(calls.providerSid, r.sid))).toHaveLength(1);
    // A caller who is a contact is recognised by their number (the relay gets their contactId).
    const known = await t.fake.inbound(`${t.s.url}/webhooks/twilio/voice`, "+919876543210", OUR_NUMBER);
    const [mine] = await t.s.ctx.db.select().from(calls).where(eq(calls.providerSid, known.sid));
    expect(mine!.contactId).toBe(t.contactId);
    expect(known.text).toContain(`<Parameter name="contactId" value="${t.contactId}"/>`);
  });

  it("never dials twice: a call found mid-placing after a crash waits for evidence, then fails as in doubt", async () => {
    // The state a process leaves when it dies between storing the intent and Twilio's answer.
    const [row] = await t.s.ctx.db
      .insert(calls)
      .values({
        direction: "outbound",
        contactId: t.contactId,
        toNumber: "+919876543210",
        fromNumber: OUR_NUMBER,
        status: "dialing",
        placeRequestedAt: new Date(Date.now() - 10 * 60_000),
      })
      .returning();
    const placed = t.fake.log.filter((l) => l.path.endsWith("/Calls.json")).length;
    const { placeCallJob } = await import("../src/features/calls/place-call");
    await placeCallJob(t.s.ctx).handler(
      { callId: row!.id },
      { signal: new AbortController().signal, lastAttempt: false },
    );
    expect(await callById(t.s, row!.id)).toMatchObject({ status: "failed", providerSid: null });
    expect((await callById(t.s, row!.id))!.failureReason).toContain("In doubt");
    expect(t.fake.log.filter((l) => l.path.endsWith("/Calls.json")).length).toBe(placed);

    // A recent one is left alone (the job retries) and a signed callback naming it settles it.
    const [fresh] = await t.s.ctx.db
      .insert(calls)
      .values({
        direction: "outbound",
        contactId: t.contactId,
        toNumber: "+919876543210",
        fromNumber: OUR_NUMBER,
        status: "dialing",
        placeRequestedAt: new Date(),
      })
      .returning();
    await expect(
      placeCallJob(t.s.ctx).handler(
        { callId: fresh!.id },
        { signal: new AbortController().signal, lastAttempt: false },
      ),
    ).rejects.toThrow(/waiting/);
    const sid = `CA${"b2".repeat(16)}`;
    const r = await t.fake.post(`${t.s.url}/webhooks/twilio/status?callId=${fresh!.id}`, {
      AccountSid: ACCOUNT,
      CallSid: sid,
      CallStatus: "ringing",
      SequenceNumber: "1",
    });
    expect(r.status).toBe(204);
    expect(await callById(t.s, fresh!.id)).toMatchObject({ providerSid: sid, status: "ringing" });
    await placeCallJob(t.s.ctx).handler(
      { callId: fresh!.id },
      { signal: new AbortController().signal, lastAttempt: true },
    );
    expect(t.fake.log.filter((l) => l.path.endsWith("/Calls.json")).length).toBe(placed);
    expect((await callById(t.s, fresh!.id))!.status).toBe("ringing");
  });

  it("fails a call Twilio refuses, with Twilio's reason, and calls nobody without a phone", async () => {
    t.fake.mode.createStatus = 400;
    const refused = await t.admin.post("/api/calls", { contactId: t.contactId });
    expect(refused.status).toBe(201);
    await waitFor(async () => (await callById(t.s, refused.body.id))!.status === "failed");
    expect((await callById(t.s, refused.body.id))!.failureReason).toMatch(
      /^Twilio refused the call: Internal Server Error/,
    );
    t.fake.mode.createStatus = null;
    const noPhone = await t.admin.post("/api/contacts", { name: "No phone" });
    const r = await t.admin.post("/api/calls", { contactId: noPhone.body.id });
    expect(r.status).toBe(422);
    const missing = await t.admin.post("/api/calls", { contactId: crypto.randomUUID() });
    expect(missing.status).toBe(404);
  });

  it("lists calls newest first with keyset pages", async () => {
    const first = await t.admin.get("/api/calls?limit=2");
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await t.admin.get(`/api/calls?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.body.items[0].createdAt >= second.body.items[0].createdAt).toBe(true);
  });
});
