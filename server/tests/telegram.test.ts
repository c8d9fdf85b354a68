import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { drivers, waitFor } from "./helpers";
import { useTelegramChannel } from "./telegram-suite";

const BOT_ID = "7012345678";
const account: FakeAccount = {
  accountId: BOT_ID,
  secrets: { botToken: `${BOT_ID}:AAH-test_token-abcdefghijklmnopqrstuvw` },
  settings: { botUsername: "acme_support_bot" },
  webhookUrl: "",
};

type Row = Record<string, any>;

describe.each(drivers)("Telegram Bot API channel (%s)", (driver) => {
  const { t, fake, sql, conversationOf, sendCalls } = useTelegramChannel(driver, account);
  const hookUrl = () => `${t.s.url}/webhooks/telegram/${t.channelId}`;
  const secret = () => fake.webhookOf(account)!.secret!;
  const post = (body: string, headers: Record<string, string> = { "x-telegram-bot-api-secret-token": secret() }) =>
    fetch(hookUrl(), { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const count = async (q: string, params: unknown[] = []) => Number((await sql(q, params))[0]!.n);
  // The channel's messages: activity lines ("took this conversation by replying") are not what these check.
  const messagesOf = async (convId: string) =>
    ((await t.admin.get(`/api/conversations/${convId}/messages`)).body.items as Row[]).filter(
      (m) => m.senderType !== "system",
    );
  /** A customer writes first (Telegram: the bot can only answer users who started it). */
  async function startChat(chatId: string, name: string) {
    await fake.customerSays(account, { id: chatId, name }, "hello");
    await waitFor(async () => !!(await conversationOf(chatId)), 10_000);
    return (await conversationOf(chatId))!;
  }
  async function messageRow(id: string) {
    return (await sql("select * from messages where id = $1", [id]))[0]!;
  }
  async function waitStatus(id: string, status: string, ms = 10_000) {
    await waitFor(async () => (await messageRow(id)).status === status, ms);
    return messageRow(id);
  }

  it("connects with getMe and setWebhook (our URL, a generated secret_token) and stores the bot id", async () => {
    const getMe = sendCalls("getme");
    expect(getMe.length).toBe(1);
    const [setWebhook] = sendCalls("setwebhook");
    expect(setWebhook?.body).toMatchObject({
      url: `${t.s.url}/webhooks/telegram/${t.channelId}`,
      allowed_updates: ["message", "edited_message", "callback_query"],
    });
    const token = (setWebhook!.body as { secret_token: string }).secret_token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    const [row] = await sql("select settings, external_account_id from channels where id = $1", [t.channelId]);
    expect(row!.external_account_id).toBe(BOT_ID);
    expect(row!.settings).toMatchObject({ botId: BOT_ID, botUsername: "acme_support_bot" });
    const shown = await t.admin.get(`/api/channels/${t.channelId}`);
    expect(shown.body.webhook.url).toBe(hookUrl());
    expect(shown.text).not.toContain(account.secrets.botToken);
    expect(shown.text).not.toContain(token);
    const test = await t.admin.post(`/api/channels/${t.channelId}/test`);
    expect(test.body).toMatchObject({ ok: true });
    expect(test.body.message).toContain("@acme_support_bot");
  });

  it("refuses a wrong bot token on create with a clear 4xx and stores no channel", async () => {
    const before = await count("select count(*)::int as n from channels where type = 'telegram'");
    const wrong = await t.admin.post("/api/channels", {
      type: "telegram",
      name: "Wrong",
      secrets: { botToken: "1111111111:AAWrongWrongWrongWrongWrongWrong" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("validation_failed");
    expect(wrong.body.error.message).toMatch(/bot token.*BotFather/);
    expect(wrong.body.error.details.fieldErrors.botToken).toBeDefined();
    const malformed = await t.admin.post("/api/channels", {
      type: "telegram",
      name: "x",
      secrets: { botToken: "nope" },
    });
    expect(malformed.status).toBe(400);
    expect(await count("select count(*)::int as n from channels where type = 'telegram'")).toBe(before);
    // The refused token never reached setWebhook.
    expect(sendCalls("setwebhook").length).toBe(1);
  });

  it("answers 401 to a missing or wrong secret header, 400 to malformed JSON, and stores nothing", async () => {
    const before = await count("select count(*)::int as n from webhook_events");
    const body = JSON.stringify({
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: 42, type: "private" }, text: "forged" },
    });
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { "x-telegram-bot-api-secret-token": "wrong-secret" })).status).toBe(401);
    expect((await post(body, { "x-telegram-bot-api-secret-token": `${secret()}x` })).status).toBe(401);
    expect((await post("{not json")).status).toBe(400);
    const other = await fetch(`${t.s.url}/webhooks/telegram/${crypto.randomUUID()}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret() },
      body,
    });
    // An unknown channel id cannot be verified: the same 401 as a wrong secret (a webhook answers
    // 2xx, 400, 401 or 413 only, and the answer does not reveal which channel ids exist).
    expect(other.status).toBe(401);
    expect(await count("select count(*)::int as n from webhook_events")).toBe(before);
    expect(await count("select count(*)::int as n from messages where content = 'forged'")).toBe(0);
  });

  it("stores an update once, however often Telegram delivers it", async () => {
    const body = JSON.stringify({
      update_id: 731550012,
      message: {
        message_id: 4410,
        date: 1718000000,
        from: { id: 5512345678, is_bot: false, first_name: "Dana", last_name: "Reyes", username: "dana_r" },
        chat: { id: 5512345678, type: "private", first_name: "Dana", username: "dana_r" },
        text: "my parcel never arrived",
      },
    });
    const acks = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    expect(acks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await waitFor(async () => !!(await conversationOf("5512345678")), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const rows = await sql("select content, kind, sender_name from messages where external_id = $1", [
      "5512345678:4410",
    ]);
    expect(rows).toEqual([{ content: "my parcel never arrived", kind: "text", sender_name: "Dana Reyes" }]);
    expect(await count("select count(*)::int as n from webhook_events where channel_id = $1", [t.channelId])).toBe(1);
    const conv = (await t.admin.get(`/api/conversations/${await conversationOf("5512345678")}`)).body;
    expect(conv).toMatchObject({ channelType: "telegram", contact: { name: "Dana Reyes" } });
    expect(conv.replyWindow).toMatchObject({ open: true, rule: "none", templatesOnly: false });
  });

  it("downloads the largest photo size through getFile and keeps the caption", async () => {
    const big = Buffer.from("large-jpeg-bytes");
    const large = fake.addFile(account, big, "image/jpeg", "jpg");
    const small = fake.addFile(account, Buffer.from("tiny"), "image/jpeg", "jpg");
    const medium = fake.addFile(account, Buffer.from("mid"), "image/jpeg", "jpg");
    const r = await fake.customerMessage(
      account,
      { id: "5500000001", name: "Pia Photo" },
      {
        caption: "this is the box",
        photo: [
          { file_id: small, file_unique_id: "s", width: 90, height: 67 },
          { file_id: large, file_unique_id: "l", width: 1280, height: 960 },
          { file_id: medium, file_unique_id: "m", width: 320, height: 240 },
        ],
      },
    );
    expect(r.status).toBe(200);
    await waitFor(async () => !!(await conversationOf("5500000001")), 10_000);
    const convId = (await conversationOf("5500000001"))!;
    await waitFor(async () => (await messagesOf(convId))[0]?.attachments.length === 1, 10_000);
    const [m] = await messagesOf(convId);
    expect(m).toMatchObject({ kind: "media", content: "this is the box" });
    expect(m!.attachments[0]).toMatchObject({ contentType: "image/jpeg" });
    expect((await t.admin.get(m!.attachments[0].url)).text).toBe("large-jpeg-bytes");
    const getFiles = sendCalls("getfile").map((c) => (c.body as { file_id: string }).file_id);
    expect(getFiles).toContain(large);
    expect(getFiles).not.toContain(small);
    expect(getFiles).not.toContain(medium);
    const [row] = await sql("select external_id from messages where id = $1", [m!.id]);
    expect(row!.external_id).toBe(r.externalId);
  });

  it("takes documents and voice notes as attachments with their names and types", async () => {
    const pdf = fake.addFile(account, Buffer.from("%PDF-1.4 invoice"), "application/pdf", "pdf");
    const ogg = fake.addFile(account, Buffer.from("OggS-voice"), "audio/ogg", "oga");
    const who = { id: "5500000002", name: "Doc Sender" };
    await fake.customerMessage(account, who, {
      document: { file_id: pdf, file_unique_id: "d", file_name: "invoice-42.pdf", mime_type: "application/pdf" },
    });
    await fake.customerMessage(account, who, {
      voice: { file_id: ogg, file_unique_id: "v", duration: 3, mime_type: "audio/ogg" },
    });
    await waitFor(async () => !!(await conversationOf(who.id)), 10_000);
    const convId = (await conversationOf(who.id))!;
    await waitFor(async () => {
      const items = await messagesOf(convId);
      return items.length === 2 && items.every((m) => m.attachments.length === 1);
    }, 10_000);
    const [doc, voice] = await messagesOf(convId);
    expect(doc!.attachments[0]).toMatchObject({ fileName: "invoice-42.pdf", contentType: "application/pdf" });
    expect((await t.admin.get(doc!.attachments[0].url)).text).toBe("%PDF-1.4 invoice");
    expect(voice).toMatchObject({ kind: "media", metadata: { voice: true } });
    expect(voice!.attachments[0]).toMatchObject({ contentType: "audio/ogg" });
    expect((await t.admin.get(voice!.attachments[0].url)).text).toBe("OggS-voice");
  });

  it("applies an edited message to the stored message", async () => {
    const who = { id: "5500000003", name: "Ed Itor" };
    const first = await fake.customerMessage(account, who, { text: "my order is #1234" });
    await waitFor(async () => !!(await conversationOf(who.id)), 10_000);
    const [before] = await sql("select id, content from messages where external_id = $1", [first.externalId]);
    expect(before!.content).toBe("my order is #1234");
    expect((await fake.editMessage(account, who, first.messageId, { text: "my order is #1243" })).status).toBe(200);
    await waitFor(async () => (await messageRow(before!.id)).content === "my order is #1243", 10_000);
    const after = await messageRow(before!.id);
    expect(after.metadata.edited).toBe(true);
    expect(await count("select count(*)::int as n from messages where external_id = $1", [first.externalId])).toBe(1);
  });

  it("sends the agent's reply with sendMessage to the customer's chat and marks it sent", async () => {
    const convId = await startChat("5500000004", "Sam Reply");
    const sent = await t.admin.post(`/api/conversations/${convId}/messages`, { content: "Hello Sam, how can I help?" });
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe("queued");
    const row = await waitStatus(sent.body.id, "sent");
    const call = sendCalls("sendmessage").find(
      (c) => (c.body as { text?: string }).text === "Hello Sam, how can I help?",
    );
    expect(call?.body).toMatchObject({ chat_id: "5500000004", text: "Hello Sam, how can I help?" });
    expect(row.external_id).toMatch(/^5500000004:\d+$/);
    expect(row.attempts).toBe(1);
    const phone = fake.thread(account, "5500000004");
    expect(phone.at(-1)).toMatchObject({ from: "business", text: "Hello Sam, how can I help?", status: "delivered" });
    expect(`5500000004:${phone.at(-1)!.id}`).toBe(row.external_id);
  });

  it("waits out a 429 for retry_after seconds, then delivers on the second attempt", async () => {
    const convId = await startChat("5500000005", "Rita Retry");
    fake.failNext(1, {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 3",
        parameters: { retry_after: 3 },
      },
    });
    const sent = await t.admin.post(`/api/conversations/${convId}/messages`, { content: "after a wait" });
    const row = await waitStatus(sent.body.id, "sent", 20_000);
    expect(row.attempts).toBe(2);
    expect(row.error_code).toBeNull();
    const tries = sendCalls("sendmessage").filter((c) => (c.body as { text?: string }).text === "after a wait");
    expect(tries.length).toBe(2);
    // retry_after (3 s) outweighs the first backoff step (at most 2 s).
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(2900);
  });

  it("fails with a readable reason when the customer blocked the bot, without retrying", async () => {
    const convId = await startChat("5500000006", "Blocky");
    fake.block(account, "5500000006");
    const sent = await t.admin.post(`/api/conversations/${convId}/messages`, { content: "are you there?" });
    const row = await waitStatus(sent.body.id, "failed");
    expect(row.attempts).toBe(1);
    expect(row.error_code).toBe("403");
    expect(row.error_message).toMatch(/blocked the bot/);
    const shown = (await messagesOf(convId)).find((m) => m.id === sent.body.id);
    expect(shown!.error).toMatchObject({ code: "403" });
    expect((await t.admin.get(`/api/channels/${t.channelId}`)).body.health.needsReauth).toBe(false);
  });

  it("sends an image reply with sendPhoto as a multipart upload, the text as its caption", async () => {
    const convId = await startChat("5500000007", "Ivy Image");
    const form = new FormData();
    form.append("file", new Blob([Buffer.from("PNGDATA-123")], { type: "image/png" }), "receipt.png");
    const up = await t.admin.req("POST", "/api/attachments", form);
    expect(up.status, up.text).toBe(201);
    const pdfForm = new FormData();
    pdfForm.append("file", new Blob([Buffer.from("%PDF-1.4 terms")], { type: "application/pdf" }), "terms.pdf");
    const pdf = await t.admin.req("POST", "/api/attachments", pdfForm);
    const before = fake.calls.length;
    const sent = await t.admin.post(`/api/conversations/${convId}/messages`, {
      content: "here is your receipt",
      attachmentIds: [up.body.id, pdf.body.id],
    });
    expect(sent.status, sent.text).toBe(201);
    const row = await waitStatus(sent.body.id, "sent");
    const calls = fake.calls.slice(before);
    const photo = calls.find((c) => c.path.endsWith("/sendPhoto"));
    expect(photo?.body).toMatchObject({
      chat_id: "5500000007",
      caption: "here is your receipt",
      photo: { fileName: "receipt.png", contentType: "image/png", size: 11 },
    });
    const doc = calls.find((c) => c.path.endsWith("/sendDocument"));
    expect(doc?.body).toMatchObject({ chat_id: "5500000007", document: { fileName: "terms.pdf" } });
    expect((doc!.body as { caption?: string }).caption).toBeUndefined();
    expect(calls.some((c) => c.path.endsWith("/sendMessage"))).toBe(false);
    const phone = fake.thread(account, "5500000007");
    expect(phone.slice(-2).map((m) => m.attachments?.[0]?.fileName)).toEqual(["receipt.png", "terms.pdf"]);
    expect(row.external_id).toBe(`5500000007:${phone.at(-2)!.id}`);
  });

  it("works end to end in the sandbox (built-in fake, generated token, real webhook endpoint)", async () => {
    const created = await t.admin.post("/api/channels", { type: "telegram", name: "Sandbox bot", sandbox: true });
    expect(created.status, created.text).toBe(201);
    const id = created.body.channel.id as string;
    const [row] = await sql("select settings, external_account_id from channels where id = $1", [id]);
    expect(row!.settings.botId).toMatch(/^\d+$/);
    expect(row!.external_account_id).toBe(row!.settings.botId);
    const said = await t.admin.post(`/api/sandbox/${id}/messages`, {
      customerId: "9900001",
      customerName: "Sandy Box",
      text: "hi from the sandbox",
    });
    expect(said.body).toMatchObject({ webhookStatus: 200 });
    await waitFor(
      async () => (await count("select count(*)::int as n from messages where channel_id = $1", [id])) === 1,
    );
    const [conv] = await sql("select conversation_id from messages where channel_id = $1", [id]);
    const reply = await t.admin.post(`/api/conversations/${conv!.conversation_id}/messages`, {
      content: "hello Sandy",
    });
    await waitStatus(reply.body.id, "sent");
    const thread = await t.admin.get(`/api/sandbox/${id}/thread?customerId=9900001`);
    expect(thread.body.items.map((m: Row) => [m.from, m.text, m.status])).toEqual([
      // Bots get no read receipts: the customer's own message stays at one tick.
      ["customer", "hi from the sandbox", "sent"],
      ["business", "hello Sandy", "delivered"],
    ]);
    // A token of no sandbox channel is refused by the sandbox fake too.
    const forged = await fetch(`${t.s.url}/sandbox/telegram/bot123:${"A".repeat(35)}/getMe`);
    expect(forged.status).toBe(401);
  });

  it("acknowledges but ignores group chats", async () => {
    const r = await fake.sendUpdate(account, {
      message: {
        message_id: 1,
        date: 1718000000,
        from: { id: 5500000008, is_bot: false, first_name: "Grace" },
        chat: { id: -1001234567890, type: "supergroup", title: "Fans" },
        text: "hello group",
      },
    });
    expect(r.status).toBe(200);
    await waitFor(
      async () =>
        (
          await sql("select status from webhook_events where channel_id = $1 and event_key like $2", [
            t.channelId,
            `${r.updateId}%`,
          ])
        )[0]?.status === "processed",
      10_000,
    );
    expect(await count("select count(*)::int as n from messages where content = 'hello group'")).toBe(0);
  });

  it("follows the customer's new Telegram name unless an agent edited it", async () => {
    const chatId = 5500000042;
    let messageId = 100;
    const says = async (first_name: string, text: string) => {
      const r = await fake.sendUpdate(account, {
        message: {
          message_id: messageId++,
          date: 1718000000,
          from: { id: chatId, is_bot: false, first_name },
          chat: { id: chatId, type: "private", first_name },
          text,
        },
      });
      expect(r.status).toBe(200);
      await waitFor(
        async () => (await count(`select count(*)::int as n from messages where content = '${text}'`)) === 1,
      );
      const [row] = await sql(
        `select c.id, c.name from contacts c join contact_identities i on i.contact_id = c.id
         where i.channel_id = $1 and i.external_id = $2`,
        [t.channelId, String(chatId)],
      );
      return row as { id: string; name: string };
    };
    expect((await says("Ana", "tg name one")).name).toBe("Ana");
    const renamed = await says("Ana Lima", "tg name two");
    expect(renamed.name).toBe("Ana Lima");
    expect((await t.admin.patch(`/api/contacts/${renamed.id}`, { name: "Ana (wholesale)" })).status).toBe(200);
    expect((await says("Ana L.", "tg name three")).name).toBe("Ana (wholesale)");
  });
});
