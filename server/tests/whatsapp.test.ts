import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { metaSignature } from "../src/features/channels/meta-signature";
import { type Client, drivers, socket, type TestServer, waitFor } from "./helpers";
import { account, useWhatsAppChannel } from "./whatsapp-suite";

describe.each(drivers)("WhatsApp Cloud API channel (%s)", (driver) => {
  const w = useWhatsAppChannel(driver);
  const { fake, webhook, count, conversationOf, customerWrites } = w;
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  let verifyToken: string;
  beforeAll(() => {
    ({ s, admin, channelId, verifyToken } = w);
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
});
