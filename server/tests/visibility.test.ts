import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamChannels, teamMembers, teams } from "../src/features/agents/schema";
import { conversations } from "../src/features/inbox/schema";
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

/**
 * Issue 8 §4: per-agent conversation visibility (all | teams | assigned), enforced on the HTTP API
 * (404, never 403) and on the WebSocket audience.
 */
describe.each(drivers)("conversation visibility (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let ann: Client; // assigned only
  let tom: Client; // teams (member of Support, which serves channel A)
  let eve: Client; // all
  let ids: Record<"ann" | "tom" | "eve" | "bob", string>;
  let chA: string;
  let chB: string;
  let support: string;
  let sales: string;
  const conv: Record<string, string> = {};
  const visitors: Record<string, Client> = {};

  const say = async (key: string, content: string) => {
    const r = await visitors[key]!.post("/api/widget/messages", { content });
    expect(r.status).toBe(201);
    return r.body.conversationId as string;
  };
  const visible = async (c: Client) =>
    ((await c.get("/api/conversations?status=all&limit=100")).body.items as { id: string }[]).map((i) => i.id).sort();

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    chA = (await createWebchat(admin)).channel.id;
    chB = (await admin.post("/api/channels", { type: "webchat", name: "Other site", settings: {} })).body.channel.id;
    const make = async (name: string) =>
      (
        await admin.post("/api/agents", {
          name,
          email: `${name.toLowerCase()}@example.com`,
          password: `${name}-password-123`,
        })
      ).body.agent.id as string;
    ids = { ann: await make("Ann"), tom: await make("Tom"), eve: await make("Eve"), bob: await make("Bob") };
    ann = await loginAs(s.url, "ann@example.com", "Ann-password-123");
    tom = await loginAs(s.url, "tom@example.com", "Tom-password-123");
    eve = await loginAs(s.url, "eve@example.com", "Eve-password-123");

    // Teams are built by the teams feature's API; here the rows are written directly, then the
    // change is announced the way that API does (routing.changed, cause team).
    const db = s.ctx.db;
    const [a, b] = await db
      .insert(teams)
      .values([{ name: "Support" }, { name: "Sales" }])
      .returning({ id: teams.id });
    support = a!.id;
    sales = b!.id;
    await db.insert(teamMembers).values([{ teamId: support, userId: ids.tom }]);
    await db.insert(teamChannels).values([{ teamId: support, channelId: chA }]);
    s.ctx.bus.emit("routing.changed", { cause: "team", teamId: support });

    // c1: B, assigned to Ann. c2: B, assigned to Bob. c3: A, nobody, no team (Tom: channel served).
    // c4: B, team Support, nobody (Tom: his team). c5: B, nobody, no team (only all). c6: A, team Sales.
    for (const [key, channel] of [
      ["c1", chB],
      ["c2", chB],
      ["c3", chA],
      ["c4", chB],
      ["c5", chB],
      ["c6", chA],
    ] as const) {
      visitors[key] = await visitor(s.url, channel, { name: `Customer ${key}` });
      conv[key] = await say(key, `Hello from ${key}`);
    }
    expect((await admin.post(`/api/conversations/${conv.c1}/assign`, { assigneeId: ids.ann })).status).toBe(200);
    expect((await admin.post(`/api/conversations/${conv.c2}/assign`, { assigneeId: ids.bob })).status).toBe(200);
    await db.update(conversations).set({ teamId: support }).where(eq(conversations.id, conv.c4!));
    await db.update(conversations).set({ teamId: sales }).where(eq(conversations.id, conv.c6!));

    for (const [who, visibility] of [
      ["ann", "assigned"],
      ["tom", "teams"],
    ] as const) {
      const r = await admin.patch(`/api/agents/${ids[who]}`, { visibility });
      expect(r.status).toBe(200);
      expect(r.body.agent.visibility).toBe(visibility);
    }
  });
  afterAll(() => s.stop());

  it("the setting is an admin's, audited, and shown on the agent", async () => {
    expect((await ann.patch(`/api/agents/${ids.ann}`, { visibility: "all" })).status).toBe(403);
    expect((await admin.patch(`/api/agents/${ids.ann}`, { visibility: "some" })).status).toBe(400);
    const log = (await admin.get("/api/audit-log?action=user.visibility_changed")).body.items as {
      summary: string;
      details: unknown;
    }[];
    expect(log.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        { from: "all", to: "assigned" },
        { from: "all", to: "teams" },
      ]),
    );
    expect(log.some((e) => e.summary === "Changed which conversations Ann sees from all to assigned")).toBe(true);
    const agents = (await admin.get("/api/agents")).body.items as { id: string; visibility: string }[];
    expect(agents.find((a) => a.id === ids.tom)?.visibility).toBe("teams");
    expect((await eve.get("/api/me")).body.user.visibility).toBe("all");
  });

  it("lists and counts: each visibility sees its own set, admins and 'all' agents everything", async () => {
    const all = Object.values(conv).sort();
    expect(await visible(admin)).toEqual(all);
    expect(await visible(eve)).toEqual(all);
    expect(await visible(ann)).toEqual([conv.c1].sort());
    expect(await visible(tom)).toEqual([conv.c3, conv.c4].sort());
    // The search goes through the same statement.
    expect((await ann.get("/api/conversations?status=all&q=c2")).body.items).toEqual([]);
    expect((await tom.get("/api/conversations?status=all&q=c3")).body.items.map((c: { id: string }) => c.id)).toEqual([
      conv.c3,
    ]);
    expect((await ann.get(`/api/conversations?status=all&assignee=${ids.bob}`)).body.items).toEqual([]);

    expect((await ann.get("/api/conversations/counts?status=all")).body).toEqual({ mine: 1, unassigned: 0, all: 1 });
    expect((await tom.get("/api/conversations/counts?status=all")).body).toEqual({ mine: 0, unassigned: 2, all: 2 });
    expect((await eve.get("/api/conversations/counts?status=all")).body).toEqual({ mine: 0, unassigned: 4, all: 6 });
  });

  it("every conversation route answers 404 (not 403) for a conversation the agent may not see", async () => {
    const label = (await admin.post("/api/labels", { name: "VIP", color: "#ff0000" })).body.id as string;
    const hidden = { ann: conv.c2!, tom: conv.c6! };
    for (const [who, c] of [
      ["ann", ann],
      ["tom", tom],
    ] as const) {
      const id = hidden[who];
      const calls = [
        c.get(`/api/conversations/${id}`),
        c.get(`/api/conversations/${id}/messages`),
        c.post(`/api/conversations/${id}/messages`, { content: "peek" }),
        c.post(`/api/conversations/${id}/messages`, { content: "note", private: true }),
        c.patch(`/api/conversations/${id}`, { status: "resolved" }),
        c.post(`/api/conversations/${id}/assign`, { assigneeId: ids[who] }),
        c.post(`/api/conversations/${id}/read`),
        c.post(`/api/conversations/${id}/labels`, { labelId: label }),
        c.del(`/api/conversations/${id}/labels/${label}`),
      ];
      for (const r of await Promise.all(calls)) {
        expect(r.status).toBe(404);
        expect(r.body.error.code).toBe("not_found");
      }
      // Bulk is all or nothing: an invisible id is an unknown id, and nothing changes.
      const bulk = await c.post("/api/conversations/bulk", { action: "resolve", ids: [conv.c1, conv.c3, id] });
      expect(bulk.status).toBe(400);
      expect(bulk.text).not.toContain(who === "ann" ? conv.c1 : conv.c3);
    }
    const after = (await admin.get(`/api/conversations/${conv.c2}`)).body;
    expect(after).toMatchObject({ status: "open", assignee: { id: ids.bob }, labels: [] });
    const contents = (await admin.get(`/api/conversations/${conv.c2}/messages`)).body.items.map((m: any) => m.content);
    expect(contents).toContain("Hello from c2");
    expect(contents).not.toContain("peek");
    expect(contents).not.toContain("note");
    // A message id of a hidden conversation is hidden too.
    const msg = (await admin.get(`/api/conversations/${conv.c2}/messages`)).body.items[0].id;
    expect((await ann.post(`/api/messages/${msg}/retry`)).status).toBe(404);
  });

  it("the conversations an agent sees work as before: get, messages, notes, reply, labels, bulk, assign", async () => {
    const label = ((await admin.get("/api/labels")).body.items as { id: string }[])[0]!.id;
    expect((await ann.get(`/api/conversations/${conv.c1}`)).status).toBe(200);
    const note = await ann.post(`/api/conversations/${conv.c1}/messages`, { content: "my note", private: true });
    expect(note.status).toBe(201);
    const reply = await ann.post(`/api/conversations/${conv.c1}/messages`, { content: "Hi, Ann here" });
    expect(reply.status).toBe(201);
    const msgs = (await ann.get(`/api/conversations/${conv.c1}/messages`)).body.items.map((m: any) => m.content);
    expect(msgs).toEqual(expect.arrayContaining(["Hello from c1", "my note", "Hi, Ann here"]));
    expect((await ann.post(`/api/conversations/${conv.c1}/labels`, { labelId: label })).status).toBe(200);
    expect((await ann.del(`/api/conversations/${conv.c1}/labels/${label}`)).status).toBe(200);
    expect((await ann.post(`/api/conversations/${conv.c1}/read`)).status).toBe(200);
    const bulk = await ann.post("/api/conversations/bulk", { action: "priority", priority: "high", ids: [conv.c1] });
    expect(bulk.status).toBe(200);
    // Tom: a private note on his team's conversation, and taking the channel's unassigned one.
    expect((await tom.get(`/api/conversations/${conv.c4}/messages`)).status).toBe(200);
    const taken = await tom.post(`/api/conversations/${conv.c3}/assign`, { assigneeId: ids.tom });
    expect(taken.status).toBe(200);
    expect((await tom.get("/api/conversations/counts?status=all")).body).toEqual({ mine: 1, unassigned: 1, all: 2 });
    // Handing a conversation to someone else: it is gone from an assigned-only agent's inbox.
    expect((await ann.post(`/api/conversations/${conv.c1}/assign`, { assigneeId: ids.bob })).status).toBe(200);
    expect((await ann.get(`/api/conversations/${conv.c1}`)).status).toBe(404);
    expect((await admin.post(`/api/conversations/${conv.c1}/assign`, { assigneeId: ids.ann })).status).toBe(200);
    expect((await ann.get(`/api/conversations/${conv.c1}`)).status).toBe(200);
  });

  it("contacts: the past conversations list shows only visible ones; attachments of hidden ones are 404", async () => {
    const c2 = (await admin.get(`/api/conversations/${conv.c2}`)).body;
    const contact = await ann.get(`/api/contacts/${c2.contact.id}`);
    expect(contact.status).toBe(200);
    expect(contact.body.conversations).toEqual([]);
    expect((await admin.get(`/api/contacts/${c2.contact.id}`)).body.conversations).toHaveLength(1);

    const form = new FormData();
    form.append("file", new Blob([Buffer.from("%PDF-1.4 test")], { type: "application/pdf" }), "invoice.pdf");
    const up = await admin.req("POST", "/api/attachments", form);
    expect(up.status).toBe(201);
    const sent = await admin.post(`/api/conversations/${conv.c2}/messages`, {
      content: "the invoice",
      attachmentIds: [up.body.id],
    });
    expect(sent.status).toBe(201);
    expect((await ann.get(`/api/attachments/${up.body.id}`)).status).toBe(404);
    expect((await eve.get(`/api/attachments/${up.body.id}`)).status).toBe(200);
  });

  it("mentions: someone who may not see the conversation is not notified", async () => {
    await admin.post(`/api/conversations/${conv.c5}/messages`, {
      content: "@Ann hidden",
      private: true,
      mentions: [ids.ann, ids.eve],
    });
    await admin.post(`/api/conversations/${conv.c1}/messages`, {
      content: "@Ann yours",
      private: true,
      mentions: [ids.ann],
    });
    const mine = async (c: Client) =>
      ((await c.get("/api/notifications?type=mention")).body.items as { excerpt: string }[]).map((n) => n.excerpt);
    // Notifications are created in order after commit: once Eve's arrived and Ann's second did, Ann's first was skipped.
    await waitFor(async () => (await mine(ann)).includes("@Ann yours"));
    expect(await mine(ann)).toEqual(["@Ann yours"]);
    expect(await mine(eve)).toEqual(["@Ann hidden"]);
  });

  it("WebSocket: agents receive only events of conversations they see; reassignment removes it from the old assignee", async () => {
    const annWs = await socket(s.url, { cookie: ann.cookie });
    const tomWs = await socket(s.url, { cookie: tom.cookie });
    const adminWs = await socket(s.url, { cookie: admin.cookie });
    const of = (id: string) => (e: any) =>
      (e.type === "message.created" && e.message.conversationId === id) ||
      (e.type === "conversation.updated" && e.conversation.id === id) ||
      (e.type === "typing" && e.conversationId === id);

    // Events leave each process in order: receiving a later event proves an earlier one was withheld.
    await say("c2", "Ann must not see this");
    await say("c6", "Tom must not see this");
    await say("c1", "For Ann");
    await say("c3", "For Tom");
    await annWs.next((e) => e.type === "message.created" && e.message.content === "For Ann");
    await tomWs.next((e) => e.type === "message.created" && e.message.content === "For Tom");
    await adminWs.next((e) => e.type === "message.created" && e.message.content === "For Tom");
    expect(annWs.events.filter(of(conv.c2!))).toEqual([]);
    expect(annWs.events.filter(of(conv.c3!))).toEqual([]);
    expect(tomWs.events.filter(of(conv.c6!))).toEqual([]);
    expect(tomWs.events.filter(of(conv.c1!))).toEqual([]);
    for (const k of ["c1", "c2", "c3", "c6"]) expect(adminWs.events.some(of(conv[k]!))).toBe(true);

    // Typing follows the same audience, both ways.
    const v2 = await socket(s.url, { visitorToken: visitors.c2!.bearer });
    const v1 = await socket(s.url, { visitorToken: visitors.c1!.bearer });
    v2.send({ type: "typing", conversationId: conv.c2, typing: true });
    v1.send({ type: "typing", conversationId: conv.c1, typing: true });
    await annWs.next((e) => e.type === "typing" && e.conversationId === conv.c1);
    expect(annWs.events.some((e) => e.type === "typing" && e.conversationId === conv.c2)).toBe(false);
    // An agent's typing into a conversation they may not see goes nowhere.
    annWs.send({ type: "typing", conversationId: conv.c2, typing: true });
    annWs.send({ type: "typing", conversationId: conv.c1, typing: true });
    await v1.next((e) => e.type === "typing" && e.typing === true);
    await adminWs.next((e) => e.type === "typing" && e.actor.id === ids.ann && e.conversationId === conv.c1);
    expect(
      adminWs.events.some((e) => e.type === "typing" && e.actor.id === ids.ann && e.conversationId === conv.c2),
    ).toBe(false);
    expect(v2.events.some((e) => e.type === "typing" && e.typing === true)).toBe(false);

    // Reassigned away: the old assignee is told to drop it, then hears nothing more of it.
    await admin.post(`/api/conversations/${conv.c1}/assign`, { assigneeId: ids.bob });
    await annWs.next((e) => e.type === "conversation.removed" && e.conversationId === conv.c1);
    expect(tomWs.events.some((e) => e.type === "conversation.removed")).toBe(false);
    await adminWs.next((e) => e.type === "conversation.updated" && e.conversation.assignee?.id === ids.bob);
    expect(adminWs.events.some((e) => e.type === "conversation.removed")).toBe(false);
    const seen = annWs.events.length;
    await say("c1", "Ann no longer sees this");
    await admin.post(`/api/conversations/${conv.c5}/assign`, { assigneeId: ids.ann });
    const gained = await annWs.next((e) => e.type === "conversation.updated" && e.conversation.id === conv.c5);
    expect(gained.conversation.assignee.id).toBe(ids.ann);
    expect(annWs.events.slice(seen).filter(of(conv.c1!))).toEqual([]);

    // A team move takes it from the old team's agents.
    await s.ctx.db.update(conversations).set({ teamId: sales }).where(eq(conversations.id, conv.c4!));
    const { announceHandler, getConversation } = await import("../src/features/inbox");
    const before = { ...(await getConversation(s.ctx.db, conv.c4!))!, team: { id: support, name: "Support" } };
    await announceHandler(s.ctx, conv.c4!, before);
    await tomWs.next((e) => e.type === "conversation.removed" && e.conversationId === conv.c4);

    for (const w of [annWs, tomWs, adminWs, v1, v2]) w.close();
  });

  it("WebSocket: a visibility or team change reaches the open console at once", async () => {
    const annWs = await socket(s.url, { cookie: ann.cookie });
    const tomWs = await socket(s.url, { cookie: tom.cookie });
    expect((await admin.patch(`/api/agents/${ids.ann}`, { visibility: "all" })).status).toBe(200);
    await annWs.next((e) => e.type === "visibility.changed");
    await say("c6", "Now Ann sees everything");
    await annWs.next((e) => e.type === "message.created" && e.message.content === "Now Ann sees everything");
    expect(await visible(ann)).toHaveLength(6);

    // Tom joins Sales (which owns c6): his scope is reloaded, his console told to refetch.
    await s.ctx.db.insert(teamMembers).values({ teamId: sales, userId: ids.tom });
    s.ctx.bus.emit("routing.changed", { cause: "team", teamId: sales });
    await tomWs.next((e) => e.type === "visibility.changed");
    await say("c6", "Tom's new team");
    await tomWs.next((e) => e.type === "message.created" && e.message.content === "Tom's new team");
    expect(await visible(tom)).toContain(conv.c6);

    // Promoted to admin: sees all whatever the setting says.
    await admin.patch(`/api/agents/${ids.tom}`, { role: "admin" });
    await tomWs.next((e) => e.type === "visibility.changed");
    expect(await visible(tom)).toHaveLength(6);
    annWs.close();
    tomWs.close();
  });
});

