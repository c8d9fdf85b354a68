import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aiConversations, aiSettings } from "../src/features/ai/schema";
import { RESOLUTION_PROMPT, resolutionButtonId } from "../src/features/channels/resolution-buttons";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { messages } from "../src/features/inbox/schema";
import { type Client, drivers, type TestServer, waitFor } from "./helpers";
import { useTelegramChannel } from "./telegram-suite";
import { useWhatsAppChannel, account as waAccount } from "./whatsapp-suite";

/**
 * Issue 8 §3 on provider channels: the widget asks "Did this answer your question?" with 👍/👎;
 * WhatsApp asks with reply buttons and Telegram with an inline keyboard under the AI's answer, and
 * the customer's tap records the resolution exactly like the widget's vote.
 */
const REFUNDS = { question: "How long do refunds take?", answer: "Refunds reach your card within 5 business days." };

async function enableAi(s: TestServer, admin: Client, channelId: string, qa = REFUNDS) {
  const settings = { enabled: true, channelIds: [channelId], replyDelaySeconds: 0 };
  await s.ctx.db.insert(aiSettings).values({ id: "default", settings }).onConflictDoNothing();
  expect((await admin.post("/api/knowledge/qa", qa)).status).toBe(201);
}

const resolutionOf = async (s: TestServer, conversationId: string) =>
  (await s.ctx.db.select().from(aiConversations).where(eq(aiConversations.conversationId, conversationId)))[0]
    ?.resolution ?? null;

const threadOf = (s: TestServer, conversationId: string) =>
  s.ctx.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.createdAt));

async function sentAiAnswer(s: TestServer, conversationId: string) {
  await waitFor(
    async () => (await threadOf(s, conversationId)).some((m) => m.senderType === "ai" && m.status === "sent"),
    15_000,
  );
  return (await threadOf(s, conversationId)).find((m) => m.senderType === "ai")!;
}

function recordEvents(s: TestServer) {
  const events: { resolution: string; source: string; messageId: string | null }[] = [];
  s.ctx.bus.on("ai.resolution", (e) => void events.push(e));
  return events;
}

