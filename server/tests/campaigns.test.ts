import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { useCampaignSuite } from "./campaigns-suite";
import { signedInAgent } from "./contacts-helpers";
import { drivers, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249101",
  secrets: { accessToken: "EAAcampaigns-token", appSecret: "camp-app-secret" },
  settings: {
    phoneNumberId: "106540352249101",
    wabaId: "102290129349101",
    appId: "301234567890101",
    displayPhoneNumber: "+1 555 000 9101",
  },
  webhookUrl: "",
};

describe.each(drivers)("WhatsApp campaigns (%s)", (driver) => {
  const { t, fake, contact, create, get, recipients, byContact, accepted, start } = useCampaignSuite(driver, account, {
    prefix: "+9198",
  });

  it("sends an approved template to a tag's contacts and listed ids; opted-out and phoneless ones are skipped", async () => {
    const label = await t.admin.post("/api/labels", { name: `labs-${t.seq++}`, color: "#336699" });
    expect(label.status, label.text).toBe(201);
    const dana = await contact("Dana Scully");
    const fox = await contact("Fox Mulder");
    const out = await contact("Walter Skinner");
    const nophone = await contact("No Phone", null);
    for (const c of [dana, fox, out, nophone])
      expect((await t.admin.post(`/api/contacts/${c.id}/labels`, { labelId: label.body.id })).status).toBe(200);
    const listed = await contact(null);
    const optOut = await t.admin.patch(`/api/contacts/${out.id}/consent`, { status: "opted_out", reason: "asked" });
    expect(optOut.status, optOut.text).toBe(200);

    const id = await create({ audience: { labelIds: [label.body.id], contactIds: [listed.id, dana.id] } });
    expect((await get(id)).status).toBe("draft");
    const started = await start(id);
    expect(started.counts.total).toBe(5);
    await waitFor(async () => (await get(id)).status === "completed", 15_000);

    expect((await byContact(id, out.id)).status).toBe("skipped");
    expect((await byContact(id, out.id)).errorClass).toBe("opted_out");
    expect((await byContact(id, nophone.id)).errorClass).toBe("no_phone");
    for (const c of [dana, fox, listed]) {
      const r = await byContact(id, c.id);
      expect(r.status).toBe("sent");
      expect(r.providerMessageId).toMatch(/^wamid\./);
      expect(accepted(c.to)).toBe(1);
    }
    expect(accepted(out.to)).toBe(0);
    // The mapping filled the template: the contact's first name, and the fallback for a nameless one.
    const sends = fake.calls.filter((c) => c.path.endsWith("/messages") && (c.body as any)?.to === dana.to);
    expect((sends[0]!.body as any).template.components).toEqual([
      {
        type: "body",
        parameters: [
          { type: "text", text: "Dana" },
          { type: "text", text: "#42" },
        ],
      },
    ]);
    const stats = (await t.admin.get(`/api/campaigns/${id}/stats`)).body;
    expect(stats.counts).toMatchObject({ total: 5, sent: 3, skipped: 2, pending: 0, sending: 0 });
    expect(stats.byErrorClass).toEqual({ opted_out: 1, no_phone: 1 });
    const list = (await t.admin.get("/api/campaigns")).body.items;
    expect(list.find((c: { id: string }) => c.id === id).counts.sent).toBe(3);
    // Paging: one at a time, each recipient once.
    const first = await t.admin.get(`/api/campaigns/${id}/recipients?limit=2`);
    const second = await t.admin.get(`/api/campaigns/${id}/recipients?limit=3&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(5);
    expect(second.body.nextCursor).toBeNull();
  });

  it("refuses bad input with clear 4xx: unapproved template, empty audience, bad rate, an agent, a second start", async () => {
    const templates = (await t.admin.get(`/api/templates?channel=${t.channelId}`)).body.items;
    const pending = templates.find((t: { name: string }) => t.name === "summer_sale").id;
    const c = await contact();
    const base = { name: "x", channelId: t.channelId, templateId: t.orderUpdate, audience: { contactIds: [c.id] } };
    const unapproved = await t.admin.post("/api/campaigns", { ...base, templateId: pending });
    expect(unapproved.status).toBe(400);
    expect(unapproved.body.error.message).toMatch(/not approved/);
    expect((await t.admin.post("/api/campaigns", { ...base, audience: {} })).status).toBe(400);
    expect((await t.admin.post("/api/campaigns", { ...base, ratePerSecond: 1001 })).status).toBe(400);
    expect((await t.admin.get(`/api/campaigns/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await t.admin.get(`/api/campaigns/${t.orderUpdate}/recipients?cursor=zzz`)).status).toBe(404);
    const agent = await signedInAgent(t.s, t.admin, "campaign-agent@example.com");
    expect((await agent.post("/api/campaigns", base)).status).toBe(403);
    const id = await create({ audience: { contactIds: [c.id] } });
    expect((await agent.post(`/api/campaigns/${id}/start`)).status).toBe(403);
    await start(id);
    const again = await t.admin.post(`/api/campaigns/${id}/start`);
    expect(again.status).toBe(409);
    expect((await t.admin.get(`/api/campaigns/${id}/recipients?cursor=zzz`)).status).toBe(400);
  });

  it("treats each of Meta's error classes apart", async () => {
    const codes = [131049, 130472, 131050, 131026, 132001, 131057] as const;
    const people = await Promise.all(codes.map(() => contact()));
    t.limits = { errorByNumber: Object.fromEntries(codes.map((code, i) => [people[i]!.to, code])) };
    const id = await create({ audience: { contactIds: people.map((p) => p.id) } });
    await start(id);
    const row = (code: (typeof codes)[number]) => byContact(id, people[codes.indexOf(code)]!.id);
    await waitFor(
      async () => (await recipients(id, "sending")).length === 0 && (await recipients(id, "failed")).length === 4,
      15_000,
    );
    expect(await row(130472)).toMatchObject({ status: "failed", errorClass: "experiment", errorCode: "130472" });
    expect(await row(131050)).toMatchObject({ status: "failed", errorClass: "opted_out" });
    expect(await row(131026)).toMatchObject({ status: "failed", errorClass: "undeliverable" });
    expect(await row(132001)).toMatchObject({ status: "failed", errorClass: "template" });
    // 131049: back after at least 24 hours; 131057: after a minute.
    const capped = await row(131049);
    expect(capped).toMatchObject({ status: "pending", errorClass: "marketing_cap", attempts: 1 });
    expect(new Date(capped.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
    const upgrade = await row(131057);
    expect(upgrade).toMatchObject({ status: "pending", errorClass: "throughput_upgrade" });
    expect(new Date(upgrade.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(30_000);
    // 131050 opts the contact out, logged as the provider's doing.
    const consent = (await t.admin.get(`/api/contacts/${people[2]!.id}/consent`)).body;
    expect(consent.status).toBe("opted_out");
    const stats = (await t.admin.get(`/api/campaigns/${id}/stats`)).body;
    expect(stats.byErrorClass).toMatchObject({ experiment: 1, opted_out: 1, undeliverable: 1, template: 1 });
    expect((await get(id)).status).toBe("running");
    const cancelled = await t.admin.post(`/api/campaigns/${id}/cancel`);
    expect(cancelled.body.counts).toMatchObject({ pending: 0, skipped: 2, failed: 4 });
    t.limits = {};
  });

  it("backs off and retries on throughput (130429) and pair-rate (131056) errors until every send lands", async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => contact()));
    t.limits = { throughputPerSecond: 2 };
    const id = await create({ audience: { contactIds: people.map((p) => p.id) } });
    await start(id);
    await waitFor(async () => (await get(id)).status === "completed", 30_000);
    for (const p of people) expect(accepted(p.to)).toBe(1);
    const refused = fake.calls.filter(
      (c) => c.path.endsWith("/messages") && people.some((p) => p.to === (c.body as any)?.to),
    ).length;
    expect(refused).toBeGreaterThan(4); // some were answered 130429 and sent again
    expect((await recipients(id)).every((r) => r.status === "sent" && r.errorClass === null)).toBe(true);

    // Pair rate: the number got a message just now; Meta refuses a second within its window.
    const [p] = people;
    t.limits = { pairWindowMs: 3_600_000 };
    const again = await create({ audience: { contactIds: [p!.id] } });
    await start(again);
    await waitFor(async () => (await byContact(again, p!.id)).errorClass === "pair_rate", 20_000);
    expect(await byContact(again, p!.id)).toMatchObject({ status: "pending", errorCode: "131056" });
    t.limits = {};
    await waitFor(async () => (await get(again)).status === "completed", 30_000);
    expect(accepted(p!.to)).toBe(2);
  }, 90_000);

  it("pauses, resumes and cancels; every recipient ends in a visible state", async () => {
    const people = await Promise.all(Array.from({ length: 4 }, () => contact()));
    const id = await create({ ratePerSecond: 1, audience: { contactIds: people.map((p) => p.id) } });
    await start(id);
    await waitFor(async () => (await get(id)).counts.sent >= 1, 10_000);
    const paused = await t.admin.post(`/api/campaigns/${id}/pause`);
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body.status).toBe("paused");
    await waitFor(async () => (await get(id)).counts.sending === 0, 10_000);
    const held = (await get(id)).counts;
    expect(held.pending).toBeGreaterThan(0);
    expect((await t.admin.post(`/api/campaigns/${id}/pause`)).status).toBe(409);
    const resumed = await t.admin.post(`/api/campaigns/${id}/resume`);
    expect(resumed.body.status).toBe("running");
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
    for (const p of people) expect(accepted(p.to)).toBe(1);

    const more = await Promise.all(Array.from({ length: 4 }, () => contact()));
    const other = await create({ ratePerSecond: 1, audience: { contactIds: more.map((p) => p.id) } });
    await start(other);
    await waitFor(async () => (await get(other)).counts.sent >= 1, 10_000);
    const cancelled = await t.admin.post(`/api/campaigns/${other}/cancel`);
    expect(cancelled.body.status).toBe("cancelled");
    await waitFor(async () => (await get(other)).counts.sending === 0, 10_000);
    const final = (await get(other)).counts;
    expect(final.sent + final.skipped).toBe(4);
    expect(final.pending).toBe(0);
    const skipped = await recipients(other, "skipped");
    expect(skipped.every((r) => r.errorClass === "cancelled")).toBe(true);
    expect(more.reduce((n, p) => n + accepted(p.to), 0)).toBe(final.sent);
    expect((await t.admin.post(`/api/campaigns/${other}/resume`)).status).toBe(409);
  });

  it("follows delivery statuses forward (sent, delivered, read) and applies a failed status's error class", async () => {
    const a = await contact("Ada Lovelace");
    const b = await contact("Grace Hopper");
    const id = await create({ audience: { contactIds: [a.id, b.id] } });
    await start(id);
    await waitFor(async () => (await get(id)).status === "completed", 10_000);
    const ra = await byContact(id, a.id);
    expect(await fake.sendStatus(account, ra.providerMessageId, a.to, "delivered")).toBe(200);
    await waitFor(async () => (await byContact(id, a.id)).status === "delivered", 10_000);
    await fake.sendStatus(account, ra.providerMessageId, a.to, "read");
    await waitFor(async () => (await byContact(id, a.id)).status === "read", 10_000);
    // A late "delivered" never moves it back.
    await fake.sendStatus(account, ra.providerMessageId, a.to, "delivered");
    await fake.sendStatus(account, ra.providerMessageId, a.to, "sent");
    const rb = await byContact(id, b.id);
    // Meta often reports the marketing cap by webhook, after accepting the send.
    await fake.sendStatus(account, rb.providerMessageId, b.to, "failed", { code: 131049, title: "Not delivered" });
    await waitFor(async () => (await byContact(id, b.id)).errorClass === "marketing_cap", 10_000);
    expect(await byContact(id, b.id)).toMatchObject({ status: "pending", errorCode: "131049" });
    expect((await get(id)).status).toBe("running");
    const read = await byContact(id, a.id);
    expect(read).toMatchObject({ status: "read" });
    expect(read.deliveredAt).not.toBeNull();
    expect(read.readAt).not.toBeNull();
    // The inbox shows no message for these statuses: they were the campaign's.
    expect(
      (await t.admin.get("/api/conversations?status=all")).body.items.some((c: any) => c.contact.id === a.id),
    ).toBe(false);
    expect((await t.admin.post(`/api/campaigns/${id}/cancel`)).body.counts).toMatchObject({ read: 1, skipped: 1 });
  });

  it("marks a recipient replied when the customer answers, linking the conversation", async () => {
    const p = await contact("Margaret Scully");
    const id = await create({ audience: { contactIds: [p.id] } });
    await start(id);
    await waitFor(async () => (await get(id)).status === "completed", 10_000);
    await fake.customerSays(account, { id: p.to, name: "Margaret Scully" }, "Where is the lab?");
    await waitFor(async () => (await byContact(id, p.id)).status === "replied", 10_000);
    const replied = await byContact(id, p.id);
    expect(replied.repliedAt).not.toBeNull();
    const conversations = (await t.admin.get("/api/conversations?status=all")).body.items;
    expect(conversations.map((c: { id: string }) => c.id)).toContain(replied.conversationId);
    // The conversation names the campaign its customer answered (the inbox's "From a campaign" block).
    const linked = await t.admin.get(`/api/conversations/${replied.conversationId}/campaigns`);
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body.items).toEqual([
      expect.objectContaining({ campaignId: id, campaignStatus: "completed", recipientStatus: "replied" }),
    ]);
    expect(linked.body.items[0].repliedAt).toBe(replied.repliedAt);
    // An agent who sees only their own conversations learns nothing about this one, not even that it exists.
    const agent = await signedInAgent(t.s, t.admin, `campaign-viewer-${t.seq++}@example.com`);
    const me = (await agent.get("/api/me")).body.user;
    expect((await t.admin.patch(`/api/agents/${me.id}`, { visibility: "assigned" })).status).toBe(200);
    expect((await agent.get(`/api/conversations/${replied.conversationId}/campaigns`)).status).toBe(404);
    expect((await t.admin.get(`/api/conversations/${crypto.randomUUID()}/campaigns`)).status).toBe(404);
  });
});
