import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createXFake, type XFake } from "../src/features/channels/x/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "1490000000000000001",
  secrets: { consumerSecret: "consumer-secret-abc123", accessToken: "x-user-token-456" },
  settings: { userId: "1490000000000000001", username: "acmehelp" },
  webhookUrl: "",
};
const OWN = account.accountId;

/** Computed here, not with the adapter's helper: base64 HMAC-SHA256 keyed with the consumer secret. */
const sign = (data: string, secret = account.secrets.consumerSecret!) =>
  `sha256=${crypto.createHmac("sha256", secret).update(data).digest("base64")}`;

const dm = (id: string, from: string, to: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: "message_create",
  id,
  created_timestamp: "1718000000123",
  message_create: {
    target: { recipient_id: to },
    sender_id: from,
    message_data: { text, entities: { hashtags: [], symbols: [], urls: [], user_mentions: [] }, ...extra },
  },
});
const users = (id: string, name: string, screen: string) => ({
  [id]: { id, name, screen_name: screen },
  [OWN]: { id: OWN, name: "Acme Support", screen_name: "acmehelp" },
});
const eventId = () => `18${crypto.randomInt(1e9)}${crypto.randomInt(1e8)}`;

describe.each(drivers)("X direct messages channel (%s)", (driver) => {
  const fake: XFake = createXFake({ accounts: async () => [account] });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channelId: string;

  const webhook = (body: string, sig: string | null = sign(body)) =>
    fetch(`${s.url}/webhooks/x`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(sig ? { "x-twitter-webhooks-signature": sig } : {}) },
      body,
    });
  const sql = async <T = Record<string, unknown>>(q: string) => (await s.ctx.database.executeSql(q, [])).rows as T[];
  const count = async (q: string) => (await sql<{ n: number }>(q))[0]!.n;
  const conversationId = async (customer: string) =>
    (
      await sql<{ id: string }>(
        `select c.id from conversations c join contact_identities i on i.id = c.identity_id
         where i.channel_id = '${channelId}' and i.external_id = '${customer}'`,
      )
    )[0]?.id;
  const conversationOf = async (customer: string) => {
    await waitFor(async () => !!(await conversationId(customer)));
    return (await admin.get(`/api/conversations/${await conversationId(customer)}`)).body;
  };
  const messageRow = async (id: string) =>
    (
      await sql<{ status: string; external_id: string | null; attempts: number; error_code: string | null }>(
        `select status, external_id, attempts, error_code, error_message from messages where id = '${id}'`,
      )
    )[0]!;
  const untilStatus = (id: string, status: string, ms = 15_000) =>
    waitFor(async () => (await messageRow(id)).status === status, ms);
  const processed = (needle: string) =>
    waitFor(
      async () =>
        (await count(
          `select count(*)::int as n from webhook_events where payload like '%${needle}%' and status = 'processed'`,
        )) > 0,
    );
  const reply = async (conv: string, content: string) => {
    const r = await admin.post(`/api/conversations/${conv}/messages`, { content });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  const sendCalls = (text: string) =>
    fake.calls.filter((c) => c.method === "POST" && (c.body as { text?: string })?.text === text);

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { X_API_URL: served.url });
    account.webhookUrl = `${s.url}/webhooks/x`;
    admin = await loginAs(s.url);
    const r = await admin.post("/api/channels", {
      type: "x",
      name: "Acme on X",
      settings: { userId: OWN },
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    channelId = r.body.channel.id;
    expect(r.body.channel.settings.username).toBe("acmehelp");
    expect(r.body.channel.webhook.url).toBe(`${s.url}/webhooks/x`);
    expect(r.text).not.toContain(account.secrets.accessToken);
    expect(r.text).not.toContain(account.secrets.consumerSecret);
  });
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("refuses to connect a token that belongs to another account", async () => {
    const r = await admin.post("/api/channels", {
      type: "x",
      name: "Wrong",
      settings: { userId: "2222222222222222222" },
      secrets: account.secrets,
    });
    expect(r.status).toBe(502);
    expect(r.body.error.code).toBe("provider_rejected");
    expect(r.body.error.message).toContain("1490000000000000001");
    expect(await count("select count(*)::int as n from channels where type = 'x'")).toBe(1);
  });

  it("answers X's CRC with the HMAC of the token under the consumer secret", async () => {
    const token = "Zm9vYmFyLWNyYy10b2tlbg";
    const r = await fetch(`${s.url}/webhooks/x?crc_token=${token}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/application\/json/);
    expect(await r.json()).toEqual({
      response_token: `sha256=${crypto.createHmac("sha256", "consumer-secret-abc123").update(token).digest("base64")}`,
    });
    expect(await fake.crc(account)).toMatchObject({ ok: true, status: 200 });
    expect((await fetch(`${s.url}/webhooks/x`)).status).toBe(403);
  });

  it("refuses unsigned or wrongly signed webhooks and stores nothing", async () => {
    const before = await count("select count(*)::int as n from webhook_events");
    const body = JSON.stringify({
      for_user_id: OWN,
      direct_message_events: [dm(eventId(), "2870000000000000099", OWN, "forged")],
      users: users("2870000000000000099", "Mallory", "mal"),
    });
    expect((await webhook(body, null)).status).toBe(401);
    expect((await webhook(body, "sha256=AAAA")).status).toBe(401);
    expect((await webhook(body, sign(body, "another-secret"))).status).toBe(401);
    // Meta's hex encoding of the right HMAC is not X's base64.
    const hex = `sha256=${crypto.createHmac("sha256", account.secrets.consumerSecret!).update(body).digest("hex")}`;
    expect((await webhook(body, hex)).status).toBe(401);
    expect((await webhook(`${body} `, sign(body))).status).toBe(401);
    expect(await count("select count(*)::int as n from webhook_events")).toBe(before);
    expect(await count("select count(*)::int as n from messages where content = 'forged'")).toBe(0);
  });

  it("takes a DM into the inbox once, with the sender's name from the users map", async () => {
    const id = eventId();
    const body = JSON.stringify({
      for_user_id: OWN,
      direct_message_events: [dm(id, "2870000000000000042", OWN, "hi, my order is late")],
      users: users("2870000000000000042", "Dana Reyes", "danar"),
    });
    const acks = await Promise.all(Array.from({ length: 5 }, () => webhook(body)));
    expect(acks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const conv = await conversationOf("2870000000000000042");
    await processed(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(`select count(*)::int as n from messages where external_id = '${id}'`)).toBe(1);
    expect(await count(`select count(*)::int as n from webhook_events where payload like '%${id}%'`)).toBe(1);
    expect(conv).toMatchObject({
      channelType: "x",
      contact: { name: "Dana Reyes" },
      replyWindow: { open: true, rule: "none", templatesOnly: false },
    });
    const [m] = (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items;
    expect(m).toMatchObject({ content: "hi, my order is late", direction: "inbound", sender: { name: "Dana Reyes" } });
    expect(m.metadata.providerTimestamp).toBe(new Date(1718000000123).toISOString());
  });

  it("sends the agent's reply to the v2 endpoint, accepts both response shapes, and ignores its echo", async () => {
    const customer = "2870000000000000100";
    await fake.customerSays(account, { id: customer, name: "Sam Lee" }, "Hello?");
    const conv = await conversationOf(customer);
    expect(conv.contact.name).toBe("Sam Lee");
    for (const wrap of [true, false]) {
      fake.options.wrapResponse = wrap;
      const text = `Hi Sam (${wrap ? "data" : "bare"})`;
      const id = await reply(conv.id, text);
      await untilStatus(id, "sent");
      const call = sendCalls(text)[0]!;
      expect(call.path).toBe(`/2/dm_conversations/with/${customer}/messages`);
      expect(call.body).toEqual({ text });
      const sentId = fake.thread(account, customer).find((m) => m.text === text)!.id;
      expect((await messageRow(id)).external_id).toBe(sentId);
      // X echoes our own send as a message_create from our account: no second copy, no inbound message.
      await processed(sentId);
      await new Promise((r) => setTimeout(r, 200));
      expect(await count(`select count(*)::int as n from messages where content = '${text}'`)).toBe(1);
      expect(await count(`select count(*)::int as n from messages where external_id = '${sentId}'`)).toBe(1);
    }
    fake.options.wrapResponse = true;
    expect(
      await count(
        `select count(*)::int as n from messages where conversation_id = '${conv.id}' and direction = 'inbound'`,
      ),
    ).toBe(1);
    await fake.markRead(account, customer);
    await waitFor(async () =>
      (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items
        .filter((m: { direction: string }) => m.direction === "outbound")
        .every((m: { status: string }) => m.status === "read"),
    );
  });

  it("shows a DM typed in the X app once, as outgoing, and never as a customer message", async () => {
    const customer = "2870000000000000200";
    await fake.customerSays(account, { id: customer, name: "Ana" }, "anyone there?");
    const conv = await conversationOf(customer);
    const id = eventId();
    const one = JSON.stringify({
      for_user_id: OWN,
      direct_message_events: [dm(id, OWN, customer, "Typed on my phone")],
      users: users(customer, "Ana", "ana"),
    });
    const two = JSON.stringify({
      for_user_id: OWN,
      direct_message_events: [dm(id, OWN, customer, "Typed on my phone"), dm(eventId(), OWN, customer, "second")],
      users: users(customer, "Ana", "ana"),
    });
    for (const body of [one, one, two]) expect((await webhook(body)).status).toBe(200);
    await waitFor(async () => (await count(`select count(*)::int as n from messages where content = 'second'`)) === 1);
    await processed(id);
    const rows = await sql<{ direction: string; sender_name: string; status: string }>(
      `select direction, sender_name, status from messages where external_id = '${id}'`,
    );
    expect(rows).toEqual([{ direction: "outbound", sender_name: "X app", status: "sent" }]);
    expect(
      await count(
        `select count(*)::int as n from messages where conversation_id = '${conv.id}' and direction = 'inbound'`,
      ),
    ).toBe(1);
    // Our account writing to someone we have no conversation with creates nothing.
    const stranger = eventId();
    await webhook(
      JSON.stringify({
        for_user_id: OWN,
        direct_message_events: [dm(stranger, OWN, "2870000000000000999", "cold outreach")],
      }),
    );
    await processed(stranger);
    expect(await count(`select count(*)::int as n from messages where external_id = '${stranger}'`)).toBe(0);
    expect(await conversationId("2870000000000000999")).toBeUndefined();
  });

  it("downloads photos, keeps quick replies, and ignores typing and other events", async () => {
    const customer = "2870000000000000300";
    const path = fake.addMedia(account, Buffer.from("fake-x-photo"), "image/jpeg", "box.jpg");
    const photo = eventId();
    const quick = eventId();
    const media = { id_str: "99", type: "photo", url: "https://t.co/AbC", media_url_https: `${served.url}${path}` };
    const status = await fake.rawWebhook(account, {
      direct_message_events: [
        dm(photo, customer, OWN, "the lid is broken https://t.co/AbC", { attachment: { type: "media", media } }),
        dm(quick, customer, OWN, "Refund", { quick_reply_response: { type: "options", metadata: "refund" } }),
      ],
      direct_message_indicate_typing_events: [
        { created_timestamp: "1718000000999", sender_id: customer, target: { recipient_id: OWN } },
      ],
      tweet_create_events: [{ id_str: "1" }],
      users: users(customer, "Pic Sender", "pics"),
    });
    expect(status).toBe(200);
    const conv = await conversationOf(customer);
    await waitFor(
      async () => (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items[0]?.attachments.length === 1,
      10_000,
    );
    const items = (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items;
    expect(items.map((m: { kind: string; content: string }) => [m.kind, m.content])).toEqual([
      ["media", "the lid is broken"],
      ["interactive", "Refund"],
    ]);
    expect(items[0].metadata.media.media_url_https).toBe(media.media_url_https);
    expect((await admin.get(items[0].attachments[0].url)).text).toBe("fake-x-photo");
    expect(items[1].metadata.quickReply).toEqual({ type: "options", metadata: "refund" });
  });

  it("keeps the photo of a DM sent from the X app (echo with media)", async () => {
    const customer = "2870000000000000350";
    await fake.customerSays(account, { id: customer, name: "Photo Fan" }, "send me a picture");
    const conv = await conversationOf(customer);
    const path = fake.addMedia(account, Buffer.from("x-app-photo"), "image/jpeg", "shelf.jpg");
    const media = { id_str: "77", type: "photo", url: "https://t.co/PhO", media_url_https: `${served.url}${path}` };
    const id = eventId();
    const status = await fake.rawWebhook(account, {
      direct_message_events: [dm(id, OWN, customer, "here https://t.co/PhO", { attachment: { type: "media", media } })],
      users: users(customer, "Photo Fan", "photofan"),
    });
    expect(status).toBe(200);
    const outbound = async () =>
      (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.filter(
        (m: { direction: string }) => m.direction === "outbound",
      );
    await waitFor(async () => (await outbound())[0]?.attachments.length === 1, 10_000);
    const [out] = await outbound();
    expect(out).toMatchObject({ content: "here", kind: "media", metadata: { sentFrom: "X app" } });
    expect((await admin.get(out.attachments[0].url)).text).toBe("x-app-photo");
  });

  it("waits for X's rate-limit reset on a 429 and then delivers", async () => {
    const customer = "2870000000000000400";
    await fake.customerSays(account, { id: customer, name: "Tom" }, "ping");
    const conv = await conversationOf(customer);
    const reset = Math.ceil(Date.now() / 1000) + 6;
    fake.failNext(1, {
      status: 429,
      headers: { "x-rate-limit-reset": String(reset) },
      body: { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
    });
    const id = await reply(conv.id, "after the reset");
    await untilStatus(id, "sent", 20_000);
    expect((await messageRow(id)).attempts).toBe(2);
    const [first, second] = sendCalls("after the reset");
    // Causal, not a duration: the retry waits for the moment the reset header names. (Measuring the
    // gap between the two calls raced with job pick-up: the first call can itself start a second or
    // more after `reset` was computed on a busy machine, shrinking the gap below any fixed bound.)
    expect(first!.at).toBeLessThan(reset * 1000);
    expect(second!.at).toBeGreaterThanOrEqual(reset * 1000 - 1000);
  });

  it("fails at once with X's reason when the customer does not accept DMs (403)", async () => {
    const customer = "2870000000000000500";
    await fake.customerSays(account, { id: customer, name: "Lina" }, "bye");
    const conv = await conversationOf(customer);
    fake.failNext(1, {
      status: 403,
      body: {
        title: "Forbidden",
        type: "about:blank",
        status: 403,
        detail: "You cannot send messages to this user.",
      },
    });
    const id = await reply(conv.id, "are you there?");
    await untilStatus(id, "failed");
    const row = await messageRow(id);
    expect(row.attempts).toBe(1);
    const failed = (await admin.get(`/api/conversations/${conv.id}/messages`)).body.items.find(
      (m: { id: string }) => m.id === id,
    );
    expect(failed.error.code).toBe("403");
    expect(failed.error.message).toMatch(/You cannot send messages to this user/);
    expect(failed.error.message).toMatch(/may not accept DMs/);
    expect((await admin.get(`/api/channels/${channelId}`)).body.health.needsReauth).toBe(false);
  });

  it("flags the channel for re-authorisation when X refuses the token (401)", async () => {
    const customer = "2870000000000000600";
    await fake.customerSays(account, { id: customer, name: "Ola" }, "hi");
    const conv = await conversationOf(customer);
    fake.failNext(1, { status: 401, body: { errors: [{ message: "Invalid or expired token.", code: 89 }] } });
    const id = await reply(conv.id, "token test");
    await untilStatus(id, "failed");
    expect((await messageRow(id)).error_code).toBe("89");
    expect((await admin.get(`/api/channels/${channelId}`)).body.health.needsReauth).toBe(true);
    const test = await admin.post(`/api/channels/${channelId}/test`);
    expect(test.body).toMatchObject({ ok: true, message: expect.stringContaining("@acmehelp") });
    expect((await admin.get(`/api/channels/${channelId}`)).body.health.needsReauth).toBe(false);
  });

  it("acknowledges a signed event for an unknown account and keeps it as an orphan", async () => {
    const id = eventId();
    const body = JSON.stringify({
      for_user_id: "777",
      direct_message_events: [dm(id, "2870000000000000700", "777", "not for us")],
    });
    expect((await webhook(body)).status).toBe(200);
    expect(
      await count(`select count(*)::int as n from webhook_events where status = 'orphan' and payload like '%${id}%'`),
    ).toBe(1);
    expect(await count(`select count(*)::int as n from messages where external_id = '${id}'`)).toBe(0);
  });

  it("runs a sandbox X channel end to end through the built-in fake", async () => {
    const r = await admin.post("/api/channels", { type: "x", name: "Sandbox X", sandbox: true });
    expect(r.status, r.text).toBe(201);
    const id = r.body.channel.id;
    expect(r.body.channel.settings.userId).toMatch(/^\d{19}$/);
    const said = await admin.post(`/api/sandbox/${id}/messages`, { customerId: "31337", customerName: "Kim" });
    expect(said.status, said.text).toBe(400);
    const ok = await admin.post(`/api/sandbox/${id}/messages`, {
      customerId: "31337",
      customerName: "Kim",
      text: "sandbox hello",
    });
    expect(ok.body.webhookStatus).toBe(200);
    await waitFor(
      async () => (await count(`select count(*)::int as n from messages where content = 'sandbox hello'`)) === 1,
    );
    const [conv] = await sql<{ id: string }>(
      `select c.id from conversations c join contact_identities i on i.id = c.identity_id
       where i.channel_id = '${id}' and i.external_id = '31337'`,
    );
    const mid = await reply(conv!.id, "sandbox answer");
    await untilStatus(mid, "sent");
    const thread = await admin.get(`/api/sandbox/${id}/thread?customerId=31337`);
    expect(thread.body.items.map((m: { from: string; text: string }) => [m.from, m.text])).toEqual([
      ["customer", "sandbox hello"],
      ["business", "sandbox answer"],
    ]);
    expect((await admin.post(`/api/sandbox/${id}/read`, { customerId: "31337" })).status).toBe(204);
    await untilStatus(mid, "read");
  });
});
