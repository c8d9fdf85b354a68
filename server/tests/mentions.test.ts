import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bootServer,
  type Client,
  createWebchat,
  drivers,
  loginAs,
  socket,
  type TestServer,
  useTwoServers,
  visitor,
  waitFor,
} from "./helpers";

/** Issue 7: @mentions in private notes notify the mentioned teammate, and only them. */
describe.each(drivers)("mentions and notifications (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let sam: Client;
  let lee: Client;
  let ids: { sam: string; lee: string; ken: string };
  let channelId: string;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
    const make = async (name: string) =>
      (
        await admin.post("/api/agents", {
          name,
          email: `${name.toLowerCase()}@example.com`,
          password: `${name}-password-123`,
        })
      ).body.agent.id as string;
    ids = { sam: await make("Sam"), lee: await make("Lee"), ken: await make("Ken") };
    await admin.patch(`/api/agents/${ids.ken}`, { disabled: true });
    sam = await loginAs(s.url, "sam@example.com", "Sam-password-123");
    lee = await loginAs(s.url, "lee@example.com", "Lee-password-123");
  });
  afterAll(() => s.stop());

  const newConversation = async (name: string) => {
    const v = await visitor(s.url, channelId, { name });
    return (await v.post("/api/widget/messages", { content: `Hi, ${name} here` })).body.conversationId as string;
  };

  it("a mention is stored on the note and reaches only the mentioned user's sockets", async () => {
    const samWs = await socket(s.url, { cookie: sam.cookie });
    const leeWs = await socket(s.url, { cookie: lee.cookie });
    const convId = await newConversation("Dana");
    const note = await admin.post(`/api/conversations/${convId}/messages`, {
      content: "@Sam can you check the refund?",
      private: true,
      mentions: [ids.sam, ids.sam],
    });
    expect(note.status).toBe(201);
    expect(note.body.metadata.mentions).toEqual([{ id: ids.sam, name: "Sam" }]);

    const pushed = await samWs.next((e) => e.type === "notification.created");
    expect(pushed.notification).toMatchObject({
      type: "mention",
      conversationId: convId,
      messageId: note.body.id,
      actor: { name: "Admin" },
      contactName: "Dana",
      excerpt: "@Sam can you check the refund?",
      readAt: null,
    });
    // Lee then gets one of their own; the first notification Lee's socket saw is Lee's, not Sam's.
    const second = await admin.post(`/api/conversations/${convId}/messages`, {
      content: "@Lee too",
      private: true,
      mentions: [ids.lee],
    });
    const leeFirst = await leeWs.next((e) => e.type === "notification.created");
    expect(leeFirst.notification.messageId).toBe(second.body.id);
    expect(samWs.events.filter((e) => e.type === "notification.created")).toHaveLength(1);
    samWs.close();
    leeWs.close();

    const mine = await sam.get("/api/notifications?type=mention");
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ unread: 1, nextCursor: null });
    expect(mine.body.items.map((n: { messageId: string }) => n.messageId)).toEqual([note.body.id]);
    expect((await admin.get("/api/notifications")).body.items).toEqual([]);
  });

  it("mentions are refused on public replies and for unknown or disabled users, writing nothing", async () => {
    const convId = await newConversation("Eli");
    const count = async () => (await admin.get(`/api/conversations/${convId}/messages`)).body.items.length;
    const before = await count();
    const pub = await admin.post(`/api/conversations/${convId}/messages`, { content: "@Sam hi", mentions: [ids.sam] });
    expect(pub.status).toBe(400);
    expect(pub.body.error.details.fieldErrors.mentions).toBeDefined();
    for (const bad of [ids.ken, "00000000-0000-4000-8000-000000000000"]) {
      const r = await admin.post(`/api/conversations/${convId}/messages`, {
        content: "@Ken hi",
        private: true,
        mentions: [bad],
      });
      expect(r.status).toBe(400);
    }
    const notUuid = await admin.post(`/api/conversations/${convId}/messages`, {
      content: "x",
      private: true,
      mentions: ["nope"],
    });
    expect(notUuid.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("notifications page unread first and are marked read by id or all at once", async () => {
    const convId = await newConversation("Fay");
    const noteIds: string[] = [];
    for (const n of [1, 2, 3]) {
      const r = await admin.post(`/api/conversations/${convId}/messages`, {
        content: `@Lee note ${n}`,
        private: true,
        mentions: [ids.lee],
      });
      noteIds.push(r.body.id);
    }
    // The listener runs after commit: wait until all three are there.
    let all: any;
    await waitFor(async () => {
      all = (await lee.get("/api/notifications?type=mention&limit=100")).body;
      return all.items.length >= 4;
    });
    expect(all.unread).toBe(4);
    const oldest = all.items.find((n: { messageId: string }) => n.messageId === noteIds[0]);
    const read = await lee.post("/api/notifications/read", { ids: [oldest.id] });
    expect(read.body.unread).toBe(3);

    const first = await lee.get("/api/notifications?type=mention&limit=2");
    const rest = await lee.get(`/api/notifications?type=mention&limit=2&cursor=${first.body.nextCursor}`);
    const order = [...first.body.items, ...rest.body.items];
    expect(order.map((n: { readAt: string | null }) => n.readAt === null)).toEqual([true, true, true, false]);
    expect(order.at(-1).id).toBe(oldest.id);
    expect(order[0].messageId).toBe(noteIds[2]);
    expect((await lee.get("/api/notifications?cursor=garbage")).status).toBe(400);
    // Someone else's ids change nothing of mine, and mine are not theirs to read.
    await sam.post("/api/notifications/read", { ids: [order[0].id] });
    expect((await lee.get("/api/notifications")).body.unread).toBe(3);

    expect((await lee.post("/api/notifications/read", { all: true })).body.unread).toBe(0);
  });

  it("preferences are per agent, stored, and decide which notifications are created", async () => {
    expect((await sam.get("/api/me/notification-preferences")).body).toEqual({
      sound: true,
      desktop: true,
      events: { newConversation: true, assigned: true, mention: true, newMessage: true },
    });
    const put = await sam.req("PUT", "/api/me/notification-preferences", { sound: false, events: { mention: false } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ sound: false, desktop: true, events: { mention: false, assigned: true } });
    expect((await sam.get("/api/me/notification-preferences")).body.events.mention).toBe(false);
    // Lee's are untouched.
    expect((await lee.get("/api/me/notification-preferences")).body.sound).toBe(true);
    expect((await sam.req("PUT", "/api/me/notification-preferences", {})).status).toBe(400);
    expect((await sam.req("PUT", "/api/me/notification-preferences", { sound: "loud" })).status).toBe(400);

    const samWs = await socket(s.url, { cookie: sam.cookie });
    const convId = await newConversation("Gus");
    const before = (await sam.get("/api/notifications")).body.unread;
    await admin.post(`/api/conversations/${convId}/messages`, { content: "@Sam", private: true, mentions: [ids.sam] });
    // Being assigned is still on: that notification arrives, the mention never does.
    await admin.post(`/api/conversations/${convId}/assign`, { assigneeId: ids.sam });
    const pushed = await samWs.next((e) => e.type === "notification.created");
    expect(pushed.notification).toMatchObject({ type: "assigned", conversationId: convId, actor: { name: "Admin" } });
    expect((await sam.get("/api/notifications")).body.unread).toBe(before + 1);
    samWs.close();
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("a mention's notification crosses processes", () => {
  const p = useTwoServers("4e".repeat(32));

  it("a note written on one process notifies the mentioned user's socket on the other, and nobody else's", async () => {
    const admin = await loginAs(p.a.url);
    const { channel } = await createWebchat(admin);
    const samId = (
      await admin.post("/api/agents", { name: "Sam", email: "sam@example.com", password: "Sam-password-123" })
    ).body.agent.id;
    const sam = await loginAs(p.b.url, "sam@example.com", "Sam-password-123");
    const samWs = await socket(p.b.url, { cookie: sam.cookie });
    const adminWs = await socket(p.b.url, { cookie: admin.cookie });
    const v = await visitor(p.a.url, channel.id, { name: "Dana" });
    const convId = (await v.post("/api/widget/messages", { content: "hello" })).body.conversationId;
    const note = await admin.post(`/api/conversations/${convId}/messages`, {
      content: "@Sam look",
      private: true,
      mentions: [samId],
    });
    const got = await samWs.next((e) => e.type === "notification.created", 10_000);
    expect(got.notification.messageId).toBe(note.body.id);
    // The admin's socket on the same process saw the note itself, but not Sam's notification.
    await adminWs.next((e) => e.type === "message.created" && e.message.id === note.body.id, 10_000);
    expect(adminWs.events.some((e) => e.type === "notification.created")).toBe(false);
    samWs.close();
    adminWs.close();
  });
});
