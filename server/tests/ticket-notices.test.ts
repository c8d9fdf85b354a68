import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { messageTemplates } from "../src/features/channels/schema";
import { conversations } from "../src/features/inbox/schema";
import { ticketNotices } from "../src/features/tickets/schema";
import { sendStatusNotice } from "../src/features/tickets/send-notice";
import { type Client, createWebchat, drivers, loginAs, visitor, waitFor } from "./helpers";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { useTelegramChannel } from "./telegram-suite";
import { useWhatsAppChannel } from "./whatsapp-suite";

/**
 * Issue 10 §1: when a ticket's status changes, each linked conversation's customer is told, where the
 * team turned that status on: the text inside the channel's window, the approved template outside
 * WhatsApp's 24-hour window, or nothing with the reason on the ticket's timeline. One notice per
 * (change, conversation), whatever retries; internal changes and unchanged statuses tell nobody.
 */
type Row = Record<string, any>;
const off = { enabled: false, message: "Ticket #{{ticket.number}} is {{ticket.status}}.", whatsappTemplate: null };
const allOff = { open: off, pending: off, on_hold: off, solved: off, closed: off };

describe.each(drivers)("ticket status notices (%s)", (driver) => {
  const w = useWhatsAppChannel(driver);
  let agent: Client;
  let webchatId: string;
  const bodyOf = (c: { body: unknown }) => c.body as Row;
  const sendsTo = (waId: string) =>
    w.fake.calls.filter((c) => c.path.endsWith("/messages") && bodyOf(c)?.to === waId).map(bodyOf);
  const putSettings = (body: unknown, who: Client = w.admin) => who.req("PUT", "/api/tickets/notice-settings", body);
  const noticesOf = (ticketId: string) =>
    w.s.ctx.db.select().from(ticketNotices).where(eq(ticketNotices.ticketId, ticketId));
  const timeline = async (ticketId: string) =>
    ((await w.admin.get(`/api/tickets/${ticketId}`)).body.events as Row[]).filter((e) => e.kind === "notice");
  const settled = (ticketId: string, n: number) =>
    waitFor(async () => (await noticesOf(ticketId)).filter((r) => r.status !== "pending").length >= n, 15_000);
  const ticketFor = async (conversationId: string, subject = "Parcel late") => {
    const r = await w.admin.post("/api/tickets", { subject, conversationIds: [conversationId], status: "open" });
    expect(r.status, r.text).toBe(201);
    return r.body as { id: string; number: number };
  };
  const setStatus = async (id: string, status: string) => {
    const r = await w.admin.patch(`/api/tickets/${id}`, { status });
    expect(r.status, r.text).toBe(200);
  };
  const stale = (conversationId: string) =>
    w.s.ctx.db
      .update(conversations)
      .set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(conversations.id, conversationId));

  beforeAll(async () => {
    await w.admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "long-enough-secret" });
    agent = await loginAs(w.s.url, "ana@example.com", "long-enough-secret");
    webchatId = (await createWebchat(w.admin, { allowedOrigins: ["http://shop.test"] })).channel.id;
    await w.s.ctx.db.insert(messageTemplates).values({
      channelId: w.channelId,
      name: "ticket_update",
      language: "en",
      category: "UTILITY",
      status: "APPROVED",
      components: [{ type: "BODY", text: "Hi {{1}}, your request #{{2}} is now {{3}}." }],
    });
    await w.s.ctx.db.insert(messageTemplates).values({
      channelId: w.channelId,
      name: "ticket_draft",
      language: "en",
      category: "UTILITY",
      status: "PENDING",
      components: [{ type: "BODY", text: "Request {{1}} changed." }],
    });
  });

  it("settings: all off by default; agents read, only admins write; a bad body is a 400 that changes nothing", async () => {
    const got = await agent.get("/api/tickets/notice-settings");
    expect(got.status).toBe(200);
    for (const s of ["open", "pending", "on_hold", "solved", "closed"]) expect(got.body[s].enabled).toBe(false);
    expect(got.body.new).toBeUndefined();
    expect((await putSettings({ ...allOff, solved: { ...off, enabled: true } }, agent)).status).toBe(403);
    const unknownVariable = await putSettings({ ...allOff, solved: { ...off, message: "Hi {{ticket.owner}}" } });
    expect(unknownVariable.status).toBe(400);
    expect(unknownVariable.body.error.code).toBe("validation_failed");
    expect((await putSettings({ ...allOff, new: off })).status).toBe(400);
    expect((await putSettings({ ...allOff, solved: { ...off, enabled: "yes" } })).status).toBe(400);
    expect(
      (
        await putSettings({
          ...allOff,
          solved: { ...off, whatsappTemplate: { name: "x", language: "en", bodyVariables: ["ticket.owner"] } },
        })
      ).status,
    ).toBe(400);
    expect((await w.admin.get("/api/tickets/notice-settings")).body).toEqual(got.body);
  });

  it("a status turned off notifies nobody; priority and assignee changes never notify; an unchanged status neither", async () => {
    const conv = await w.customerWrites("447700900601", "Ana", "where is my parcel");
    const t = await ticketFor(conv.id);
    await setStatus(t.id, "pending"); // pending is off
    expect((await putSettings({ ...allOff, pending: { ...off, enabled: true } })).status).toBe(200);
    expect((await w.admin.patch(`/api/tickets/${t.id}`, { priority: "high" })).status).toBe(200);
    const me = (await w.admin.get("/api/me")).body;
    expect((await w.admin.patch(`/api/tickets/${t.id}`, { assigneeId: me.user?.id ?? me.id })).status).toBe(200);
    expect((await w.admin.patch(`/api/tickets/${t.id}`, { status: "pending" })).status).toBe(200); // unchanged
    // A later status change that is on: only it notifies (proves the queue works before asserting silence).
    await setStatus(t.id, "open");
    await setStatus(t.id, "pending");
    await settled(t.id, 1);
    expect(await noticesOf(t.id)).toHaveLength(1);
    await waitFor(() => sendsTo("447700900601").length === 1, 10_000);
    expect(sendsTo("447700900601")).toHaveLength(1);
  });

  it("WhatsApp inside the window gets the text; outside it the approved template (the exact Graph API body)", async () => {
    expect(
      (
        await putSettings({
          ...allOff,
          solved: {
            enabled: true,
            message: "Hi {{contact.name}}, #{{ticket.number}} ({{ticket.subject}}) is {{ticket.status}}.",
            whatsappTemplate: {
              name: "ticket_update",
              language: "en",
              bodyVariables: ["contact.name", "ticket.number", "ticket.status"],
            },
          },
        })
      ).status,
    ).toBe(200);
    const inside = await w.customerWrites("447700900602", "Bea", "broken zip");
    const t1 = await ticketFor(inside.id, "Broken zip");
    await setStatus(t1.id, "solved");
    await settled(t1.id, 1);
    await waitFor(() => sendsTo("447700900602").length === 1, 10_000);
    expect(sendsTo("447700900602")[0]).toMatchObject({
      messaging_product: "whatsapp",
      to: "447700900602",
      type: "text",
      text: { body: `Hi Bea, #${t1.number} (Broken zip) is solved.` },
    });
    expect((await timeline(t1.id)).map((e) => e.to.text)).toEqual(["Customer notified on WhatsApp"]);
    expect((await timeline(t1.id))[0]!.actor).toMatchObject({ type: "system" });

    const outside = await w.customerWrites("447700900603", "Cai", "refund?");
    const t2 = await ticketFor(outside.id, "Refund");
    await stale(outside.id);
    await setStatus(t2.id, "solved");
    await settled(t2.id, 1);
    await waitFor(() => sendsTo("447700900603").length === 1, 10_000);
    expect(sendsTo("447700900603")[0]).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "447700900603",
      biz_opaque_callback_data: expect.any(String),
      type: "template",
      template: {
        name: "ticket_update",
        language: { policy: "deterministic", code: "en" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Cai" },
              { type: "text", text: String(t2.number) },
              { type: "text", text: "solved" },
            ],
          },
        ],
      },
    });
    expect((await timeline(t2.id)).map((e) => e.to.text)).toEqual([
      "Customer notified on WhatsApp (template ticket_update)",
    ]);
    // In the thread as an automated message: a system sender, marked automated (no SLA reply clock counts it).
    const thread = (await w.admin.get(`/api/conversations/${outside.id}/messages`)).body.items as Row[];
    const notice = thread.find((m) => m.metadata.ticketNotice);
    expect(notice).toMatchObject({
      senderType: "system",
      private: false,
      kind: "template",
      content: `Hi Cai, your request #${t2.number} is now solved.`,
      metadata: { automated: true },
    });
  });

  it("outside the window without a template, or with one not approved: skipped, the reason on the timeline, nothing sent", async () => {
    expect((await putSettings({ ...allOff, on_hold: { ...off, enabled: true } })).status).toBe(200);
    const conv = await w.customerWrites("447700900604", "Dee", "any news?");
    const t = await ticketFor(conv.id);
    const before = sendsTo("447700900604").length;
    await stale(conv.id);
    await setStatus(t.id, "on_hold");
    await settled(t.id, 1);
    expect(await noticesOf(t.id)).toMatchObject([{ status: "skipped", messageId: null }]);
    expect((await timeline(t.id)).map((e) => e.to.text)).toEqual([
      "Notice not sent: The 24-hour window is closed and no approved template is chosen for this status (Settings → Tickets).",
    ]);

    const pendingTemplate = { name: "ticket_draft", language: "en", bodyVariables: ["ticket.number"] };
    expect(
      (await putSettings({ ...allOff, open: { ...off, enabled: true, whatsappTemplate: pendingTemplate } })).status,
    ).toBe(200);
    await setStatus(t.id, "open");
    await settled(t.id, 2);
    expect((await timeline(t.id))[1]!.to.text).toBe(
      'Notice not sent: The 24-hour window is closed and the template cannot be sent: Template "ticket_draft" is pending, not approved',
    );
    expect(sendsTo("447700900604")).toHaveLength(before);
  });

  it("a contact who opted out is not notified; a provider failure is recorded as not sent", async () => {
    expect((await putSettings({ ...allOff, solved: { ...off, enabled: true } })).status).toBe(200);
    const conv = await w.customerWrites("447700900605", "Eli", "hello");
    const t = await ticketFor(conv.id);
    expect(
      (await w.admin.patch(`/api/contacts/${conv.contact.id}/consent`, { status: "opted_out" })).status,
    ).toBeLessThan(300);
    await setStatus(t.id, "solved");
    await settled(t.id, 1);
    expect((await timeline(t.id)).map((e) => e.to.text)).toEqual([
      "Notice not sent: The customer opted out of messages.",
    ]);

    const conv2 = await w.customerWrites("447700900606", "Flo", "hello");
    const t2 = await ticketFor(conv2.id);
    w.fake.failNext(1, {
      status: 400,
      body: { error: { message: "Message undeliverable", type: "OAuthException", code: 131026 } },
    });
    await setStatus(t2.id, "solved");
    await settled(t2.id, 1);
    expect(await noticesOf(t2.id)).toMatchObject([{ status: "failed" }]);
    expect((await timeline(t2.id))[0]!.to.text).toMatch(/^Notice not sent: The provider failed after retries: /);
  });

  it("a widget conversation gets the text in its thread, an automated message that no SLA reply clock counts", async () => {
    expect(
      (
        await putSettings({
          ...allOff,
          on_hold: { ...off, enabled: true, message: "We are waiting on the courier for #{{ticket.number}}." },
        })
      ).status,
    ).toBe(200);
    const v = await visitor(w.s.url, webchatId);
    const convId = (await v.post("/api/widget/messages", { content: "My order is wrong" })).body.conversationId;
    const t = await ticketFor(convId);
    await setStatus(t.id, "on_hold");
    await settled(t.id, 1);
    const shown = (await v.get(`/api/widget/conversations/${convId}/messages`)).body.items as Row[];
    expect(shown.map((m) => m.content)).toContain(`We are waiting on the courier for #${t.number}.`);
    expect((await timeline(t.id)).map((e) => e.to.text)).toEqual(["Customer notified on Website chat"]);
    // The first reply is still owed, on the ticket and on the conversation (a bot or automated message never stops it).
    const firstReply = (sla: { targets: Row[] }) => sla.targets.find((x) => x.metric === "firstReply");
    expect(firstReply((await w.admin.get(`/api/tickets/${t.id}`)).body.sla)).toMatchObject({ status: "active" });
    expect(firstReply((await w.admin.get(`/api/conversations/${convId}`)).body.sla)).toMatchObject({
      status: "active",
    });
  });

  it("a bulk status edit of 3 tickets sends 3 notices; retrying the jobs sends none more", async () => {
    expect((await putSettings({ ...allOff, solved: { ...off, enabled: true } })).status).toBe(200);
    const ids: string[] = [];
    const phones = ["447700900611", "447700900612", "447700900613"];
    for (const p of phones) ids.push((await ticketFor((await w.customerWrites(p, "G", "hi")).id)).id);
    const r = await w.admin.patch("/api/tickets/bulk", { ids, changes: { status: "solved" } });
    expect(r.status, r.text).toBe(200);
    for (const id of ids) await settled(id, 1);
    await waitFor(() => phones.every((p) => sendsTo(p).length === 1), 10_000);
    // The jobs again (a retry, a second process): same change ids, nothing new.
    for (const id of ids) {
      const change = ((await w.admin.get(`/api/tickets/${id}`)).body.events as Row[]).find(
        (e) => e.kind === "changed" && e.field === "status" && e.to === "solved",
      )!;
      const payload = { ticketId: id, changeId: change.id, from: "open" as const, to: "solved" as const };
      await sendStatusNotice(w.s.ctx, payload);
      await Promise.all([sendStatusNotice(w.s.ctx, payload), sendStatusNotice(w.s.ctx, payload)]);
      w.s.ctx.bus.emit("ticket.updated", {
        ticket: (await w.admin.get(`/api/tickets/${id}`)).body,
        fields: ["status"],
        statusChange: { eventId: change.id, from: "open", to: "solved" },
      });
    }
    // A fresh change on another ticket goes through the same queue: once it is settled, the re-sent ones were too.
    const probe = await ticketFor((await w.customerWrites("447700900614", "H", "hi")).id);
    await setStatus(probe.id, "solved");
    await settled(probe.id, 1);
    await waitFor(() => sendsTo("447700900614").length === 1, 10_000);
    for (const id of ids) {
      expect(await noticesOf(id)).toHaveLength(1);
      expect(await timeline(id)).toHaveLength(1);
    }
    expect(phones.map((p) => sendsTo(p).length)).toEqual([1, 1, 1]);
  });
});

