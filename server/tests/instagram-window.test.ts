import { describe, expect, it } from "vitest";
import { drivers, waitFor } from "./helpers";
import { account, DAY, igsid, useInstagramChannel } from "./instagram-suite";

describe.each(drivers)("Instagram messaging window, rate limits and re-authorisation (%s)", (driver) => {
  const ig = useInstagramChannel(driver);
  const { fake, sql, count, messagesOf, statusOf, sends, startConversation, reply } = ig;

  it("refuses free text more than 24 hours after the customer's last message", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    await sql(`update conversations set last_inbound_at = now() - interval '25 hours' where id = $1`, [convId]);
    expect((await ig.admin.get(`/api/conversations/${convId}`)).body.replyWindow).toMatchObject({
      open: false,
      rule: "24h",
      templatesOnly: false,
    });
    const before = sends().length;
    const r = await ig.admin.post(`/api/conversations/${convId}/messages`, { content: "still there?" });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("reply_window_closed");
    expect(await count("messages where conversation_id = $1 and direction = 'outbound'", [convId])).toBe(0);
    expect(sends().length).toBe(before);
  });

  it("replies up to 7 days later with the HUMAN_AGENT tag when the channel allows it", async () => {
    const patched = await ig.admin.patch(`/api/channels/${ig.channelId}`, { settings: { humanAgentTag: true } });
    expect(patched.status, patched.text).toBe(200);
    try {
      const customer = igsid();
      const convId = await startConversation(customer);
      await sql(`update conversations set last_inbound_at = now() - interval '3 days' where id = $1`, [convId]);
      fake.backdate(account, customer, 3 * DAY);
      expect((await ig.admin.get(`/api/conversations/${convId}`)).body.replyWindow).toMatchObject({
        open: true,
        rule: "24h+human_agent",
      });
      const before = sends().length;
      const id = await reply(convId, "Following up on your refund");
      await waitFor(async () => (await statusOf(id)) === "sent");
      expect(
        sends()
          .slice(before)
          .map((c) => c.body),
      ).toEqual([
        {
          recipient: { id: customer },
          messaging_type: "MESSAGE_TAG",
          tag: "HUMAN_AGENT",
          message: { text: "Following up on your refund" },
        },
      ]);
    } finally {
      await ig.admin.patch(`/api/channels/${ig.channelId}`, { settings: { humanAgentTag: false } });
    }
  });

  it("fails without retrying when Instagram says the window has closed", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    fake.backdate(account, customer, 30 * 3600_000); // Instagram's clock says 30 h; ours still says open
    const id = await reply(convId, "too late");
    await waitFor(async () => (await statusOf(id)) === "failed", 10_000);
    const m = (await messagesOf(convId)).find((x) => x.id === id);
    expect(m.error.code).toBe("10");
    expect(m.error.message).toMatch(/outside the messaging window/);
    const [row] = await sql<{ attempts: number }>("select attempts from messages where id = $1", [id]);
    expect(row!.attempts).toBe(1);
  });

  it("retries Instagram's rate limit (code 4) and then delivers", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    fake.failNext(1, {
      status: 400,
      body: { error: { message: "(#4) Application request limit reached", type: "IGApiException", code: 4 } },
    });
    const id = await reply(convId, "after a retry");
    await waitFor(async () => (await statusOf(id)) === "sent", 15_000);
    const [row] = await sql<{ attempts: number }>("select attempts from messages where id = $1", [id]);
    expect(row!.attempts).toBe(2);
  });

  it("flags the channel for re-authorisation when Instagram refuses the token (190)", async () => {
    const customer = igsid();
    const convId = await startConversation(customer);
    fake.failNext(1, {
      status: 401,
      body: { error: { message: "Error validating access token", type: "OAuthException", code: 190 } },
    });
    const id = await reply(convId, "token test");
    await waitFor(async () => (await statusOf(id)) === "failed", 10_000);
    const m = (await messagesOf(convId)).find((x) => x.id === id);
    expect(m.error.code).toBe("190");
    expect((await ig.admin.get(`/api/channels/${ig.channelId}`)).body.health.needsReauth).toBe(true);
    const test = await ig.admin.post(`/api/channels/${ig.channelId}/test`);
    expect(test.body).toMatchObject({ ok: true, message: expect.stringContaining("@sandbox.shop") });
    expect((await ig.admin.get(`/api/channels/${ig.channelId}`)).body.health.needsReauth).toBe(false);
  });
});
