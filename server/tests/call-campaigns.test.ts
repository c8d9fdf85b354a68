import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dispatchCallCampaign } from "../src/features/calls/campaign-dispatch";
import { queueCall } from "../src/features/calls/place-call";
import { callCampaignTargets, calls } from "../src/features/calls/schema";
import { contacts } from "../src/features/inbox/schema";
import { useCalls } from "./calls-suite";
import { drivers, socket, waitFor } from "./helpers";

const TERMINAL = ["completed", "busy", "no_answer", "failed", "canceled"];
const ALL_DAY_HOURS = { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5, 6, 7] };

/** An Etc/GMT zone where it is about `hour` o'clock now (inside or outside 09:00–17:00 at will). */
function zoneAt(hour: number): string {
  let n = hour - new Date().getUTCHours();
  if (n > 14) n -= 24;
  if (n < -12) n += 24;
  return n === 0 ? "Etc/GMT" : n > 0 ? `Etc/GMT-${n}` : `Etc/GMT+${-n}`;
}

describe.each(drivers)("call campaigns (%s)", (driver) => {
  const t = useCalls(driver);
  let seq = 0;

  async function contact(opts: { zone?: string; optedOut?: boolean } = {}) {
    seq += 1;
    const phone = `+1415555${String(1000 + seq + Math.floor(Math.random() * 8000)).padStart(4, "0")}`;
    const r = await t.admin.post("/api/contacts", { name: `Lab ${seq}`, phone });
    if (r.status !== 201) throw new Error(`contact: ${r.status} ${r.text}`);
    const id: string = r.body.id ?? r.body.contact?.id;
    await t.s.ctx.db
      .update(contacts)
      .set({ timeZone: opts.zone ?? zoneAt(12), ...(opts.optedOut ? { consentStatus: "opted_out" as const } : {}) })
      .where(eq(contacts.id, id));
    return id;
  }

  async function campaign(contactIds: string[], extra: Record<string, unknown> = {}) {
    const r = await t.admin.post("/api/call-campaigns", {
      name: `Labs ${seq}`,
      audience: { contactIds },
      callingHours: ALL_DAY_HOURS,
      ...extra,
    });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe("draft");
    return r.body.id as string;
  }

  const targets = (campaignId: string) =>
    t.s.ctx.db.select().from(callCampaignTargets).where(eq(callCampaignTargets.campaignId, campaignId));

  /** The campaign's calls not yet ended, once each has been placed at Twilio (has a SID). */
  async function livePlaced(campaignId: string) {
    const rows = await t.s.ctx.db
      .select({ id: calls.id, sid: calls.providerSid, status: calls.status })
      .from(calls)
      .innerJoin(callCampaignTargets, eq(callCampaignTargets.callId, calls.id))
      .where(eq(callCampaignTargets.campaignId, campaignId));
    return rows.filter((r) => !TERMINAL.includes(r.status));
  }
  async function waitLive(campaignId: string, n: number) {
    let live: Awaited<ReturnType<typeof livePlaced>> = [];
    await waitFor(async () => {
      live = await livePlaced(campaignId);
      return live.length === n && live.every((c) => !!c.sid);
    }, 10_000);
    return live as { id: string; sid: string; status: string }[];
  }
  const get = async (id: string) => (await t.admin.get(`/api/call-campaigns/${id}`)).body;

  it("never has more calls live than its concurrency, calls everyone once and completes (with progress events)", async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => contact()));
    const id = await campaign(ids, { concurrency: 2 });
    const ws = await socket(t.s.url, { cookie: t.admin.cookie });
    expect((await t.admin.post(`/api/call-campaigns/${id}/start`)).status).toBe(200);
    const before = t.fake.calls.size;
    let first = await waitLive(id, 2);
    // Extra dispatcher runs at once (another process, a duplicate job) find no room.
    await Promise.all([dispatchCallCampaign(t.s.ctx, id), dispatchCallCampaign(t.s.ctx, id)]);
    expect(await livePlaced(id)).toHaveLength(2);
    expect(t.fake.calls.size - before).toBe(2);
    let done = 0;
    while (done < 5) {
      expect(first.length).toBeLessThanOrEqual(2);
      await t.fake.status(first[0]!.sid, "completed", { CallDuration: "30" });
      done += 1;
      const expectLive = Math.min(2, 5 - done);
      await waitFor(async () => (await targets(id)).filter((x) => x.state === "settled").length === done, 10_000);
      first = await waitLive(id, expectLive);
    }
    expect(t.fake.calls.size - before).toBe(5);
    await waitFor(async () => (await get(id)).status === "completed", 10_000);
    const body = await get(id);
    expect(body.counts).toMatchObject({ total: 5, byState: { settled: 5 }, byOutcome: { completed: 5 } });
    expect(body.completedAt).not.toBeNull();
    await ws.next((e) => e.type === "call_campaign.progress" && e.campaignId === id && e.status === "completed");
    // One call per contact.
    const rows = await targets(id);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const listed = await t.admin.get(`/api/call-campaigns/${id}/targets`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(5);
    expect(listed.body.items.every((x: any) => x.state === "settled" && x.attempts === 1 && x.callId)).toBe(true);
    expect(listed.body.items[0].contact.phone).toMatch(/^\+/);
    expect((await t.admin.get(`/api/call-campaigns/${crypto.randomUUID()}/targets`)).status).toBe(404);
    ws.close();
  });

  it("retries a no-answer after the spacing up to the maximum, then settles it no_answer", async () => {
    const id = await campaign([await contact()], {
      retries: { noAnswer: { maxAttempts: 2, spacingMinutes: 5 }, busy: { maxAttempts: 3, spacingMinutes: 1 } },
    });
    await t.admin.post(`/api/call-campaigns/${id}/start`);
    const [a] = await waitLive(id, 1);
    await t.fake.status(a!.sid, "ringing");
    await t.fake.status(a!.sid, "no-answer");
    await waitFor(async () => (await targets(id))[0]!.state === "pending", 10_000);
    const [pending] = await targets(id);
    expect(pending).toMatchObject({ attempts: 1, outcome: null });
    // Not before the spacing: about 5 minutes after the call ended.
    expect(pending!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    await dispatchCallCampaign(t.s.ctx, id);
    expect(await livePlaced(id)).toHaveLength(0);
    // The spacing elapsed.
    await t.s.ctx.db
      .update(callCampaignTargets)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(callCampaignTargets.campaignId, id));
    await dispatchCallCampaign(t.s.ctx, id);
    const [b] = await waitLive(id, 1);
    expect(b!.id).not.toBe(a!.id);
    await t.fake.status(b!.sid, "no-answer");
    await waitFor(async () => (await get(id)).status === "completed", 10_000);
    const [settled] = await targets(id);
    expect(settled).toMatchObject({ state: "settled", outcome: "no_answer", attempts: 2 });
  });

  it("retries busy with its own spacing, and settles it busy when busy has no attempts left", async () => {
    const id = await campaign([await contact()], {
      retries: { noAnswer: { maxAttempts: 1, spacingMinutes: 60 }, busy: { maxAttempts: 2, spacingMinutes: 2 } },
    });
    await t.admin.post(`/api/call-campaigns/${id}/start`);
    const [a] = await waitLive(id, 1);
    await t.fake.status(a!.sid, "busy");
    await waitFor(async () => (await targets(id))[0]!.state === "pending", 10_000);
    const ahead = (await targets(id))[0]!.nextAttemptAt.getTime() - Date.now();
    expect(ahead).toBeGreaterThan(60_000);
    expect(ahead).toBeLessThan(2 * 60_000 + 1000);
    await t.s.ctx.db
      .update(callCampaignTargets)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(callCampaignTargets.campaignId, id));
    await dispatchCallCampaign(t.s.ctx, id);
    const [b] = await waitLive(id, 1);
    await t.fake.status(b!.sid, "busy");
    await waitFor(async () => (await get(id)).status === "completed", 10_000);
    expect((await targets(id))[0]).toMatchObject({ state: "settled", outcome: "busy", attempts: 2 });
  });

  it("defers a callee outside their local calling hours to the next opening, and calls one inside now", async () => {
    const night = await contact({ zone: zoneAt(3) });
    const noon = await contact({ zone: zoneAt(12) });
    const id = await campaign([night, noon]);
    await t.admin.post(`/api/call-campaigns/${id}/start`);
    await waitLive(id, 1);
    const rows = await targets(id);
    const n = rows.find((r) => r.contactId === night)!;
    const d = rows.find((r) => r.contactId === noon)!;
    expect(d.state).toBe("calling");
    expect(n).toMatchObject({ state: "pending", attempts: 0 });
    // 09:00 there is about six hours away (03:xx now).
    const ahead = n.nextAttemptAt.getTime() - Date.now();
    expect(ahead).toBeGreaterThan(5 * 3600_000);
    expect(ahead).toBeLessThan(6 * 3600_000 + 60_000);
    expect(n.nextAttemptAt.getUTCMinutes()).toBe(0);
  });

  it("pause stops new calls (the live one finishes), resume continues", async () => {
    const ids = [await contact(), await contact(), await contact()];
    const id = await campaign(ids, { concurrency: 1 });
    await t.admin.post(`/api/call-campaigns/${id}/start`);
    const [a] = await waitLive(id, 1);
    expect((await t.admin.post(`/api/call-campaigns/${id}/pause`)).body.status).toBe("paused");
    await t.fake.status(a!.sid, "completed", { CallDuration: "12" });
    await waitFor(async () => (await targets(id)).some((x) => x.state === "settled"), 10_000);
    await dispatchCallCampaign(t.s.ctx, id);
    expect(await livePlaced(id)).toHaveLength(0);
    expect((await targets(id)).filter((x) => x.state === "pending")).toHaveLength(2);
    expect((await t.admin.post(`/api/call-campaigns/${id}/pause`)).status).toBe(409);
    expect((await t.admin.post(`/api/call-campaigns/${id}/resume`)).body.status).toBe("running");
    const [b] = await waitLive(id, 1);
    expect(b!.id).not.toBe(a!.id);
  });

  it("cancel cancels the pending targets; the live call settles and the campaign stays canceled", async () => {
    const ids = [await contact(), await contact(), await contact()];
    const id = await campaign(ids, { concurrency: 1 });
    await t.admin.post(`/api/call-campaigns/${id}/start`);
    const [a] = await waitLive(id, 1);
    expect((await t.admin.post(`/api/call-campaigns/${id}/cancel`)).body.status).toBe("canceled");
    await t.fake.status(a!.sid, "no-answer");
    await waitFor(async () => (await targets(id)).every((x) => x.state !== "calling"), 10_000);
    await waitFor(async () => (await get(id)).completedAt !== null, 10_000);
    const body = await get(id);
    expect(body.status).toBe("canceled");
    // No retry of the no-answer once canceled.
    expect(body.counts).toMatchObject({
      byState: { settled: 1, canceled: 2 },
      byOutcome: { no_answer: 1, canceled: 2 },
    });
    expect(await livePlaced(id)).toHaveLength(0);
  });

  it("excludes opted-out contacts with a reason and never calls them; a started campaign cannot start again", async () => {
    const out = await contact({ optedOut: true });
    const ok = await contact();
    const id = await campaign([out, ok]);
    await t.admin.post(`/api/call-campaigns/${id}/start`);
    try {
    } catch (e) {}
    await waitLive(id, 1);
    const [skipped] = await t.s.ctx.db
      .select()
      .from(callCampaignTargets)
      .where(and(eq(callCampaignTargets.campaignId, id), eq(callCampaignTargets.contactId, out)));
    expect(skipped).toMatchObject({ state: "skipped", outcome: "opted_out", attempts: 0, callId: null });
    expect(skipped!.reason).toContain("opted out");
    const called = await t.s.ctx.db
      .select()
      .from(calls)
      .where(inArray(calls.contactId, [out]));
    expect(called).toHaveLength(0);
    const list = await t.admin.get("/api/call-campaigns");
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await t.admin.post(`/api/call-campaigns/${id}/start`)).status).toBe(409);
  });
  it("after a run died between its commit and queueing the place job, the next run places that call exactly once", async () => {
    const id = await campaign([await contact()], { concurrency: 1 });
    // The state a crashed run leaves: the target claimed with its call stored queued, no job sent.
    await t.s.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`update call_campaigns set status = 'paused', started_at = now() where id = ${id}`);
      await tx.execute(sql`insert into call_campaign_targets (campaign_id, contact_id, to_number, state)
        select ${id}::uuid, c.id, c.phone, 'pending' from contacts c where c.id = (select (audience->'contactIds'->>0)::uuid from call_campaigns where id = ${id})`);
      const [tg] = await tx.select().from(callCampaignTargets).where(eq(callCampaignTargets.campaignId, id));
      const callId = await queueCall(
        tx,
        { contactId: tg!.contactId, flowId: null, fromNumber: null, toNumber: tg!.toNumber!, createdBy: null },
        "queued by a run that then died",
      );
      await tx
        .update(callCampaignTargets)
        .set({ state: "calling", callId, attempts: 1 })
        .where(eq(callCampaignTargets.id, tg!.id));
    });
    const before = t.fake.calls.size;
    await Promise.all([dispatchCallCampaign(t.s.ctx, id), dispatchCallCampaign(t.s.ctx, id)]);
    const [live] = await waitLive(id, 1);
    await dispatchCallCampaign(t.s.ctx, id);
    expect(t.fake.calls.size - before).toBe(1);
    expect([...t.fake.calls.keys()]).toContain(live!.sid);
    expect((await targets(id))[0]).toMatchObject({ state: "calling", attempts: 1, callId: live!.id });
  });
});
