import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordFlowOutcome } from "../src/features/calls";
import { callCampaignTargets } from "../src/features/calls/schema";
import type { DomainEvents } from "../src/platform/bus";
import { callById, placeCall, useCalls } from "./calls-suite";
import { drivers, waitFor } from "./helpers";

type Finished = DomainEvents["flow.finished"];
const ALL_HOURS = { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5, 6, 7] };

describe.each(drivers)("call outcomes from flows (%s)", (driver) => {
  const t = useCalls(driver);
  const finished = (callId: string, extra: Partial<Finished> = {}): Finished => ({
    callId,
    flowId: crypto.randomUUID(),
    contactId: null,
    outcome: "interested",
    fields: { lab_name: "Sunrise Diagnostics", city: "Pune", email: "Owner@Sunrise.example", tests_offered: 40 },
    summary: "Interested; send details on WhatsApp.",
    toolCalls: [],
    ...extra,
  });

  it("records outcome, fields and summary on the call and the contact once, whatever is emitted again", async () => {
    const { id } = await placeCall(t);
    const updates: string[] = [];
    t.s.ctx.bus.on("call.updated", ({ call }) => void (call.id === id && call.outcome && updates.push(call.outcome)));
    // Twice at once: one write wins, the other finds the outcome already there.
    t.s.ctx.bus.emit("flow.finished", finished(id, { contactId: t.contactId }));
    t.s.ctx.bus.emit("flow.finished", finished(id, { contactId: t.contactId }));
    await waitFor(async () => (await callById(t.s, id))?.outcome === "interested");
    const page = await t.admin.get(`/api/calls/${id}`);
    expect(page.status).toBe(200);
    expect(page.body.call).toMatchObject({
      outcome: "interested",
      fields: { lab_name: "Sunrise Diagnostics", city: "Pune", tests_offered: 40 },
      summary: "Interested; send details on WhatsApp.",
    });
    expect(page.body.call.outcomeAt).not.toBeNull();
    let contact: { email: string | null; attributes: Record<string, unknown> } | undefined;
    await waitFor(async () => {
      contact = (await t.admin.get(`/api/contacts/${t.contactId}`)).body;
      return contact?.attributes?.lab_name === "Sunrise Diagnostics";
    });
    // The profile's empty e-mail is filled; the rest are custom fields (a number stays a number).
    expect(contact!.email).toBe("owner@sunrise.example");
    expect(contact!.attributes).toMatchObject({ city: "Pune", tests_offered: 40 });
    await waitFor(() => updates.length === 1);
    const before = await callById(t.s, id);
    // A later, different report changes nothing: not the call, not the contact.
    expect(
      await recordFlowOutcome(
        t.s.ctx,
        finished(id, { outcome: "not_interested", fields: { city: "Mumbai" }, summary: "No" }),
      ),
    ).toBe(false);
    t.s.ctx.bus.emit("flow.finished", finished(id, { outcome: "wrong_number", fields: { city: "Delhi" } }));
    expect(await recordFlowOutcome(t.s.ctx, finished(id))).toBe(false);
    expect(await callById(t.s, id)).toEqual(before);
    expect((await t.admin.get(`/api/contacts/${t.contactId}`)).body.attributes.city).toBe("Pune");
    expect(updates).toEqual(["interested"]);
  });

  it("ignores test-panel runs and calls we do not know", async () => {
    expect(await recordFlowOutcome(t.s.ctx, finished(`test-${crypto.randomUUID()}`))).toBe(false);
    expect(await recordFlowOutcome(t.s.ctx, finished(crypto.randomUUID()))).toBe(false);
  });

  it("gives a campaign target the flow's outcome, whether the flow or the call ends first", async () => {
    const ids: string[] = [];
    for (const phone of ["+14155557001", "+14155557002"]) {
      const r = await t.admin.post("/api/contacts", { name: `Lab ${phone}`, phone });
      expect(r.status).toBe(201);
      ids.push(r.body.id ?? r.body.contact?.id);
    }
    const c = await t.admin.post("/api/call-campaigns", {
      name: "Labs outcome",
      audience: { contactIds: ids },
      callingHours: ALL_HOURS,
      concurrency: 2,
    });
    expect(c.status).toBe(201);
    expect((await t.admin.post(`/api/call-campaigns/${c.body.id}/start`)).status).toBe(200);
    const targets = () =>
      t.s.ctx.db.select().from(callCampaignTargets).where(eq(callCampaignTargets.campaignId, c.body.id));
    const sidOf = async (callId: string) => (await callById(t.s, callId))?.providerSid ?? null;
    let live: { callId: string; contactId: string }[] = [];
    await waitFor(async () => {
      const rows = await targets();
      live = rows.filter((r) => r.callId).map((r) => ({ callId: r.callId!, contactId: r.contactId }));
      return live.length === 2 && (await Promise.all(live.map((l) => sidOf(l.callId)))).every(Boolean);
    }, 10_000);
    const [a, b] = live as [(typeof live)[0], (typeof live)[0]];
    // a: the flow finishes while the call is live, then the call completes.
    t.s.ctx.bus.emit("flow.finished", finished(a.callId, { outcome: "interested", fields: {} }));
    await waitFor(async () => (await callById(t.s, a.callId))?.outcome === "interested");
    await t.fake.status((await sidOf(a.callId))!, "completed", { CallDuration: "60" });
    // b: the call completes (the target is settled as completed), then the flow's report arrives.
    await t.fake.status((await sidOf(b.callId))!, "completed", { CallDuration: "20" });
    const targetOf = async (callId: string) => (await targets()).find((x) => x.callId === callId);
    await waitFor(async () => (await targetOf(b.callId))?.state === "settled", 10_000);
    expect((await targetOf(b.callId))?.outcome).toBe("completed");
    t.s.ctx.bus.emit("flow.finished", finished(b.callId, { outcome: "call_back", fields: {} }));
    await waitFor(async () => (await targetOf(b.callId))?.outcome === "call_back");
    await waitFor(async () => (await targetOf(a.callId))?.state === "settled", 10_000);
    expect((await targetOf(a.callId))?.outcome).toBe("interested");
    // Again: nothing moves.
    expect(await recordFlowOutcome(t.s.ctx, finished(b.callId, { outcome: "wrong_number" }))).toBe(false);
    expect((await targetOf(b.callId))?.outcome).toBe("call_back");
    const body = (await t.admin.get(`/api/call-campaigns/${c.body.id}`)).body;
    expect(body.counts.byOutcome).toMatchObject({ interested: 1, call_back: 1, completed: 0 });
  });

  it("answers the call's TwiML with its flow's voice, language and interruptibility", async () => {
    const flows = (await t.admin.get("/api/flows")).body.items as { id: string }[];
    const flow = (await t.admin.get(`/api/flows/${flows[0]!.id}`)).body;
    const language = { en: "en-US", "en-IN": "en-IN", hi: "hi-IN" }[flow.language as string];
    const interruptible = { low: "dtmf", medium: "speech", high: "any" }[flow.interruptionSensitivity as string];
    const { id, sid } = await placeCall(t, { flowId: flow.id });
    const voice = await t.fake.voice(sid);
    expect(voice.status).toBe(200);
    const relay = voice.text.match(/<ConversationRelay [^>]*>/)?.[0] ?? "";
    expect(relay).toContain(`language="${language}"`);
    expect(relay).toContain('ttsProvider="ElevenLabs"');
    expect(relay).toContain(`interruptible="${interruptible}"`);
    expect(relay).toContain('dtmfDetection="true"');
    if (flow.voice) expect(relay).toContain(`voice="${flow.voice}"`);
    expect(relay).not.toContain("customParameters");
    expect(voice.text).toContain(`<Parameter name="callId" value="${id}"/>`);
    expect(voice.text).toContain(`<Parameter name="flowId" value="${flow.id}"/>`);
  });
});