/** Scopes are cached per process: a change committed in one process must reach the others' caches. */
describe.skipIf(!process.env.TEST_DATABASE_URL)("visibility across processes (postgres)", () => {
  const p = useTwoServers("5e".repeat(32));

  it("a visibility change made on one process re-scopes the agent's sockets on the other", async () => {
    const admin = await loginAs(p.a.url);
    const { channel } = await createWebchat(admin);
    const agentId = (
      await admin.post("/api/agents", { name: "Kim", email: "kim@example.com", password: "Kim-password-123" })
    ).body.agent.id as string;
    await admin.patch(`/api/agents/${agentId}`, { visibility: "assigned" });
    const kim = await loginAs(p.b.url, "kim@example.com", "Kim-password-123");
    const ws = await socket(p.b.url, { cookie: kim.cookie });
    const adminWs = await socket(p.b.url, { cookie: admin.cookie });
    const v = await visitor(p.a.url, channel.id, { name: "Lou" });
    const send = (content: string) => v.post("/api/widget/messages", { content });
    // Process b caches Kim's scope ('assigned') on the first event it decides for her.
    await send("hidden from Kim");
    await adminWs.next((e) => e.type === "message.created" && e.message.content === "hidden from Kim");
    expect(ws.events.some((e) => e.type === "message.created")).toBe(false);

    await admin.patch(`/api/agents/${agentId}`, { visibility: "all" });
    await ws.next((e) => e.type === "visibility.changed");
    await send("now Kim sees it");
    await ws.next((e) => e.type === "message.created" && e.message.content === "now Kim sees it");
    ws.close();
    adminWs.close();
  });
});