describe.each(drivers)("AI answers ask with WhatsApp reply buttons (%s)", (driver) => {
  const w = useWhatsAppChannel(driver);
  let events: ReturnType<typeof recordEvents>;
  beforeAll(async () => {
    await enableAi(w.s, w.admin, w.channelId, {
      question: "How long do refunds take?",
      answer: REFUNDS.answer,
    });
    await w.admin.post("/api/knowledge/qa", {
      question: "What is the warranty policy?",
      answer: `Our warranty covers manufacturing defects for two years. ${"Keep your receipt and the serial number. ".repeat(30)}`,
    });
    events = recordEvents(w.s);
  });
  const bodyOf = (c: { body: unknown }) => c.body as Record<string, any>;
  const sendsTo = (waId: string) =>
    w.fake.calls.filter((c) => c.path.endsWith("/messages") && bodyOf(c)?.to === waId).map(bodyOf);

  it("a short AI answer goes out as an interactive 'button' message; 'Yes, solved' confirms it, 'I need more help' marks it unresolved", async () => {
    const conv = await w.customerWrites("447700900401", "Ana", "how long do refunds take");
    const ai = await sentAiAnswer(w.s, conv.id);
    const [send] = sendsTo("447700900401");
    expect(send).toMatchObject({
      messaging_product: "whatsapp",
      to: "447700900401",
      type: "interactive",
      biz_opaque_callback_data: ai.id,
      interactive: {
        type: "button",
        body: { text: REFUNDS.answer },
        action: {
          buttons: [
            { type: "reply", reply: { id: resolutionButtonId(ai.id, true), title: "Yes, solved" } },
            { type: "reply", reply: { id: resolutionButtonId(ai.id, false), title: "I need more help" } },
          ],
        },
      },
    });
    expect(sendsTo("447700900401")).toHaveLength(1);
    const phone = w.fake.thread(waAccount, "447700900401").find((m) => m.from === "business")!;
    expect(phone.buttons?.map((b) => b.title)).toEqual(["Yes, solved", "I need more help"]);

    expect(await w.fake.tapButton(waAccount, "447700900401", resolutionButtonId(ai.id, true))).toBe(200);
    await waitFor(async () => (await resolutionOf(w.s, conv.id)) === "confirmed", 10_000);
    expect(events).toContainEqual({
      conversationId: conv.id,
      resolution: "confirmed",
      source: "button",
      messageId: ai.id,
    });

    expect(await w.fake.tapButton(waAccount, "447700900401", resolutionButtonId(ai.id, false))).toBe(200);
    await waitFor(async () => (await resolutionOf(w.s, conv.id)) === "unresolved", 10_000);
    // Like the widget's votes, a tap answers the question: it is not a message in the thread.
    const inbound = (await threadOf(w.s, conv.id)).filter((m) => m.direction === "inbound");
    expect(inbound.map((m) => m.content)).toEqual(["how long do refunds take"]);
  });

  it("an answer too long for an interactive body goes out as text, followed by the question with the buttons", async () => {
    const conv = await w.customerWrites("447700900402", "Ben", "what is the warranty policy");
    const ai = await sentAiAnswer(w.s, conv.id);
    expect(ai.content.length).toBeGreaterThan(1024);
    const sends = sendsTo("447700900402");
    expect(sends.map((b) => b.type)).toEqual(["text", "interactive"]);
    expect(sends[0]!.text.body.length).toBeGreaterThan(1024);
    expect(sends[1]!.interactive.body.text).toBe(RESOLUTION_PROMPT);
    expect(sends[1]!.interactive.action.buttons[0].reply.id).toBe(resolutionButtonId(ai.id, true));
    // The message's id is the last part's, whose statuses are followed (WhatsApp's parts stand for the last).
    expect(ai.externalId).toMatch(/^wamid\./);
  });

  it("a tap naming an answer sent to someone else changes nothing; an agent's reply has no buttons", async () => {
    const conv = await w.customerWrites("447700900403", "Cleo", "how long do refunds take");
    const ai = await sentAiAnswer(w.s, conv.id);
    const before = await resolutionOf(w.s, conv.id);
    const tapped = await w.fake.rawMessage(waAccount, {
      contacts: [{ profile: { name: "Mallory" }, wa_id: "447700900999" }],
      messages: [
        {
          from: "447700900999",
          id: "wamid.forged-tap-1",
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: "interactive",
          interactive: { type: "button_reply", button_reply: { id: resolutionButtonId(ai.id, false), title: "No" } },
        },
      ],
    });
    expect(tapped).toBe(200);
    await waitFor(async () => {
      const r = await w.s.ctx.database.executeSql(
        "select count(*)::int as n from webhook_events where payload like '%wamid.forged-tap-1%' and status = 'processed'",
        [],
      );
      return (r.rows[0] as { n: number }).n === 1;
    }, 10_000);
    expect(await resolutionOf(w.s, conv.id)).toBe(before);

    const reply = await w.admin.post(`/api/conversations/${conv.id}/messages`, { content: "Anything else?" });
    expect(reply.status, reply.text).toBe(201);
    await waitFor(async () => sendsTo("447700900403").some((b) => b.text?.body === "Anything else?"), 10_000);
    expect(sendsTo("447700900403").filter((b) => b.type === "interactive")).toHaveLength(1);
  });
});

const BOT_ID = "7012345699";
const tgAccount: FakeAccount = {
  accountId: BOT_ID,
  secrets: { botToken: `${BOT_ID}:AAH-test_token-buttonsbuttonsbuttons` },
  settings: { botUsername: "acme_buttons_bot" },
  webhookUrl: "",
};

