import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markMessageFailed } from "../src/features/inbox/outbound-delivery";
import { bootServer, type Client, createWebchat, drivers, loginAs, socket, type TestServer, visitor } from "./helpers";

/** Issue 7: what happens to a conversation is written in its thread, never shown to the customer. */
describe.each(drivers)("activity in the thread (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let adminId: string;
  let channelId: string;
  let samId: string;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    adminId = (await admin.get("/api/me")).body.user.id;
    channelId = (await createWebchat(admin)).channel.id;
    const sam = await admin.post("/api/agents", {
      name: "Sam",
      email: "sam@example.com",
      password: "sam-password-123",
    });
    samId = sam.body.agent.id;
  });
  afterAll(() => s.stop());

  const events = async (convId: string) => {
    const page = await admin.get(`/api/conversations/${convId}/messages?limit=100`);
    return (page.body.items as any[]).filter((m) => m.senderType === "system");
  };
  const sql = async (q: string, p: unknown[] = []) => (await s.ctx.database.executeSql(q, p)).rows as any[];

  it("assignment, status, snooze and priority changes each write one line naming who did it", async () => {
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    const v = await visitor(s.url, channelId, { name: "Dana" });
    const visitorWs = await socket(s.url, { visitorToken: v.bearer });
    const convId = (await v.post("/api/widget/messages", { content: "My parcel is late" })).body.conversationId;
    const [{ waiting_since: waitingBefore }] = await sql("select waiting_since from conversations where id = $1", [
      convId,
    ]);

    // Changes an agent makes, each through the API.
    expect((await admin.patch(`/api/conversations/${convId}`, { priority: "high" })).status).toBe(200);
    expect((await admin.post(`/api/conversations/${convId}/assign`, { assigneeId: samId })).status).toBe(200);
    // Assigning to the same agent again is not news.
    await admin.post(`/api/conversations/${convId}/assign`, { assigneeId: samId });
    await admin.post(`/api/conversations/${convId}/assign`, { assigneeId: null });
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await admin.patch(`/api/conversations/${convId}`, { snoozedUntil: until });
    await admin.patch(`/api/conversations/${convId}`, { status: "pending" });
    await admin.patch(`/api/conversations/${convId}`, { status: "resolved" });
    await admin.patch(`/api/conversations/${convId}`, { status: "open" });

    const lines = await events(convId);
    expect(lines.map((m) => m.metadata.event.type)).toEqual([
      "priority",
      "assigned",
      "unassigned",
      "snoozed",
      "pending",
      "resolved",
      "reopened",
    ]);
    expect(lines.map((m) => m.content)).toEqual([
      "Priority changed by Admin from Normal to High",
      "Admin assigned this to Sam",
      "Admin unassigned Sam",
      `Snoozed by Admin until ${until.slice(0, 16).replace("T", " ")} UTC`,
      "Set to pending by Admin (waiting on the customer)",
      "Resolved by Admin",
      "Reopened by Admin",
    ]);
    for (const m of lines) {
      expect(m).toMatchObject({ private: true, kind: "event", status: "sent" });
      expect(m.metadata.event.actor).toEqual({ type: "user", id: adminId, name: "Admin" });
    }
    expect(lines[0].metadata.event).toMatchObject({ from: "normal", to: "high" });
    expect(lines[1].metadata.event.assignee).toEqual({ id: samId, name: "Sam" });
    expect(new Date(lines[3].metadata.event.until).toISOString()).toBe(until);

    // The console hears each line as it happens.
    await agentWs.next((e) => e.type === "message.created" && e.message.metadata?.event?.type === "reopened");

    // None of it is the list's preview, an unread message, or the customer's wait.
    const conv = (await admin.get(`/api/conversations/${convId}`)).body;
    expect(conv).toMatchObject({ lastMessagePreview: "My parcel is late", unreadCount: 1 });
    const [{ waiting_since: waitingAfter }] = await sql("select waiting_since from conversations where id = $1", [
      convId,
    ]);
    // Resolving ends the wait (as before); the lines themselves never set it.
    expect(waitingBefore).not.toBeNull();
    expect(waitingAfter).toBeNull();

    // The customer sees none of it: not in the widget's history, not on their socket.
    const widget = await v.get(`/api/widget/conversations/${convId}/messages`);
    expect(widget.body.items.map((m: { content: string }) => m.content)).toEqual(["My parcel is late"]);
    expect(JSON.stringify(visitorWs.events)).not.toContain("Admin assigned");
    agentWs.close();
    visitorWs.close();
  });

  it("replying to an unassigned conversation assigns it, and says so once", async () => {
    const v = await visitor(s.url, channelId, { name: "Eli" });
    const convId = (await v.post("/api/widget/messages", { content: "Hello?" })).body.conversationId;
    await admin.post(`/api/conversations/${convId}/messages`, { content: "Hi Eli" });
    await admin.post(`/api/conversations/${convId}/messages`, { content: "Anything else?" });
    const lines = await events(convId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      content: "Admin took this conversation by replying",
      metadata: { event: { type: "assigned", via: "reply", assignee: { id: adminId, name: "Admin" } } },
    });
    // The preview is the reply, not the line.
    expect((await admin.get(`/api/conversations/${convId}`)).body.lastMessagePreview).toBe("Anything else?");
  });

  it("merging contacts writes a line in the conversations that moved", async () => {
    const a = await visitor(s.url, channelId, { name: "Fay", email: "fay@example.com" });
    const b = await visitor(s.url, channelId, { name: "Fay (phone)" });
    const convA = (await a.post("/api/widget/messages", { content: "first" })).body.conversationId;
    const convB = (await b.post("/api/widget/messages", { content: "second" })).body.conversationId;
    const keep = (await admin.get(`/api/conversations/${convA}`)).body.contact.id;
    const other = (await admin.get(`/api/conversations/${convB}`)).body.contact.id;
    expect((await admin.post(`/api/contacts/${keep}/merge`, { otherContactId: other })).status).toBe(200);
    const moved = await events(convB);
    expect(moved.map((m) => m.content)).toEqual(["Admin merged Fay (phone) into Fay"]);
    expect(moved[0].metadata.event).toMatchObject({
      type: "contact_merged",
      merged: { id: other },
      kept: { id: keep },
    });
    expect((await events(convA)).map((m) => m.metadata.event.type)).toEqual(["contact_merged"]);
  });

  it("a failed delivery is written once, however often the failure is recorded", async () => {
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    const v = await visitor(s.url, channelId, { name: "Gus" });
    const convId = (await v.post("/api/widget/messages", { content: "hi" })).body.conversationId;
    const reply = await admin.post(`/api/conversations/${convId}/messages`, { content: "Our answer" });
    // A provider message waiting for its deliver job (website replies are never queued).
    await sql("update messages set status = 'queued' where id = $1", [reply.body.id]);
    await markMessageFailed(s.ctx.db, reply.body.id, "provider_rejected", "Recipient blocked", s.ctx.bus);
    // A retry that lost the race, the sweeper, another process: the message is no longer queued.
    await markMessageFailed(s.ctx.db, reply.body.id, "provider_rejected", "Recipient blocked", s.ctx.bus);
    const failed = (await events(convId)).filter((m) => m.metadata.event.type === "delivery_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      content: "Message not delivered on the website: Recipient blocked",
      metadata: { event: { messageId: reply.body.id, code: "provider_rejected", actor: { type: "system" } } },
    });
    await agentWs.next((e) => e.type === "message.created" && e.message.metadata?.event?.type === "delivery_failed");
    agentWs.close();
  });
});
