import { describe, expect, it } from "vitest";
import { metaSignature } from "../src/features/channels/meta-signature";
import { drivers, waitFor } from "./helpers";
import { ACCOUNT_ID, account, igsid, newMid, useInstagramChannel } from "./instagram-suite";

describe.each(drivers)("Instagram Messaging channel (%s)", (driver) => {
  const ig = useInstagramChannel(driver);
  const {
    fake,
    webhook,
    sql,
    count,
    conversationOf,
    messagesOf,
    statusOf,
    echoesProcessed,
    sends,
    startConversation,
    reply,
  } = ig;

  it("refuses to connect with a token Instagram rejects, storing nothing", async () => {
    const r = await ig.admin.post("/api/channels", {
      type: "instagram",
      name: "Wrong token",
      settings: { accountId: ACCOUNT_ID },
      secrets: { accessToken: "wrong", appSecret: "x" },
    });
    expect(r.status).toBe(502);
    expect(r.body.error.message).toMatch(/token/);
    expect(await count("channels where type = 'instagram'")).toBe(1);
  });

  it("answers Meta's verification handshake only with the channel's verify token", async () => {
    const ok = await fetch(
      `${ig.s.url}/webhooks/instagram?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(ig.verifyToken)}&hub.challenge=987654`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("987654");
    const bad = await fetch(`${ig.s.url}/webhooks/instagram?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it("refuses unsigned or wrongly signed webhooks and stores nothing", async () => {
    const before = await count("webhook_events");
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        { id: ACCOUNT_ID, time: Date.now(), messaging: [{ sender: { id: "1" }, message: { mid: "x", text: "hi" } }] },
      ],
    });
    expect((await webhook(body, "sha256=deadbeef")).status).toBe(401);
    expect((await webhook(body, metaSignature("other-secret", Buffer.from(body)))).status).toBe(401);
    expect(
      (
        await fetch(`${ig.s.url}/webhooks/instagram`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        })
      ).status,
    ).toBe(401);
    expect(await count("webhook_events")).toBe(before);
    expect(await count("messages where external_id = 'x'")).toBe(0);
  });

  it("takes a customer message into a conversation once, however often Meta delivers it", async () => {
    const customer = igsid();
    const mid = newMid();
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: ACCOUNT_ID,
          time: 1718000000123,
          messaging: [
            {
              sender: { id: customer },
              recipient: { id: ACCOUNT_ID },
              timestamp: 1718000000001,
              message: { mid, text: "is this in stock?" },
            },
          ],
        },
      ],
    });
    const acks = await Promise.all(Array.from({ length: 5 }, () => webhook(body)));
    expect(acks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await waitFor(async () => (await count("messages where external_id = $1", [mid])) === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count("messages where external_id = $1", [mid])).toBe(1);
    expect(await count("webhook_events where payload = $1", [body])).toBe(1);
    const conv = await conversationOf(customer);
    expect(conv).toMatchObject({ channelType: "instagram", channelId: ig.channelId });
    const [m] = await messagesOf(conv.id);
    expect(m).toMatchObject({ direction: "inbound", kind: "text", content: "is this in stock?" });
    expect(m.metadata.providerTimestamp).toBe(new Date(1718000000001).toISOString());
  });

  it("processes standby events (another app owns the thread)", async () => {
    const customer = igsid();
    const mid = newMid();
    await fake.customerEvent(
      account,
      { sender: { id: customer }, message: { mid, text: "via standby" } },
      { standby: true },
    );
    await waitFor(async () => (await count("messages where external_id = $1", [mid])) === 1);
    expect((await messagesOf((await conversationOf(customer)).id))[0].content).toBe("via standby");
  });

  it("keeps story replies, replies to messages, unknown shapes and downloads image attachments", async () => {
    const customer = igsid();
    const image = Buffer.from("fake-instagram-jpeg");
    const url = fake.addMedia(account, image, "image/jpeg");
    const [m1, m2, m3, m4] = [newMid(), newMid(), newMid(), newMid()];
    await fake.customerEvent(account, {
      sender: { id: customer },
      message: {
        mid: m1,
        text: "love this!",
        reply_to: { story: { id: "1790001", url: "https://cdn.test/story.mp4" } },
      },
    });
    await fake.customerEvent(account, {
      sender: { id: customer },
      message: { mid: m2, attachments: [{ type: "image", payload: { url } }] },
    });
    await fake.customerEvent(account, {
      sender: { id: customer },
      message: { mid: m3, text: "and this?", reply_to: { mid: m2 } },
    });
    await fake.customerEvent(account, {
      sender: { id: customer },
      message: { mid: m4, attachments: [{ type: "ig_reel", payload: { reel_video_id: "5" } }] },
    });
    await waitFor(async () => !!(await conversationOf(customer)));
    const conv = await conversationOf(customer);
    await waitFor(async () => {
      const items = await messagesOf(conv.id);
      return items.length === 4 && items.find((m) => m.kind === "media")?.attachments.length === 1;
    }, 10_000);
    const items = await messagesOf(conv.id);
    expect(items.map((m) => m.kind)).toEqual(["story_reply", "media", "text", "unsupported"]);
    expect(items[0]).toMatchObject({
      content: "love this!",
      metadata: { story: { id: "1790001", url: "https://cdn.test/story.mp4" } },
    });
    expect(items[1].attachments[0]).toMatchObject({ contentType: "image/jpeg", size: image.length });
    expect((await ig.admin.get(items[1].attachments[0].url)).text).toBe("fake-instagram-jpeg");
    expect(items[2].metadata.replyTo).toBe(m2);
    expect(items[3].metadata.raw.attachments[0].type).toBe("ig_reel");
    // The customer unsends a message: the record stays, marked deleted.
    await fake.customerEvent(account, { sender: { id: customer }, message: { mid: m3, is_deleted: true } });
    await waitFor(async () => (await messagesOf(conv.id))[2].metadata.deleted === true);
  });

  it("sends the agent's reply through the Send API, and its echo creates no duplicate", async () => {
    const customer = igsid();
    const convId = await startConversation(customer, "hi there");
    const echoes = await echoesProcessed();
    const before = sends().length;
    const id = await reply(convId, "Yes, ships tomorrow.");
    await waitFor(async () => (await statusOf(id)) === "sent");
    const calls = sends().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(`/v23.0/${ACCOUNT_ID}/messages`);
    expect(calls[0]!.body).toEqual({ recipient: { id: customer }, message: { text: "Yes, ships tomorrow." } });
    const [row] = await sql<{ external_id: string }>("select external_id from messages where id = $1", [id]);
    expect(row!.external_id).toBe(fake.thread(account, customer).at(-1)!.id);
    await waitFor(async () => (await echoesProcessed()) === echoes + 1);
    const items = await messagesOf(convId);
    expect(items.map((m) => [m.direction, m.content])).toEqual([
      ["inbound", "hi there"],
      ["outbound", "Yes, ships tomorrow."],
    ]);
  });

  it("sends attachments as URLs Instagram can fetch, then the text, without duplicates from echoes", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    const form = new FormData();
    form.append("file", new Blob([Buffer.from("PNGDATA-123")], { type: "image/png" }), "receipt.png");
    const up = await ig.admin.req("POST", "/api/attachments", form);
    expect(up.status, up.text).toBe(201);
    const echoes = await echoesProcessed();
    const before = sends().length;
    const id = await reply(convId, "Here is your receipt", [up.body.id]);
    await waitFor(async () => (await statusOf(id)) === "sent");
    const calls = sends().slice(before);
    expect(calls.map((c) => c.body)).toEqual([
      {
        recipient: { id: customer },
        message: {
          attachment: { type: "image", payload: { url: expect.stringMatching(/\/api\/attachments\/.+sig=/) } },
        },
      },
      { recipient: { id: customer }, message: { text: "Here is your receipt" } },
    ]);
    const got = fake.downloads.at(-1)!;
    expect(got.bytes.toString()).toBe("PNGDATA-123");
    expect(got.contentType).toMatch(/^image\/png/);
    await waitFor(async () => (await echoesProcessed()) === echoes + 2);
    await new Promise((r) => setTimeout(r, 200));
    expect((await messagesOf(convId)).filter((m) => m.direction === "outbound")).toHaveLength(1);
  });

  it("shows a message sent from the Instagram app once, as outgoing", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    const { externalId, status } = await fake.businessRepliesFromApp(account, customer, "Answered from my phone");
    expect(status).toBe(200);
    await waitFor(async () => (await count("messages where external_id = $1", [externalId])) === 1);
    await new Promise((r) => setTimeout(r, 300));
    const out = (await messagesOf(convId)).filter((m) => m.direction === "outbound");
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      content: "Answered from my phone",
      status: "sent",
      metadata: { sentFrom: "Instagram app" },
    });
  });

  it("keeps the photo of a message sent from the Instagram app (echo with an attachment)", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    const url = fake.addMedia(account, Buffer.from("photo-from-the-app"), "image/jpeg");
    const mid = newMid();
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: account.accountId,
          time: Date.now(),
          messaging: [
            {
              sender: { id: account.accountId },
              recipient: { id: customer },
              timestamp: Date.now(),
              message: { mid, is_echo: true, attachments: [{ type: "image", payload: { url } }] },
            },
          ],
        },
      ],
    });
    expect((await webhook(body)).status).toBe(200);
    await waitFor(
      async () => (await messagesOf(convId)).some((m) => m.direction === "outbound" && m.attachments.length === 1),
      10_000,
    );
    const [out] = (await messagesOf(convId)).filter((m) => m.direction === "outbound");
    expect(out).toMatchObject({
      kind: "media",
      status: "sent",
      metadata: { sentFrom: "Instagram app", pendingMedia: 0 },
    });
    expect((await ig.admin.get(out.attachments[0].url)).text).toBe("photo-from-the-app");
  });

  it("marks our messages read when the customer reads them", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    const id = await reply(convId, "Did you see this?");
    await waitFor(async () => (await statusOf(id)) === "sent");
    await fake.markRead(account, customer);
    await waitFor(async () => (await statusOf(id)) === "read");
  });
});
