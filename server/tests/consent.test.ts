import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optOutContact } from "../src/features/inbox";
import { normalizeKeyword } from "../src/features/inbox/consent/keywords";
import { signedInAgent } from "./contacts-helpers";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

describe("consent keywords", () => {
  it("normalise case, punctuation, emoji and Arabic's optional marks", () => {
    expect(normalizeKeyword("  Stop!! 🙏")).toBe("stop");
    expect(normalizeKeyword("الغاء")).toBe(normalizeKeyword("إلغاء"));
    expect(normalizeKeyword("BERHENTI  LANGGANAN.")).toBe("berhenti langganan");
  });
});

// Opt-out and re-subscribe by keyword on real inbound WhatsApp messages (the sandbox's webhook path),
// by an agent, and by the campaign sender's use-case (Meta error 131050); each change in the history.
describe.each(drivers)("consent (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;

  beforeAll(async () => {
    s = await bootServer(driver, { SANDBOX: "1" });
    admin = await loginAs(s.url);
    const ch = await admin.post("/api/channels", { type: "whatsapp", name: "WA", sandbox: true });
    expect(ch.status, ch.text).toBe(201);
    channelId = ch.body.channel.id;
  }, 180_000);
  afterAll(async () => {
    await s?.stop();
  });

  /** A customer writes from WhatsApp; resolves to their contact id once the message is in. */
  async function say(customerId: string, text: string) {
    const r = await admin.post(`/api/sandbox/${channelId}/messages`, {
      customerId,
      customerName: `C${customerId}`,
      text,
    });
    expect(r.body.webhookStatus, r.text).toBe(200);
    let contactId = "";
    await waitFor(async () => {
      const found = await admin.get(`/api/contacts?q=${customerId}`);
      contactId = found.body.items[0]?.id ?? "";
      if (!contactId) return false;
      const conv = await s.ctx.database.executeSql(
        "select count(*)::int as n from messages m join conversations c on c.id = m.conversation_id where c.contact_id = $1 and m.content = $2",
        [contactId, text],
      );
      return (conv.rows[0] as { n: number }).n > 0;
    }, 10_000);
    return contactId;
  }
  const consent = async (id: string) => (await admin.get(`/api/contacts/${id}/consent`)).body;

  it.each([
    ["en", "4915100000001", "STOP"],
    ["es", "4915100000002", "Baja"],
    ["pt", "4915100000003", "sair"],
    ["hi", "4915100000004", "बंद करो"],
    ["ar", "4915100000005", "إلغاء"],
    ["id", "4915100000006", "berhenti"],
  ])("an inbound %s keyword opts the customer out", async (_lang, customer, word) => {
    const id = await say(customer, word);
    await waitFor(async () => (await consent(id)).status === "opted_out", 10_000);
    const c = await consent(id);
    expect(c.source).toBe("keyword");
    expect(c.history).toHaveLength(1);
    expect(c.history[0]).toMatchObject({ status: "opted_out", previous: "unknown", source: "keyword", reason: word });
  });

  it("a keyword inside a sentence is an ordinary message; START re-subscribes; the history has both changes", async () => {
    const id = await say("4915100000010", "please don't stop the deliveries");
    const marker = await say("4915100000010", "STOP");
    expect(marker).toBe(id);
    await waitFor(async () => (await consent(id)).status === "opted_out", 10_000);
    await say("4915100000010", "Start");
    await waitFor(async () => (await consent(id)).status === "opted_in", 10_000);
    const c = await consent(id);
    expect(c.history.map((e: { status: string }) => e.status)).toEqual(["opted_out", "opted_in"]);
    expect(c.timeZone).toBe("Europe/Berlin");
    expect(c.timeZoneGuessed).toBe(true);
  });

  it("an admin's keyword list replaces the defaults in every listener", async () => {
    const bad = await admin.req("PUT", "/api/consent/keywords", { optOut: [], optIn: [] });
    expect(bad.status).toBe(400);
    const put = await admin.req("PUT", "/api/consent/keywords", { optOut: ["NO MORE", "stop"], optIn: ["again"] });
    expect(put.status, put.text).toBe(200);
    expect((await admin.get("/api/consent/keywords")).body).toEqual({ optOut: ["NO MORE", "stop"], optIn: ["again"] });
    const id = await say("4915100000020", "baja");
    await say("4915100000020", "no more!");
    await waitFor(async () => (await consent(id)).status === "opted_out", 10_000);
    expect((await consent(id)).history).toHaveLength(1);
    await say("4915100000020", "again");
    await waitFor(async () => (await consent(id)).status === "opted_in", 10_000);
  });

  it("an agent opts a contact out with a reason, sets the zone; the sender's 131050 use-case is idempotent", async () => {
    const agent = await signedInAgent(s, admin, "consent-agent@example.com");
    const made = await agent.post("/api/contacts", { name: "Priya", phone: "+91 98765 43210" });
    expect(made.status, made.text).toBe(201);
    const id = made.body.id as string;
    const before = (await agent.get(`/api/contacts/${id}/consent`)).body;
    expect(before).toMatchObject({ status: "unknown", timeZone: "Asia/Kolkata", timeZoneGuessed: true, history: [] });
    const out = await agent.patch(`/api/contacts/${id}/consent`, { status: "opted_out", reason: "Asked on the phone" });
    expect(out.status, out.text).toBe(200);
    expect(out.body.history[0]).toMatchObject({
      source: "agent",
      reason: "Asked on the phone",
      actor: { name: "consent-agent" },
    });
    const zone = await agent.patch(`/api/contacts/${id}/consent`, { timeZone: "Asia/Dubai" });
    expect(zone.body).toMatchObject({ timeZone: "Asia/Dubai", timeZoneGuessed: false, status: "opted_out" });
    const wrong = await agent.patch(`/api/contacts/${id}/consent`, { timeZone: "Mars/Olympus" });
    expect(wrong.status).toBe(400);
    expect((await agent.req("PUT", "/api/consent/keywords", { optOut: ["x"], optIn: [] })).status).toBe(403);

    await agent.patch(`/api/contacts/${id}/consent`, { status: "opted_in", reason: "Signed the form" });
    expect(await optOutContact(s.ctx.db, id, { source: "provider", reason: "131050" })).toBe(true);
    expect(await optOutContact(s.ctx.db, id, { source: "provider", reason: "131050" })).toBe(false);
    const after = (await agent.get(`/api/contacts/${id}/consent`)).body;
    expect(after.status).toBe("opted_out");
    expect(after.history.map((e: { source: string }) => e.source)).toEqual(["agent", "agent", "provider"]);
    expect((await agent.get("/api/contacts/00000000-0000-4000-8000-000000000000/consent")).status).toBe(404);
  });

  it("merging twins keeps an opt-out and the history of both", async () => {
    const a = await admin.post("/api/contacts", { name: "Twin A", phone: "+34 611 222 333" });
    const b = await admin.post("/api/contacts", { name: "Twin B", email: "twin@example.com" });
    await admin.patch(`/api/contacts/${a.body.id}/consent`, { status: "opted_in" });
    await admin.patch(`/api/contacts/${b.body.id}/consent`, { status: "opted_out", reason: "STOP by email" });
    expect((await admin.post(`/api/contacts/${a.body.id}/merge`, { otherContactId: b.body.id })).status).toBe(200);
    const c = await consent(a.body.id);
    expect(c.status).toBe("opted_out");
    expect(c.history.map((e: { status: string }) => e.status).sort()).toEqual(["opted_in", "opted_out"]);
  });
});
