// "Call me" sandbox calls: a person in the console plays the callee by typing, through the same flow
// runner as real calls, on a server with no Twilio at all. The flow's end sets the call's outcome and
// writes the fields to the contact; the dashboard gets call.turn; a sandbox call never has a recording.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";
import { LAB_CALLEE } from "./lab-callee";

const CALLEE = LAB_CALLEE;

describe.each(drivers)("sandbox calls (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let contactId = "";
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    const c = await admin.post("/api/contacts", { name: "Sandbox Lab" });
    expect(c.status, c.text).toBe(201);
    contactId = c.body.id ?? c.body.contact?.id;
  });
  afterAll(() => s?.stop());

  it("plays the default flow to interested: outcome and fields on the call and contact, live turns, no recording", async () => {
    const ws = await socket(s.url, { cookie: admin.cookie });
    const start = await admin.post("/api/calls/sandbox", { contactId });
    expect(start.status, start.text).toBe(201);
    const id = start.body.call.id as string;
    expect(start.body.call).toMatchObject({
      sandbox: true,
      status: "in_progress",
      category: "in_progress",
      providerSid: null,
      recording: { state: "none", reason: "sandbox call" },
      outcome: null,
    });
    expect(start.body.replies[0]).toMatch(/recorded/);
    expect(start.body.ended).toBe(false);
    await ws.next((e) => e.type === "call.turn" && e.callId === id && e.turn.role === "agent");
    // The dashboard shows it live with its transcript.
    const live = (await admin.get("/api/call-dashboard")).body.live.find((l: any) => l.call.id === id);
    expect(live.turns.map((x: any) => x.role)).toEqual(["agent"]);

    let last = start.body;
    for (const [i, text] of CALLEE.entries()) {
      const r = await admin.post(`/api/calls/${id}/sandbox`, { text });
      expect(r.status, r.text).toBe(200);
      last = r.body;
      if (i === 0) {
        const callee = await ws.next((e) => e.type === "call.turn" && e.callId === id && e.turn.role === "callee");
        expect(callee.turn.text).toBe("yes, go ahead");
      }
    }
    expect(last.ended).toBe(true);
    expect(last.replies[0]).toMatch(/WhatsApp/);
    expect(last.call).toMatchObject({
      status: "completed",
      category: "completed",
      outcome: "interested",
      fields: { lab_name: "Sunrise Diagnostics", city: "Pune", contact_person: "Priya Sharma" },
      recording: { state: "none", reason: "sandbox call" },
    });
    expect(last.turns.filter((t: any) => t.role === "callee")).toHaveLength(CALLEE.length);
    await ws.next((e) => e.type === "call.updated" && e.call.id === id && e.call.outcome === "interested");

    // The contact has the collected fields (the same path a real call's outcome takes).
    await waitFor(
      async () => (await admin.get(`/api/contacts/${contactId}`)).body.attributes?.lab_name === "Sunrise Diagnostics",
    );
    const contact = (await admin.get(`/api/contacts/${contactId}`)).body;
    expect(contact.attributes).toMatchObject({ city: "Pune", contact_person: "Priya Sharma" });

    // The call page: outcome, summary, a timeline note, and never a recording.
    const page = await admin.get(`/api/calls/${id}`);
    expect(page.body.call.summary).toMatch(/^Outcome: interested/);
    expect(page.body.events.map((e: any) => e.summary).join("\n")).toMatch(/sandbox call started/);
    const link = await admin.post(`/api/calls/${id}/recording-link`);
    expect(link.status).toBe(409);
    expect(link.body.error.message).toMatch(/sandbox call/);
    expect((await admin.get("/api/call-dashboard")).body.live.find((l: any) => l.call.id === id)).toBeUndefined();

    // An ended sandbox call takes no more turns.
    const after = await admin.post(`/api/calls/${id}/sandbox`, { text: "hello?" });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe("conflict");
    ws.ws.close();
  });

  it("hangs up before the flow ends: completed without an outcome", async () => {
    const start = await admin.post("/api/calls/sandbox", { contactId });
    const id = start.body.call.id;
    expect((await admin.post(`/api/calls/${id}/sandbox`, { text: "yes, go ahead" })).status).toBe(200);
    const hung = await admin.post(`/api/calls/${id}/sandbox/hang-up`);
    expect(hung.status, hung.text).toBe(200);
    expect(hung.body.call).toMatchObject({ status: "completed", outcome: null, recording: { state: "none" } });
    expect((await admin.post(`/api/calls/${id}/sandbox/hang-up`)).status).toBe(409);
  });

  it("is for agents and admins only: no session 401, a read-only token 403", async () => {
    const anon = new Client(s.url);
    const r = await anon.post("/api/calls/sandbox", { contactId });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("unauthenticated");
    const minted = await admin.post("/api/api-tokens", { name: "read-only", scopes: ["read"] });
    expect(minted.status).toBe(201);
    const reader = new Client(s.url, null, minted.body.secret);
    const denied = await reader.post("/api/calls/sandbox", { contactId });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden");
    const started = await admin.post("/api/calls/sandbox", { contactId });
    expect((await anon.post(`/api/calls/${started.body.call.id}/sandbox`, { text: "yes" })).status).toBe(401);
    expect((await reader.post(`/api/calls/${started.body.call.id}/sandbox`, { text: "yes" })).status).toBe(403);
  });

  it("refuses bad input with the shared error body", async () => {
    const bad = async (path: string, body: unknown, status = 400) => {
      const r = await admin.post(path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}: ${r.text}`).toBe(status);
      expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      return r.body.error;
    };
    expect((await bad("/api/calls/sandbox", {})).code).toBe("validation_failed");
    await bad("/api/calls/sandbox", { contactId: "nope" });
    await bad("/api/calls/sandbox", { contactId, extra: 1 });
    await bad("/api/calls/sandbox", { contactId: crypto.randomUUID() }, 404);
    // A sandbox request to the real endpoint never dials.
    expect((await bad("/api/calls", { contactId, sandbox: true })).message).toMatch(/sandbox/);
    const id = (await admin.post("/api/calls/sandbox", { contactId })).body.call.id;
    await bad(`/api/calls/${id}/sandbox`, { text: "   " });
    await bad(`/api/calls/${id}/sandbox`, { text: 5 });
    await bad(`/api/calls/${id}/sandbox`, { text: "x".repeat(2001) });
    await bad(`/api/calls/${crypto.randomUUID()}/sandbox`, { text: "yes" }, 404);
  });
});
