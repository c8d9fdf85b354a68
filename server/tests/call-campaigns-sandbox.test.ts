// Sandbox call campaigns: on a server with no Twilio at all, a campaign with `sandbox: true` claims
// its targets like a real one, but each call is a "call me" sandbox call answered at once (greeting
// said); a person plays the callee through POST /api/calls/:id/sandbox, and the flow's end settles the
// target with the flow's outcome and completes the campaign. Never dialled, never recorded.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchCallCampaign } from "../src/features/calls/campaign-dispatch";
import { answerSandboxCall } from "../src/features/calls/sandbox-call";
import { contacts } from "../src/features/inbox/schema";
import { bootServer, type Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";
import { LAB_CALLEE } from "./lab-callee";

const CALLEE = LAB_CALLEE;
const HOURS = { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5, 6, 7] };

/** An Etc/GMT zone where it is about noon now (inside 09:00–17:00 whatever the UTC hour). */
function zoneAtNoon(): string {
  let n = 12 - new Date().getUTCHours();
  if (n > 14) n -= 24;
  if (n < -12) n += 24;
  return n === 0 ? "Etc/GMT" : n > 0 ? `Etc/GMT-${n}` : `Etc/GMT+${-n}`;
}

describe.each(drivers)("sandbox call campaigns (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
  });
  afterAll(() => s?.stop());

  async function contact(name: string, phone: string) {
    const r = await admin.post("/api/contacts", { name, phone });
    expect(r.status, r.text).toBe(201);
    const id: string = r.body.id ?? r.body.contact?.id;
    await s.ctx.db.update(contacts).set({ timeZone: zoneAtNoon() }).where(eq(contacts.id, id));
    return id;
  }
  const targets = async (id: string) => (await admin.get(`/api/call-campaigns/${id}/targets`)).body.items as any[];

  it("answers each claimed target as a sandbox call and settles it with the flow's outcome and fields", async () => {
    const contactId = await contact("Sunrise Lab", "+14155552671");
    const created = await admin.post("/api/call-campaigns", {
      name: "Labs (sandbox)",
      sandbox: true,
      audience: { contactIds: [contactId] },
      callingHours: HOURS,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ sandbox: true, status: "draft", concurrency: 2 });
    const id = created.body.id as string;
    const ws = await socket(s.url, { cookie: admin.cookie });
    expect((await admin.post(`/api/call-campaigns/${id}/start`)).status).toBe(200);

    // Answered at once with the greeting, although no Twilio is configured.
    await waitFor(async () => (await targets(id))[0]?.callCategory === "in_progress", 10_000);
    const [target] = await targets(id);
    expect(target).toMatchObject({ state: "calling", attempts: 1, outcome: null, fields: {} });
    const callId = target.callId as string;
    let page = (await admin.get(`/api/calls/${callId}`)).body;
    expect(page.call).toMatchObject({
      sandbox: true,
      status: "in_progress",
      answeredBy: "human",
      providerSid: null,
      from: null,
      recording: { state: "none", reason: "sandbox call" },
    });
    expect(page.call.flowId).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(async () => (await admin.get(`/api/calls/${callId}`)).body.turns.length === 1);
    page = (await admin.get(`/api/calls/${callId}`)).body;
    expect(page.turns[0]).toMatchObject({ role: "agent" });
    expect(page.turns[0].text).toMatch(/recorded/);

    // Another dispatcher run, and a repeated answer (a crash and retry), call nobody twice and say nothing twice.
    await Promise.all([dispatchCallCampaign(s.ctx, id), answerSandboxCall(s.ctx, callId)]);
    expect((await targets(id)).map((t) => [t.attempts, t.callId])).toEqual([[1, callId]]);
    expect((await admin.get(`/api/calls/${callId}`)).body.turns).toHaveLength(1);
    expect((await admin.get("/api/calls")).body.items).toHaveLength(1);

    for (const text of CALLEE) {
      const r = await admin.post(`/api/calls/${callId}/sandbox`, { text });
      expect(r.status, r.text).toBe(200);
    }
    await ws.next((e) => e.type === "call_campaign.progress" && e.campaignId === id && e.status === "completed");
    const done = (await admin.get(`/api/call-campaigns/${id}`)).body;
    expect(done).toMatchObject({
      status: "completed",
      counts: { total: 1, byState: { settled: 1 }, byOutcome: { interested: 1 } },
    });
    const [settled] = await targets(id);
    expect(settled).toMatchObject({
      state: "settled",
      outcome: "interested",
      callCategory: "completed",
      fields: { lab_name: "Sunrise Diagnostics", city: "Pune", contact_person: "Priya Sharma" },
    });
    // The call page carries the whole transcript: the greeting and every turn of the callee.
    page = (await admin.get(`/api/calls/${callId}`)).body;
    expect(page.turns.filter((t: any) => t.role === "callee").map((t: any) => t.text)).toEqual(CALLEE);
    expect(page.call.recording).toMatchObject({ state: "none", reason: "sandbox call" });
    await waitFor(
      async () => (await admin.get(`/api/contacts/${contactId}`)).body.attributes?.lab_name === "Sunrise Diagnostics",
    );
    ws.ws.close();
  });

  it("a real campaign on a server without Twilio places nothing (it waits); sandbox must be a boolean", async () => {
    const a = await contact("Real Lab", "+14155552672");
    const real = await admin.post("/api/call-campaigns", {
      name: "Labs (real)",
      audience: { contactIds: [a] },
      callingHours: HOURS,
    });
    expect(real.body.sandbox).toBe(false);
    await admin.post(`/api/call-campaigns/${real.body.id}/start`);
    await dispatchCallCampaign(s.ctx, real.body.id);
    expect((await targets(real.body.id)).map((t) => [t.state, t.callId, t.callCategory])).toEqual([
      ["pending", null, null],
    ]);
    const bad = await admin.post("/api/call-campaigns", {
      name: "x",
      sandbox: "yes",
      audience: { contactIds: [a] },
      callingHours: HOURS,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
  });
});
