import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bootServer,
  type Client,
  createWebchat,
  drivers,
  loginAs,
  socket,
  type TestServer,
  visitor,
  waitFor,
} from "./helpers";

describe.each(drivers)("inbox over the website channel (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  it("a visitor message reaches the inbox and the agent's socket; the reply reaches the visitor's socket", async () => {
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    const v = await visitor(s.url, channelId, { name: "Dana" });
    const visitorWs = await socket(s.url, { visitorToken: v.bearer });

    const sent = await v.post("/api/widget/messages", { content: "Where is my order?" });
    expect(sent.status).toBe(201);
    const convId = sent.body.conversationId;
    const created = await agentWs.next((e) => e.type === "message.created" && e.message.conversationId === convId);
    expect(created.message).toMatchObject({
      content: "Where is my order?",
      senderType: "customer",
      direction: "inbound",
    });

    const list = await admin.get("/api/conversations?status=open");
    const row = list.body.items.find((c: { id: string }) => c.id === convId);
    expect(row).toMatchObject({
      channelType: "webchat",
      unreadCount: 1,
      lastMessagePreview: "Where is my order?",
      contact: { name: "Dana" },
    });

    const reply = await admin.post(`/api/conversations/${convId}/messages`, { content: "On its way!" });
    expect(reply.status).toBe(201);
    const got = await visitorWs.next((e) => e.type === "message.created" && e.message.content === "On its way!");
    expect(got.message).toMatchObject({ from: "agent", sender: { name: "Admin" } });
    expect(got.message.sender.id).toBeUndefined();

    // Replying to an unassigned conversation assigns it to the agent who answered.
    expect((await admin.get(`/api/conversations/${convId}`)).body.assignee.name).toBe("Admin");

    const note = await admin.post(`/api/conversations/${convId}/messages`, {
      content: "secret internal note",
      private: true,
    });
    expect(note.status).toBe(201);
    await agentWs.next((e) => e.type === "message.created" && e.message.private === true);
    const visible = await v.get(`/api/widget/conversations/${convId}/messages`);
    expect(visible.body.items.map((m: { content: string }) => m.content)).toEqual([
      "Where is my order?",
      "On its way!",
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(JSON.stringify(visitorWs.events)).not.toContain("secret internal note");

    // Reads both ways: ticks for the agent, "Seen" for the visitor.
    expect((await v.post(`/api/widget/conversations/${convId}/read`)).status).toBe(204);
    await agentWs.next(
      (e) => e.type === "message.updated" && e.message.content === "On its way!" && e.message.status === "read",
    );
    const read = await admin.post(`/api/conversations/${convId}/read`);
    expect(read.body.unreadCount).toBe(0);
    await visitorWs.next(
      (e) => e.type === "message.updated" && e.message.from === "visitor" && e.message.status === "read",
    );
    agentWs.close();
    visitorWs.close();
  });

  it("relays typing both ways, never back to the typer", async () => {
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    const v = await visitor(s.url, channelId);
    const convId = (await v.post("/api/widget/messages", { content: "hi" })).body.conversationId;
    const visitorWs = await socket(s.url, { visitorToken: v.bearer });
    visitorWs.send({ type: "typing", conversationId: convId, typing: true });
    const t = await agentWs.next((e) => e.type === "typing" && e.conversationId === convId);
    expect(t.actor.type).toBe("customer");
    agentWs.send({ type: "typing", conversationId: convId, typing: true });
    const back = await visitorWs.next((e) => e.type === "typing");
    expect(back).toMatchObject({ conversationId: convId, name: "Admin", typing: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(agentWs.events.filter((e) => e.type === "typing" && e.actor?.type === "agent")).toHaveLength(0);
    agentWs.close();
    visitorWs.close();
  });

  it("keeps one visitor out of another's conversation over HTTP and WebSocket", async () => {
    const a = await visitor(s.url, channelId, { name: "Alice" });
    const convA = (await a.post("/api/widget/messages", { content: "alice private stuff" })).body.conversationId;
    const b = await visitor(s.url, channelId, { name: "Bob" });
    const bWs = await socket(s.url, { visitorToken: b.bearer });
    expect((await b.get(`/api/widget/conversations/${convA}/messages`)).status).toBe(404);
    expect((await b.post("/api/widget/messages", { conversationId: convA, content: "intrude" })).status).toBe(404);
    expect((await b.post(`/api/widget/conversations/${convA}/read`)).status).toBe(404);
    expect((await b.get("/api/widget/conversations")).body.items).toEqual([]);
    bWs.send({ type: "typing", conversationId: convA, typing: true });
    await admin.post(`/api/conversations/${convA}/messages`, { content: "reply to alice" });
    await a.post("/api/widget/messages", { conversationId: convA, content: "alice again" });
    await new Promise((r) => setTimeout(r, 200));
    const seen = JSON.stringify(bWs.events);
    expect(seen).not.toContain("alice");
    expect(seen).not.toContain(convA);
    // Visitor tokens are not agent sessions, and forged tokens are refused.
    const asAgent = await fetch(`${s.url}/api/conversations`, { headers: { authorization: `Bearer ${a.bearer}` } });
    expect(asAgent.status).toBe(401);
    await expect(socket(s.url, { visitorToken: `${a.bearer}x` })).rejects.toThrow(/401/);
    await expect(socket(s.url)).rejects.toThrow(/401/);
    bWs.close();
  });

  it("filters, searches and pages the conversation list with a keyset cursor", async () => {
    for (let i = 0; i < 7; i++) {
      const v = await visitor(s.url, channelId, { name: `Pager ${i}` });
      await v.post("/api/widget/messages", { content: i === 3 ? "my parcel is lost" : `question ${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const r = await admin.get(`/api/conversations?status=all&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((c: { id: string }) => c.id));
      cursor = r.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    const found = await admin.get("/api/conversations?status=all&q=parcel");
    expect(found.body.items.map((c: { contact: { name: string } }) => c.contact.name)).toEqual(["Pager 3"]);
    const byName = await admin.get("/api/conversations?status=all&q=pager%205");
    expect(byName.body.items).toHaveLength(1);
    const unassigned = await admin.get("/api/conversations?assignee=unassigned");
    expect(unassigned.body.items.every((c: { assignee: unknown }) => c.assignee === null)).toBe(true);
    const mine = await admin.get("/api/conversations?assignee=me&status=all");
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((c: { assignee: { name: string } }) => c.assignee?.name === "Admin")).toBe(true);
    expect((await admin.get("/api/conversations?cursor=garbage")).status).toBe(400);
  });

  it("assigns, prioritises, snoozes, resolves and reopens on a new customer message", async () => {
    const v = await visitor(s.url, channelId);
    const convId = (await v.post("/api/widget/messages", { content: "help" })).body.conversationId;
    const me = (await admin.get("/api/me")).body.user;
    expect((await admin.post(`/api/conversations/${convId}/assign`, { assigneeId: me.id })).body.assignee.id).toBe(
      me.id,
    );
    expect((await admin.patch(`/api/conversations/${convId}`, { priority: "urgent" })).body.priority).toBe("urgent");
    const until = new Date(Date.now() + 3600_000).toISOString();
    expect((await admin.patch(`/api/conversations/${convId}`, { snoozedUntil: until })).body.snoozedUntil).toBe(until);
    const open = await admin.get("/api/conversations?status=open");
    expect(open.body.items.some((c: { id: string }) => c.id === convId)).toBe(false);
    const snoozed = await admin.get("/api/conversations?status=snoozed");
    expect(snoozed.body.items.some((c: { id: string }) => c.id === convId)).toBe(true);
    expect((await admin.patch(`/api/conversations/${convId}`, { status: "resolved" })).body).toMatchObject({
      status: "resolved",
      snoozedUntil: null,
    });
    await v.post("/api/widget/messages", { conversationId: convId, content: "one more thing" });
    expect((await admin.get(`/api/conversations/${convId}`)).body.status).toBe("open");
    expect((await admin.post(`/api/conversations/${convId}/assign`, { assigneeId: null })).body.assignee).toBeNull();
  });

  it("wakes a snoozed conversation through the job queue", async () => {
    const v = await visitor(s.url, channelId);
    const convId = (await v.post("/api/widget/messages", { content: "later please" })).body.conversationId;
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    await admin.patch(`/api/conversations/${convId}`, { snoozedUntil: new Date(Date.now() + 1000).toISOString() });
    const woke = await agentWs.next(
      (e) => e.type === "conversation.updated" && e.conversation.id === convId && e.conversation.snoozedUntil === null,
      15_000,
    );
    expect(woke.conversation.status).toBe("open");
    agentWs.close();
  });

  it("pages messages newest-last with a before cursor", async () => {
    const v = await visitor(s.url, channelId);
    let convId = "";
    for (let i = 0; i < 5; i++)
      convId = (
        await v.post("/api/widget/messages", { content: `m${i}`, ...(convId ? { conversationId: convId } : {}) })
      ).body.conversationId;
    const last = await admin.get(`/api/conversations/${convId}/messages?limit=2`);
    expect(last.body.items.map((m: { content: string }) => m.content)).toEqual(["m3", "m4"]);
    const older = await admin.get(`/api/conversations/${convId}/messages?limit=10&before=${last.body.prevCursor}`);
    expect(older.body.items.map((m: { content: string }) => m.content)).toEqual(["m0", "m1", "m2"]);
    expect(older.body.prevCursor).toBeNull();
  });

  it("lists, reads and edits contacts", async () => {
    const v = await visitor(s.url, channelId, { name: "Carla", email: "carla@example.com" });
    await v.post("/api/widget/messages", { content: "hello" });
    const list = await admin.get("/api/contacts?q=carla");
    expect(list.body.items).toHaveLength(1);
    const id = list.body.items[0].id;
    const detail = await admin.get(`/api/contacts/${id}`);
    expect(detail.body.identities[0]).toMatchObject({ channelId, channelType: "webchat" });
    expect(detail.body.conversations).toHaveLength(1);
    const edited = await admin.patch(`/api/contacts/${id}`, { phone: "+44 20 7946 0958", notes: "VIP" });
    expect(edited.body).toMatchObject({ phone: "+442079460958", notes: "VIP" });
  });

  it("pushes presence changes to agents", async () => {
    const agentWs = await socket(s.url, { cookie: admin.cookie });
    await admin.patch("/api/me", { availability: "online" });
    const e = await agentWs.next((x) => x.type === "presence.updated");
    expect(e.availability).toBe("online");
    const agents = await admin.get("/api/agents");
    expect(agents.body.items.find((a: { email: string }) => a.email === "admin@example.com").availability).toBe(
      "online",
    );
    agentWs.close();
  });

  it("survives a restart with conversations intact", async () => {
    const v = await visitor(s.url, channelId, { name: "Persistent Pat" });
    const convId = (await v.post("/api/widget/messages", { content: "still here?" })).body.conversationId;
    s = await s.restart();
    admin.base = admin.origin = s.url;
    v.base = s.url;
    expect((await admin.get(`/api/conversations/${convId}/messages`)).body.items[0].content).toBe("still here?");
    expect((await v.get(`/api/widget/conversations/${convId}/messages`)).status).toBe(200);
    await waitFor(async () => (await admin.get("/api/me")).status === 200);
  });
});