const BOT_ID = "7012345622";
const tgAccount: FakeAccount = {
  accountId: BOT_ID,
  secrets: { botToken: `${BOT_ID}:AAH-test_token-noticenoticenotice` },
  settings: { botUsername: "acme_notice_bot" },
  webhookUrl: "",
};

describe.each(drivers)("ticket status notices on Telegram (%s)", (driver) => {
  const { t, fake, conversationOf, sendCalls } = useTelegramChannel(driver, tgAccount);

  it("the chat gets the text through the Bot API, with the status the notice is about", async () => {
    const pending = { enabled: true, message: "#{{ticket.number}} is {{ticket.status}}.", whatsappTemplate: null };
    expect((await t.admin.req("PUT", "/api/tickets/notice-settings", { ...allOff, pending })).status).toBe(200);
    await fake.customerSays(tgAccount, { id: "5512345201", name: "Ivo" }, "the app crashes");
    await waitFor(async () => !!(await conversationOf("5512345201")), 10_000);
    const convId = (await conversationOf("5512345201"))!;
    const ticket = (await t.admin.post("/api/tickets", { subject: "Crash", conversationIds: [convId], status: "open" }))
      .body as { id: string; number: number };
    expect((await t.admin.patch(`/api/tickets/${ticket.id}`, { status: "pending" })).status).toBe(200);
    const text = `#${ticket.number} is waiting for your reply.`;
    await waitFor(() => sendCalls("sendmessage").some((c) => (c.body as Row).text === text), 15_000);
    expect((sendCalls("sendmessage").find((c) => (c.body as Row).text === text)!.body as Row).chat_id).toBe(
      "5512345201",
    );
    const events = async () =>
      ((await t.admin.get(`/api/tickets/${ticket.id}`)).body.events as Row[]).filter((e) => e.kind === "notice");
    await waitFor(async () => (await events()).length === 1, 15_000);
    expect((await events()).map((e) => e.to.text)).toEqual(["Customer notified on Telegram"]);
  });
});
