import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor, waitFor } from "./helpers";

const CHROME_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Issue 7 §1: "pending" that means something, the sandbox phone's ticks, what the widget promises, who the visitor is. */
describe.each(drivers)("presence, pending and visitors (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let webchatId: string;
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await s.ctx.database.executeSql(text, values)).rows as T[];
  const conversationOfCustomer = async (customer: string) => {
    const [row] = await sql<{ id: string }>(
      "select c.id from conversations c join contact_identities i on i.id = c.identity_id where i.external_id = $1",
      [customer],
    );
    return row ? (await admin.get(`/api/conversations/${row.id}`)).body : null;
  };
  const listIds = async (status: string) =>
    ((await admin.get(`/api/conversations?status=${status}`)).body.items as { id: string }[]).map((c) => c.id);

  beforeAll(async () => {
    s = await bootServer(driver, { SANDBOX: "1" });
    admin = await loginAs(s.url);
    webchatId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  it("pending: an agent sets it, the list filters on it, and the customer writing clears it (website)", async () => {
    const v = await visitor(s.url, webchatId);
    const convId = (await v.post("/api/widget/messages", { content: "Can I change my order?" })).body.conversationId;
    const set = await admin.patch(`/api/conversations/${convId}`, { status: "pending" });
    expect(set.status, set.text).toBe(200);
    expect(set.body.status).toBe("pending");
    expect(await listIds("pending")).toContain(convId);
    expect(await listIds("open")).not.toContain(convId);
    expect((await admin.patch(`/api/conversations/${convId}`, { status: "waiting" })).status).toBe(400);

    expect(
      (await v.post("/api/widget/messages", { conversationId: convId, content: "Here is my order number" })).status,
    ).toBe(201);
    expect((await admin.get(`/api/conversations/${convId}`)).body.status).toBe("open");
    expect(await listIds("pending")).not.toContain(convId);
  });

  it("pending is cleared by a provider customer's message too (the webhook pipeline)", async () => {
    const ch = (await admin.post("/api/channels", { type: "whatsapp", name: "WA sandbox", sandbox: true })).body
      .channel;
    const say = (text: string) => admin.post(`/api/sandbox/${ch.id}/messages`, { customerId: "447700900555", text });
    expect((await say("hello")).status).toBe(201);
    await waitFor(async () => !!(await conversationOfCustomer("447700900555")));
    const conv = await conversationOfCustomer("447700900555");
    expect((await admin.patch(`/api/conversations/${conv.id}`, { status: "pending" })).body.status).toBe("pending");
    await say("still there?");
    await waitFor(async () => (await admin.get(`/api/conversations/${conv.id}`)).body.status === "open");
  });

  it("the sandbox phone shows ticks on the customer's own messages: delivered, then read when an agent reads", async () => {
    const ch = (await admin.post("/api/channels", { type: "instagram", name: "IG sandbox", sandbox: true })).body
      .channel;
    const thread = async () =>
      (await admin.get(`/api/sandbox/${ch.id}/thread?customerId=880011`)).body.items as {
        from: string;
        status: string;
      }[];
    const said = await admin.post(`/api/sandbox/${ch.id}/messages`, {
      customerId: "880011",
      customerName: "Amara Okafor",
      text: "do you ship to Lagos?",
    });
    expect(said.body.webhookStatus).toBe(200);
    expect((await thread()).map((m) => [m.from, m.status])).toEqual([["customer", "delivered"]]);
    await waitFor(async () => !!(await conversationOfCustomer("880011")));
    const conv = await conversationOfCustomer("880011");
    expect((await admin.post(`/api/conversations/${conv.id}/read`)).status).toBe(200);
    await waitFor(async () => (await thread())[0]?.status === "read");
    // The Instagram sandbox uses the display name: the profile lookup names the contact.
    await waitFor(async () => (await admin.get(`/api/conversations/${conv.id}`)).body.contact.name === "Amara Okafor");
    expect((await admin.get(`/api/conversations/${conv.id}`)).body.contact.avatarUrl).toMatch(/\/cdn\//);
  });

  it("on Telegram the customer's messages stay at one tick (bots send no read receipts)", async () => {
    const ch = (await admin.post("/api/channels", { type: "telegram", name: "TG sandbox", sandbox: true })).body
      .channel;
    await admin.post(`/api/sandbox/${ch.id}/messages`, {
      customerId: "5500999",
      customerName: "Kenji Watanabe",
      text: "hi",
    });
    await waitFor(async () => !!(await conversationOfCustomer("5500999")));
    const conv = await conversationOfCustomer("5500999");
    await admin.post(`/api/conversations/${conv.id}/read`);
    const items = (await admin.get(`/api/sandbox/${ch.id}/thread?customerId=5500999`)).body.items;
    expect(items.map((m: any) => [m.from, m.status])).toEqual([["customer", "sent"]]);
  });

  it("the widget says what is true: away with no one online, replies-in from real first replies, online now", async () => {
    const site = (await createWebchat(admin)).channel.id;
    const availability = async () => {
      const r = await new (admin.constructor as typeof Client)(s.url, "http://shop.test").get(
        `/api/widget/${site}/availability`,
      );
      expect(r.status, r.text).toBe(200);
      return r.body;
    };
    await admin.patch("/api/me", { availability: "offline" });
    expect(await availability()).toEqual({ state: "away", typicalReplySeconds: null });

    // Five answered conversations, first replies after 1..5 minutes: the median is 3 minutes.
    for (let i = 1; i <= 5; i++) {
      const v = await visitor(s.url, site);
      const convId = (await v.post("/api/widget/messages", { content: `question ${i}` })).body.conversationId;
      const reply = await admin.post(`/api/conversations/${convId}/messages`, { content: `answer ${i}` });
      expect(reply.status, reply.text).toBe(201);
      await sql(
        `update messages set created_at = (select min(created_at) from messages where conversation_id = $1) + make_interval(mins => $2)
         where id = $3`,
        [convId, i, reply.body.id],
      );
    }
    expect((await availability()).typicalReplySeconds).toBe(180);
    // Everyone offline: no promise of minutes, whatever the history says.
    expect((await availability()).state).toBe("away");
    await admin.patch("/api/me", { availability: "away" });
    expect(await availability()).toEqual({ state: "replies_in", typicalReplySeconds: 180 });
    await admin.patch("/api/me", { availability: "online" });
    expect((await availability()).state).toBe("online");
    const session = await new (admin.constructor as typeof Client)(s.url, "http://shop.test").post(
      `/api/widget/${site}/session`,
      {},
    );
    expect(session.body.channel.availability).toEqual({ state: "online", typicalReplySeconds: 180 });
  });

  it("captures the visitor's page, referrer, browser, OS, device, language and time zone, and follows navigation", async () => {
    const v = await visitor(s.url, webchatId);
    const ua = { "user-agent": CHROME_MAC };
    // Before the first message there is no contact: nothing is stored, and that is not an error.
    const early = await v.req("POST", "/api/widget/context", { pageUrl: "https://shop.test/" }, ua);
    expect(early.status, early.text).toBe(204);
    const sent = await v.post("/api/widget/messages", { content: "Is the blue one in stock?" });
    const convId = sent.body.conversationId;
    const context = {
      pageUrl: "https://shop.test/products/blue-kettle?ref=ad",
      pageTitle: "Blue kettle — Shop",
      referrer: "https://www.google.com/",
      language: "pt-PT",
      timeZone: "Europe/Lisbon",
    };
    expect((await v.req("POST", "/api/widget/context", context, ua)).status).toBe(204);
    const contactId = (await admin.get(`/api/conversations/${convId}`)).body.contact.id;
    const got = (await admin.get(`/api/contacts/${contactId}/visitor`)).body.visitor;
    expect(got).toMatchObject({
      ...context,
      browser: "Chrome 131",
      os: "macOS Catalina",
      device: "desktop",
    });

    // Navigation: the page changes, the referrer the visit came from stays.
    await v.req(
      "POST",
      "/api/widget/context",
      { pageUrl: "https://shop.test/checkout", pageTitle: "Checkout" },
      {
        "user-agent": SAFARI_IPHONE,
      },
    );
    const after = (await admin.get(`/api/contacts/${contactId}/visitor`)).body.visitor;
    expect(after).toMatchObject({
      pageUrl: "https://shop.test/checkout",
      pageTitle: "Checkout",
      referrer: "https://www.google.com/",
      browser: "Safari 17",
      os: "iOS 17.5",
      device: "mobile",
    });

    // Bad input is a 400, never stored; a made-up time zone is dropped rather than kept.
    expect((await v.req("POST", "/api/widget/context", { pageUrl: "x\u0000y" }, ua)).status).toBe(400);
    await v.req("POST", "/api/widget/context", { timeZone: "Mars/Olympus" }, ua);
    expect((await admin.get(`/api/contacts/${contactId}/visitor`)).body.visitor.timeZone).toBeNull();
    // The session sends it too, for a returning visitor.
    const again = await v.post(`/api/widget/${webchatId}/session`, {
      visitorToken: v.bearer,
      context: { pageUrl: "https://shop.test/account" },
    });
    expect(again.status, again.text).toBe(200);
    expect((await admin.get(`/api/contacts/${contactId}/visitor`)).body.visitor.pageUrl).toBe(
      "https://shop.test/account",
    );
    // Agents only.
    const anon = await new (admin.constructor as typeof Client)(s.url).get(`/api/contacts/${contactId}/visitor`);
    expect(anon.status).toBe(401);
  });
});
