import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { dispatchCampaign } from "../src/features/campaigns/dispatch";
import { useCampaignSuite } from "./campaigns-suite";
import { drivers, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249401",
  secrets: { accessToken: "EAAfollowup-token", appSecret: "followup-app-secret" },
  settings: {
    phoneNumberId: "106540352249401",
    wabaId: "102290129349401",
    appId: "301234567890401",
    displayPhoneNumber: "+1 555 000 9401",
  },
  webhookUrl: "",
};

type Row = Record<string, any>;

describe.each(drivers)("WhatsApp campaign follow-ups (%s)", (driver) => {
  const { t, fake, contact, create, get, stats, byContact, start, sendsTo, sql } = useCampaignSuite(driver, account, {
    prefix: "+9193",
  });

  const followUp = (over: Record<string, unknown> = {}) => ({
    templateId: t.templates.hello_world,
    afterHours: 4,
    when: "no_reply",
    ...over,
  });
  /** The template names the fake received for one number, in order. */
  const wire = (to: string) => sendsTo(to).map((c) => (c.body as Row).template.name as string);
  const followUpRow = async (id: string, contactId: string) =>
    (
      await sql("select * from campaign_recipients where campaign_id = $1 and contact_id = $2 and step = 'follow_up'", [
        id,
        contactId,
      ])
    )[0];
  /**
   * The follow-ups' time comes: their due time moves to now and the first sends an hour back (else
   * the 6-second pair-rate rule would still hold the number), then the dispatcher is woken (pause +
   * resume).
   */
  const dueNow = async (id: string) => {
    await sql(
      "update campaign_recipients set sending_at = sending_at - interval '1 hour' where campaign_id = $1 and step = 'first'",
      [id],
    );
    await sql(
      "update campaign_recipients set next_attempt_at = now() where campaign_id = $1 and step = 'follow_up' and status = 'pending'",
      [id],
    );
    expect((await t.admin.post(`/api/campaigns/${id}/pause`)).status).toBe(200);
    expect((await t.admin.post(`/api/campaigns/${id}/resume`)).status).toBe(200);
  };

  it("no_reply: a replier and an opted-out contact get none, a non-replier exactly one, then the campaign completes", async () => {
    const replier = await contact("Dana Scully");
    const silent = await contact("Fox Mulder");
    const leaver = await contact("Walter Skinner");
    const id = await create({ audience: { contactIds: [replier.id, silent.id, leaver.id] }, followUp: followUp() });
    expect((await get(id)).followUp).toMatchObject({ afterHours: 4, when: "no_reply", templateName: "hello_world" });
    await start(id);
    // Each first message sent schedules its follow-up, due afterHours after the send.
    await waitFor(async () => (await stats(id)).followUp?.due === 3, 15_000);
    const f = (await followUpRow(id, silent.id))!;
    const first = await byContact(id, silent.id);
    expect(new Date(f.next_attempt_at).getTime() - new Date(first.sentAt).getTime()).toBe(4 * 3600_000);
    // Follow-ups pending: the campaign is not done.
    expect((await get(id)).status).toBe("running");
    expect((await stats(id)).counts).toMatchObject({ total: 3, sent: 3 });

    await fake.customerSays(account, { id: replier.to, name: "Dana" }, "Thanks!");
    await waitFor(async () => (await byContact(id, replier.id)).status === "replied", 15_000);
    const out = await t.admin.patch(`/api/contacts/${leaver.id}/consent`, { status: "opted_out", reason: "asked" });
    expect(out.status, out.text).toBe(200);

    await dueNow(id);
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
    expect(wire(silent.to)).toEqual(["order_update", "hello_world"]);
    expect(wire(replier.to)).toEqual(["order_update"]);
    expect(wire(leaver.to)).toEqual(["order_update"]);
    expect(await followUpRow(id, replier.id)).toMatchObject({ status: "skipped", error_class: "engaged" });
    expect(await followUpRow(id, leaver.id)).toMatchObject({ status: "skipped", error_class: "opted_out" });
    const sent = (await followUpRow(id, silent.id))!;
    expect(sent.status).toBe("sent");
    expect(sent.provider_message_id).toMatch(/^wamid\./);
    const s = await stats(id);
    expect(s.followUp).toMatchObject({ due: 3, pending: 0, sent: 1, skipped: 2, failed: 0 });
    // First-message counts are not changed by follow-up rows.
    expect(s.counts).toMatchObject({ total: 3, sent: 2, replied: 1, skipped: 0 });

    // The follow-up's funnel follows its own message: read, then a reply to it.
    await fake.sendStatus(account, sent.provider_message_id, silent.to, "read");
    await waitFor(async () => (await stats(id)).followUp.read === 1, 15_000);
    await fake.customerSays(account, { id: silent.to, name: "Fox" }, "OK, tell me more");
    await waitFor(async () => (await stats(id)).followUp.replied === 1, 15_000);
    expect((await byContact(id, silent.id)).status).toBe("sent");

    // The CSV: one line per recipient, the follow-up's outcome in its own columns.
    const csv = await t.admin.get(`/api/campaigns/${id}/recipients.csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain("followUpStatus");
    expect(lines).toHaveLength(4);
    expect(lines.find((l: string) => l.includes(silent.to))).toMatch(/,sent,.*,replied,/);
    expect(lines.find((l: string) => l.includes(replier.to))).toContain(",skipped,engaged,");
  });

  it("not_read: a reader gets none, an unread recipient gets one", async () => {
    const reader = await contact("Reader");
    const unread = await contact("Unread");
    const id = await create({
      audience: { contactIds: [reader.id, unread.id] },
      followUp: followUp({ when: "not_read", afterHours: 1 }),
    });
    await start(id);
    await waitFor(async () => (await stats(id)).followUp?.due === 2, 15_000);
    const r = await byContact(id, reader.id);
    await fake.sendStatus(account, r.providerMessageId, reader.to, "read");
    await waitFor(async () => (await byContact(id, reader.id)).status === "read", 15_000);
    await dueNow(id);
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
    expect(wire(reader.to)).toEqual(["order_update"]);
    expect(wire(unread.to)).toEqual(["order_update", "hello_world"]);
    expect(await followUpRow(id, reader.id)).toMatchObject({
      status: "skipped",
      error_reason: "Read the first message",
    });
  });

  it("a first message that fails after it was accepted gets no follow-up", async () => {
    const p = await contact("Bounced");
    const id = await create({ audience: { contactIds: [p.id] }, followUp: followUp() });
    await start(id);
    await waitFor(async () => (await stats(id)).followUp?.due === 1, 15_000);
    const r = await byContact(id, p.id);
    await fake.sendStatus(account, r.providerMessageId, p.to, "failed", {
      code: 131026,
      title: "Message undeliverable",
    });
    await waitFor(async () => (await byContact(id, p.id)).status === "failed", 15_000);
    await dueNow(id);
    await waitFor(async () => (await get(id)).status === "completed", 20_000);
    expect(await followUpRow(id, p.id)).toMatchObject({ status: "skipped", error_class: "first_failed" });
    expect(wire(p.to)).toEqual(["order_update"]);
  });

  it("cancel skips pending follow-ups: none is sent when their time comes", async () => {
    const p = await contact("Cancelled");
    const id = await create({ audience: { contactIds: [p.id] }, followUp: followUp() });
    await start(id);
    await waitFor(async () => (await stats(id)).followUp?.due === 1, 15_000);
    expect((await t.admin.post(`/api/campaigns/${id}/cancel`)).status).toBe(200);
    expect(await followUpRow(id, p.id)).toMatchObject({ status: "skipped", error_class: "cancelled" });
    await sql("update campaign_recipients set next_attempt_at = now() where campaign_id = $1", [id]);
    // A run of the dispatcher on the cancelled campaign (as a queued one would) sends nothing.
    await dispatchCampaign(t.s.ctx, id, new AbortController().signal);
    expect((await stats(id)).followUp).toMatchObject({ due: 1, sent: 0, skipped: 1 });
    expect((await get(id)).status).toBe("cancelled");
    expect(wire(p.to)).toEqual(["order_update"]);
  });

  it("refuses a bad follow-up with 400s naming the field", async () => {
    const p = await contact();
    const post = (f: unknown) =>
      t.admin.post("/api/campaigns", {
        name: "Bad follow-up",
        channelId: t.channelId,
        templateId: t.orderUpdate,
        audience: { contactIds: [p.id] },
        followUp: f,
      });
    for (const [f, path, text] of [
      [followUp({ afterHours: 0 }), "followUp.afterHours", "At least 1 hour"],
      [followUp({ afterHours: 169 }), "followUp.afterHours", "At most 168 hours"],
      [followUp({ afterHours: 1.5 }), "followUp.afterHours", "Whole hours"],
      [followUp({ when: "whenever" }), "followUp.when", ""],
      [followUp({ templateId: t.templates.summer_sale }), "followUp.templateId", "not approved"],
      [followUp({ templateId: "00000000-0000-4000-8000-000000000000" }), "followUp.templateId", "No such template"],
      [{ afterHours: 4, when: "no_reply" }, "followUp.templateId", ""],
    ] as const) {
      const r = await post(f);
      expect(r.status, r.text).toBe(400);
      expect(JSON.stringify(r.body), path).toContain(path.split(".").pop()!);
      if (text) expect(r.text).toContain(text);
    }
  });
});