describe.each(drivers)("AI answers ask with a Telegram inline keyboard (%s)", (driver) => {
  const { t, fake, conversationOf, sendCalls: callsTo } = useTelegramChannel(driver, tgAccount);
  let events: ReturnType<typeof recordEvents>;
  async function customerAsks(chatId: string, text: string) {
    await fake.customerSays(tgAccount, { id: chatId, name: "Dana Reyes" }, text);
    await waitFor(async () => !!(await conversationOf(chatId)), 10_000);
    return (await conversationOf(chatId))!;
  }

  beforeAll(async () => {
    await enableAi(t.s, t.admin, t.channelId);
    events = recordEvents(t.s);
  });

  it("the webhook subscribes to callback_query; the AI's answer carries the keyboard; a tap is recorded and answered", async () => {
    expect(fake.webhookOf(tgAccount)?.allowedUpdates).toContain("callback_query");
    const convId = await customerAsks("5512345001", "how long do refunds take");
    const ai = await sentAiAnswer(t.s, convId);
    const send = callsTo("sendmessage").find((c) => (c.body as { chat_id?: unknown }).chat_id === "5512345001")!;
    expect(send.body).toMatchObject({
      text: REFUNDS.answer,
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Yes, solved", callback_data: resolutionButtonId(ai.id, true) },
            { text: "I need more help", callback_data: resolutionButtonId(ai.id, false) },
          ],
        ],
      },
    });

    expect(await fake.tapButton(tgAccount, "5512345001", resolutionButtonId(ai.id, true))).toBe(200);
    await waitFor(async () => (await resolutionOf(t.s, convId)) === "confirmed", 10_000);
    expect(events).toContainEqual({
      conversationId: convId,
      resolution: "confirmed",
      source: "button",
      messageId: ai.id,
    });
    // answerCallbackQuery ends the spinner on the customer's button, with the widget's words.
    await waitFor(() => callsTo("answercallbackquery").length === 1, 10_000);
    const phone = () => fake.thread(tgAccount, "5512345001").find((m) => m.from === "business")!;
    expect(phone().tapAnswer).toBe("Glad that helped!");

    expect(await fake.tapButton(tgAccount, "5512345001", resolutionButtonId(ai.id, false))).toBe(200);
    await waitFor(async () => (await resolutionOf(t.s, convId)) === "unresolved", 10_000);
    await waitFor(() => callsTo("answercallbackquery").length === 2, 10_000);
    expect(phone().tapAnswer).toBe("Sorry about that. Tell us more here and we'll help.");
    const thread = await threadOf(t.s, convId);
    expect(thread.filter((m) => m.direction === "inbound").map((m) => m.content)).toEqual(["how long do refunds take"]);
  });

  it("callback data we did not send is ignored, and an agent's reply carries no keyboard", async () => {
    const convId = await customerAsks("5512345002", "how long do refunds take");
    const ai = await sentAiAnswer(t.s, convId);
    const before = await resolutionOf(t.s, convId);
    const r = await fake.sendUpdate(tgAccount, {
      callback_query: {
        id: "4410000000000001",
        from: { id: 5512345002, is_bot: false, first_name: "Dana" },
        message: { message_id: 1, chat: { id: 5512345002, type: "private" }, date: 1718000000 },
        chat_instance: "1",
        data: `other:${ai.id}`,
      },
    });
    expect(r.status).toBe(200);
    await waitFor(async () => {
      const q = await t.s.ctx.database.executeSql(
        "select count(*)::int as n from webhook_events where payload like '%4410000000000001%' and status = 'processed'",
        [],
      );
      return (q.rows[0] as { n: number }).n === 1;
    }, 10_000);
    expect(await resolutionOf(t.s, convId)).toBe(before);

    const reply = await t.admin.post(`/api/conversations/${convId}/messages`, { content: "Anything else?" });
    expect(reply.status, reply.text).toBe(201);
    await waitFor(() => callsTo("sendmessage").some((c) => (c.body as { text?: string }).text === "Anything else?"));
    const agentSend = callsTo("sendmessage").find((c) => (c.body as { text?: string }).text === "Anything else?")!;
    expect(agentSend.body).not.toHaveProperty("reply_markup");
  });
});
