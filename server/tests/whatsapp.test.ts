import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaSignature } from "../src/features/channels/meta-signature";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352242922",
  secrets: { accessToken: "EAAtest-token", appSecret: "app-secret-123" },
  settings: { phoneNumberId: "106540352242922", wabaId: "102290129340398", displayPhoneNumber: "+1 555 000 1111" },
  webhookUrl: "",
};

/** A second number of the same business account (same Meta app, so the same app secret). */
const second: FakeAccount = {
  accountId: "106540352242977",
  secrets: { ...account.secrets },
  settings: { ...account.settings, phoneNumberId: "106540352242977", displayPhoneNumber: "+1 555 000 2222" },
  webhookUrl: "",
};

describe.each(drivers)("WhatsApp Cloud API channel (%s)", (driver) => {
  const fake = createWhatsAppFake({
    accounts: async () => [account, second],
    autoDeliver: false,
    windowMode: "async",
  }) as ReturnType<typeof createWhatsAppFake> & {
    rawMessage: (a: FakeAccount, v: Record<string, unknown>) => Promise<number>;
    addMedia: (a: FakeAccount, b: Buffer, t: string) => string;
  };
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  let verifyToken: string;
  const webhook = (body: string, sig = metaSignature(account.secrets.appSecret!, Buffer.from(body))) =>
    fetch(`${s.url}/webhooks/whatsapp`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": sig },
      body,
    });
  const count = async (sql: string) => ((await s.ctx.database.executeSql(sql, [])).rows[0] as { n: number }).n;
  const conversationOf = async (waId: string) => {
    const list = await admin.get(`/api/conversations?status=all&q=${waId}`);
    return list.body.items[0];
  };
  /** The customer writes through the fake; resolves with the conversation once it is in the inbox. */
  const customerWrites = async (waId: string, name: string, text: string) => {
    await fake.customerSays(account, { id: waId, name }, text);
    await waitFor(async () => !!(await conversationOf(waId)));
    return conversationOf(waId);
  };

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    account.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const r = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Support number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    channelId = r.body.channel.id;
    verifyToken = r.body.channel.webhook.verifyToken;
    expect(r.body.channel.webhook.url).toBe(`${s.url}/webhooks/whatsapp`);
    expect(r.text).not.toContain(account.secrets.accessToken);
    expect(r.text).not.toContain(account.secrets.appSecret);
  });
  afterAll(async () => {
    await s.stop();
    await served.close();
  });

  it("answers Meta's verification handshake only with the right verify token", async () => {
    const ok = await fetch(
      `${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    expect(
      (await fetch(`${s.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status,
    ).toBe(403);
  });

  it("syncs templates on connect", async () => {
    const t = await admin.get(`/api/channels/${channelId}/templates`);
    expect(t.body.items.map((x: { name: string }) => x.name)).toEqual(["hello_world", "order_update", "summer_sale"]);
    expect(t.body.items.find((x: { name: string }) => x.name === "order_update").parameterCount).toBe(2);
  });

  it("refuses unsigned or wrongly signed webhooks and stores nothing", async () => {
    const before = await count("select count(*)::int as n from webhook_events");
    const body = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
    expect((await webhook(body, "sha256=deadbeef")).status).toBe(401);
    expect(
      (
        await fetch(`${s.url}/webhooks/whatsapp`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        })
      ).status,
    ).toBe(401);
    expect((await webhook(body, metaSignature("another-secret", Buffer.from(body)))).status).toBe(401);
    const junk = "{not json";
    expect((await webhook(junk)).status).toBe(400);
    const big = JSON.stringify({ pad: "x".repeat(1.2 * 1024 * 1024) });
    expect((await webhook(big)).status).toBe(413);
    expect(await count("select count(*)::int as n from webhook_events")).toBe(before);
  });

  it("takes a customer message into the inbox once, however often Meta delivers it", async () => {
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    const id = `wamid.${crypto.randomBytes(8).toString("hex")}`;
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { display_phone_number: "15550001111", phone_number_id: account.accountId },
                contacts: [{ profile: { name: "Dana Reyes" }, wa_id: "447700900123" }],
                messages: [
                  {
                    from: "447700900123",
                    id,
                    timestamp: "1718000000",
                    type: "text",
                    text: { body: "Where is my order?" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    // Acknowledgement latency is measured by `npm run bench`, not asserted here.
    const acks = await Promise.all(Array.from({ length: 5 }, () => webhook(body)));
    expect(acks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await agentWs.next((e) => e.type === "message.created" && e.message.content === "Where is my order?");
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(`select count(*)::int as n from messages where external_id = '${id}'`)).toBe(1);
    const conv = await conversationOf("447700900123");
    expect(conv).toMatchObject({
      channelType: "whatsapp",
      contact: { name: "Dana Reyes", phone: "+447700900123" },
      replyWindow: { open: true, rule: "24h", templatesOnly: true },
    });
    agentWs.close();
  });

  it("sends the agent's reply through the Graph API and shows delivered and read ticks", async () => {
    const conv = await customerWrites("447700900200", "Sam", "Hi there");
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    const sent = await admin.post(`/api/conversations/${conv.id}/messages`, { content: "Hello Sam, how can I help?" });
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe("queued");
    const upd = await agentWs.next(
      (e) => e.type === "message.updated" && e.message.id === sent.body.id && e.message.status === "sent",
    );
    expect(upd).toBeTruthy();
    const call = fake.calls.find(
      (c) =>
        c.path.endsWith("/messages") &&
        (c.body as { text?: { body: string } }).text?.body === "Hello Sam, how can I help?",
    );
    expect(call?.body).toMatchObject({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "447700900200",
      type: "text",
    });
    const [row] = (await s.ctx.database.executeSql(`select external_id from messages where id = '${sent.body.id}'`, []))
      .rows as { external_id: string }[];
    // read may arrive without delivered, and a late delivered never moves it back.
    await fake.sendStatus(account, row!.external_id, "447700900200", "read");
    await agentWs.next(
      (e) => e.type === "message.updated" && e.message.id === sent.body.id && e.message.status === "read",
    );
    await fake.sendStatus(account, row!.external_id, "447700900200", "delivered");
    await new Promise((r) => setTimeout(r, 500));
    const msgs = await admin.get(`/api/conversations/${conv.id}/messages`);
    expect(msgs.body.items.find((m: { id: string }) => m.id === sent.body.id).status).toBe("read");
    agentWs.close();
  });

  it("shows Meta's failure code and reason, and lets the agent retry", async () => {
    const conv = await customerWrites("447700900300", "Ana", "Hello?");
    fake.failNext(1, {
      status: 400,
      body: {
        error: {
          message: "(#131026) Message Undeliverable",
          type: "OAuthException",
          code: 131026,
          error_data: { details: "Receiver is incapable of receiving this message" },
        },
      },
    });
    const sent = await admin.post(`/api/conversations/${conv.id}/messages`, { content: "Can you hear me?" });
    await waitFor(
      async () =>
        (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.find(
          (m: { id: string }) => m.id === sent.body.id,
        ).status === "failed",
      10_000,
    );
    const failed = (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.find(
      (m: { id: string }) => m.id === sent.body.id,
    );
    expect(failed.error).toMatchObject({ code: "131026" });
    expect(failed.error.message).toMatch(/could not be delivered/);
    const retry = await admin.post(`/api/messages/${sent.body.id}/retry`);
    expect(retry.status).toBe(200);
    await waitFor(
      async () =>
        (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.find(
          (m: { id: string }) => m.id === sent.body.id,
        ).status === "sent",
      10_000,
    );
  });

  it("retries temporary failures (5xx, 130429) with backoff and delivers", async () => {
    const conv = await customerWrites("447700900400", "Tom", "ping");
    fake.failNext(1, {
      status: 400,
      body: { error: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429 } },
    });
    const sent = await admin.post(`/api/conversations/${conv.id}/messages`, { content: "after a retry" });
    await waitFor(
      async () =>
        (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.find(
          (m: { id: string }) => m.id === sent.body.id,
        ).status === "sent",
      15_000,
    );
    const [row] = (await s.ctx.database.executeSql(`select attempts from messages where id = '${sent.body.id}'`, []))
      .rows as { attempts: number }[];
    expect(row!.attempts).toBe(2);
  });

  it("refuses free text outside the 24-hour window and sends a template instead", async () => {
    const conv = await customerWrites("447700900500", "Lina", "old message");
    await s.ctx.database.executeSql(
      `update conversations set last_inbound_at = now() - interval '25 hours' where id = '${conv.id}'`,
      [],
    );
    const c = (await admin.get(`/api/conversations/${conv.id}`)).body;
    expect(c.replyWindow).toMatchObject({ open: false, templatesOnly: true });
    const before = fake.calls.length;
    const refused = await admin.post(`/api/conversations/${conv.id}/messages`, { content: "are you there?" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("reply_window_closed");
    const badTemplate = await admin.post(`/api/conversations/${conv.id}/messages`, {
      template: { name: "order_update", language: "en_US", bodyParameters: ["Lina"] },
    });
    expect(badTemplate.status).toBe(400);
    const pending = await admin.post(`/api/conversations/${conv.id}/messages`, {
      template: { name: "summer_sale", language: "en_US" },
    });
    expect(pending.status).toBe(400);
    const ok = await admin.post(`/api/conversations/${conv.id}/messages`, {
      template: { name: "order_update", language: "en_US", bodyParameters: ["Lina", "#8812"] },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.content).toBe("Hi Lina, your order #8812 has shipped.");
    await waitFor(() => fake.calls.slice(before).some((x) => (x.body as { type?: string }).type === "template"));
    const call = fake.calls.slice(before).find((x) => (x.body as { type?: string }).type === "template")!;
    expect(call.body).toMatchObject({
      to: "447700900500",
      template: {
        name: "order_update",
        language: { code: "en_US" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Lina" },
              { type: "text", text: "#8812" },
            ],
          },
        ],
      },
    });
    expect(
      fake.calls.slice(before).some((x) => (x.body as { text?: { body: string } }).text?.body === "are you there?"),
    ).toBe(false);
  });

  it("downloads media through the Graph media endpoint and keeps unknown types", async () => {
    const bytes = Buffer.from("fake-jpeg-bytes");
    const mediaId = fake.addMedia(account, bytes, "image/jpeg");
    const m1 = `wamid.${crypto.randomBytes(6).toString("hex")}`;
    const m2 = `wamid.${crypto.randomBytes(6).toString("hex")}`;
    const m3 = `wamid.${crypto.randomBytes(6).toString("hex")}`;
    await fake.rawMessage(account, {
      contacts: [{ profile: { name: "Pic Sender" }, wa_id: "447700900600" }],
      messages: [
        {
          from: "447700900600",
          id: m1,
          timestamp: "1718000042",
          type: "image",
          image: { caption: "broken lid", mime_type: "image/jpeg", sha256: "x", id: mediaId },
        },
        {
          from: "447700900600",
          id: m2,
          timestamp: "1718000043",
          type: "location",
          location: { latitude: 51.5, longitude: -0.12, name: "Shop" },
        },
        {
          from: "447700900600",
          id: m3,
          timestamp: "1718000044",
          type: "order",
          order: { catalog_id: "1" },
          context: { id: "wamid.prev" },
        },
      ],
    });
    await waitFor(async () => !!(await conversationOf("447700900600")));
    const conv = await conversationOf("447700900600");
    await waitFor(
      async () => (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items[0]?.attachments.length === 1,
      10_000,
    );
    const items = (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items;
    expect(items.map((m: { kind: string }) => m.kind)).toEqual(["media", "location", "unsupported"]);
    expect(items[0].content).toBe("broken lid");
    expect((await admin.get(items[0].attachments[0].url)).text).toBe("fake-jpeg-bytes");
    expect(items[2].metadata.raw.type).toBe("order");
    expect(items[2].metadata.replyTo).toBe("wamid.prev");
  });

  it("acknowledges a signed event for an unknown number and keeps it as an orphan", async () => {
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          changes: [
            {
              field: "messages",
              value: {
                metadata: { phone_number_id: "999999" },
                messages: [{ from: "1", id: "wamid.orphan", timestamp: "1", type: "text", text: { body: "?" } }],
              },
            },
          ],
        },
      ],
    });
    expect((await webhook(body)).status).toBe(200);
    expect(await count("select count(*)::int as n from webhook_events where status = 'orphan'")).toBe(1);
    expect(await count("select count(*)::int as n from messages where external_id = 'wamid.orphan'")).toBe(0);
  });

  it("logs webhook events and replays one without duplicating anything", async () => {
    const events = await admin.get(`/api/channels/${channelId}/events`);
    expect(events.body.items.length).toBeGreaterThan(3);
    const processed = events.body.items.find(
      (e: { status: string; summary: string }) => e.status === "processed" && e.summary.includes("message"),
    );
    const messagesBefore = await count("select count(*)::int as n from messages");
    expect((await admin.post(`/api/channels/${channelId}/events/${processed.id}/replay`)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count("select count(*)::int as n from messages")).toBe(messagesBefore);
    const health = (await admin.get(`/api/channels/${channelId}`)).body.health;
    expect(health.lastEventAt).not.toBeNull();
  });

  it("flags the channel for re-authorisation when Meta refuses the token", async () => {
    const conv = await customerWrites("447700900700", "Ola", "hi");
    fake.failNext(1, {
      status: 401,
      body: { error: { message: "Error validating access token", type: "OAuthException", code: 190 } },
    });
    const sent = await admin.post(`/api/conversations/${conv.id}/messages`, { content: "token test" });
    await waitFor(
      async () =>
        (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.find(
          (m: { id: string }) => m.id === sent.body.id,
        ).status === "failed",
      10_000,
    );
    expect((await admin.get(`/api/channels/${channelId}`)).body.health.needsReauth).toBe(true);
    const test = await admin.post(`/api/channels/${channelId}/test`);
    expect(test.body.ok).toBe(true);
    expect((await admin.get(`/api/channels/${channelId}`)).body.health.needsReauth).toBe(false);
  });

  const delivery = (changes: { phone: string; value: Record<string, unknown> }[]) =>
    JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: account.settings.wabaId,
          changes: changes.map((c) => ({
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: c.phone },
              ...c.value,
            },
          })),
        },
      ],
    });
  const textFrom = (waId: string, name: string, text: string) => ({
    contacts: [{ profile: { name }, wa_id: waId }],
    messages: [
      {
        from: waId,
        id: `wamid.${crypto.randomBytes(8).toString("hex")}`,
        timestamp: "1718000100",
        type: "text",
        text: { body: text },
      },
    ],
  });
  const rows = async <T>(q: string, values: unknown[] = []) => (await s.ctx.database.executeSql(q, values)).rows as T[];

  it("routes each change of one delivery to the channel of its own phone number", async () => {
    const r = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Second number",
      settings: second.settings,
      secrets: second.secrets,
    });
    expect(r.status, r.text).toBe(201);
    const secondId = r.body.channel.id as string;
    const body = delivery([
      { phone: account.accountId, value: textFrom("447700900801", "First", "to the first number") },
      { phone: second.accountId, value: textFrom("447700900802", "Second", "to the second number") },
    ]);
    expect((await webhook(body)).status).toBe(200);
    await waitFor(
      async () => (await count("select count(*)::int as n from messages where content like 'to the % number'")) === 2,
    );
    expect(
      await rows<{ content: string; channel_id: string }>(
        "select content, channel_id from messages where content like 'to the % number' order by content",
      ),
    ).toEqual([
      { content: "to the first number", channel_id: channelId },
      { content: "to the second number", channel_id: secondId },
    ]);
    // A redelivery of the same bytes is stored once per number, not again.
    expect((await webhook(body)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count("select count(*)::int as n from messages where content like 'to the % number'")).toBe(2);
  });

  it("shows a removed reaction as a removal and stores text with NUL characters cleaned", async () => {
    const waId = "447700900810";
    const reaction = (emoji?: string) => ({
      contacts: [{ profile: { name: "Reactor" }, wa_id: waId }],
      messages: [
        {
          from: waId,
          id: `wamid.${crypto.randomBytes(8).toString("hex")}`,
          timestamp: "1718000200",
          type: "reaction",
          reaction: { message_id: "wamid.earlier", ...(emoji === undefined ? {} : { emoji }) },
        },
      ],
    });
    for (const value of [reaction("❤️"), reaction(), textFrom(waId, "Reactor", "a\u0000b")])
      expect((await webhook(delivery([{ phone: account.accountId, value }]))).status).toBe(200);
    await waitFor(async () => !!(await conversationOf(waId)));
    const conv = await conversationOf(waId);
    await waitFor(async () => (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.length === 3);
    const items = (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items;
    expect(items.map((m: { content: string }) => m.content)).toEqual([
      "Reacted ❤️ to a message",
      "Removed a reaction to a message",
      "ab",
    ]);
  });

  it("follows the customer's new profile name unless an agent edited the name", async () => {
    const waId = "447700900820";
    const says = async (name: string, text: string) => {
      expect((await webhook(delivery([{ phone: account.accountId, value: textFrom(waId, name, text) }]))).status).toBe(
        200,
      );
      await waitFor(
        async () => (await count(`select count(*)::int as n from messages where content = '${text}'`)) === 1,
      );
      return (await conversationOf(waId)).contact as { id: string; name: string };
    };
    expect((await says("Sam", "first")).name).toBe("Sam");
    // The customer renamed themselves on WhatsApp: the contact follows.
    const renamed = await says("Samantha Reyes", "second");
    expect(renamed.name).toBe("Samantha Reyes");
    // An agent sets the name by hand: from now on the profile name never replaces it.
    expect((await admin.patch(`/api/contacts/${renamed.id}`, { name: "Sam (VIP)" })).status).toBe(200);
    expect((await says("Sammy", "third")).name).toBe("Sam (VIP)");
    const [row] = await rows<{ name_edited_at: string | null }>("select name_edited_at from contacts where id = $1", [
      renamed.id,
    ]);
    expect(row!.name_edited_at).not.toBeNull();
  });
});
