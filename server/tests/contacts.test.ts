import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, createWebchat, drivers, loginAs, socket, type TestServer, visitor } from "./helpers";

describe.each(drivers)("merging contacts (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  it("moves identities, conversations and notes, fills blanks, removes the other, loses nothing", async () => {
    const a = await visitor(s.url, channelId, { name: "Dana Reyes" });
    const convA = (await a.post("/api/widget/messages", { content: "from the website" })).body.conversationId;
    const b = await visitor(s.url, channelId, { email: "dana@example.com" });
    const convB = (await b.post("/api/widget/messages", { content: "from another device" })).body.conversationId;
    const keep = (await admin.get(`/api/conversations/${convA}`)).body.contact.id;
    const other = (await admin.get(`/api/conversations/${convB}`)).body.contact.id;
    await admin.patch(`/api/contacts/${keep}`, { notes: "VIP", attributes: { plan: "gold" } });
    await admin.patch(`/api/contacts/${other}`, {
      notes: "Prefers email",
      attributes: { plan: "free", city: "Lisbon" },
    });
    const messagesBefore = (
      await s.ctx.database.executeSql("select count(*)::int as n from messages where sender_type <> 'system'", [])
    ).rows[0] as {
      n: number;
    };

    const merged = await admin.post(`/api/contacts/${keep}/merge`, { otherContactId: other });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      id: keep,
      name: "Dana Reyes",
      email: "dana@example.com",
      attributes: { plan: "gold", city: "Lisbon" },
    });
    expect(merged.body.notes).toContain("VIP");
    expect(merged.body.notes).toContain("Prefers email");
    expect(merged.body.identities).toHaveLength(2);
    expect(merged.body.conversations.map((c: { id: string }) => c.id).sort()).toEqual([convA, convB].sort());
    expect((await admin.get(`/api/contacts/${other}`)).status).toBe(404);
    expect((await admin.get(`/api/conversations/${convB}`)).body.contact.id).toBe(keep);
    const messagesAfter = (
      await s.ctx.database.executeSql("select count(*)::int as n from messages where sender_type <> 'system'", [])
    ).rows[0] as {
      n: number;
    };
    expect(messagesAfter.n).toBe(messagesBefore.n);
    // The second device keeps working: its identity now belongs to the kept contact.
    expect((await b.post("/api/widget/messages", { conversationId: convB, content: "still me" })).status).toBe(201);
  });

  it("refuses to merge a contact into itself or with an unknown contact, changing nothing", async () => {
    const v = await visitor(s.url, channelId, { name: "Solo" });
    const conv = (await v.post("/api/widget/messages", { content: "hi" })).body.conversationId;
    const id = (await admin.get(`/api/conversations/${conv}`)).body.contact.id;
    expect((await admin.post(`/api/contacts/${id}/merge`, { otherContactId: id })).status).toBe(400);
    expect(
      (await admin.post(`/api/contacts/${id}/merge`, { otherContactId: "00000000-0000-4000-8000-000000000000" }))
        .status,
    ).toBe(404);
    expect((await admin.post(`/api/contacts/${id}/merge`, {})).status).toBe(400);
    expect((await admin.get(`/api/contacts/${id}`)).body.conversations).toHaveLength(1);
  });
});

describe.each(drivers)("website visitors become contacts when they write (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  const contacts = async () =>
    ((await s.ctx.database.executeSql("select count(*)::int as n from contacts", [])).rows[0] as { n: number }).n;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  it("a page view creates no contact; reading and the socket work; the first message creates one", async () => {
    const before = await contacts();
    const v = await visitor(s.url, channelId);
    const again = await v.post(`/api/widget/${channelId}/session`, { visitorToken: v.bearer });
    expect(again.status).toBe(200);
    expect(await contacts()).toBe(before);
    const list = await v.get("/api/widget/conversations");
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const sock = await socket(s.url, { visitorToken: v.bearer });

    const first = await v.post("/api/widget/messages", { content: "my first words" });
    expect(first.status).toBe(201);
    expect(await contacts()).toBe(before + 1);
    const conv = await admin.get(`/api/conversations/${first.body.conversationId}`);
    expect(conv.body.contact.id).toBe(again.body.visitor.id);
    // The socket opened before the contact existed gets the agent's answer.
    await admin.post(`/api/conversations/${first.body.conversationId}/messages`, { content: "hello there" });
    await sock.next((e) => e.type === "message.created" && e.message.content === "hello there");
    expect((await v.post("/api/widget/messages", { content: "second" })).status).toBe(201);
    expect(await contacts()).toBe(before + 1);
    sock.close();
  });

  it("a pre-chat form (name or email) creates the contact at once", async () => {
    const before = await contacts();
    const v = await visitor(s.url, channelId, { name: "Pre Chat" });
    expect(await contacts()).toBe(before + 1);
    const bare = await visitor(s.url, channelId);
    const named = await bare.post(`/api/widget/${channelId}/session`, {
      visitorToken: bare.bearer,
      email: "p@example.com",
    });
    expect(named.body.visitor.email).toBe("p@example.com");
    expect(await contacts()).toBe(before + 2);
    expect((await v.post("/api/widget/messages", { content: "hi" })).status).toBe(201);
    expect(await contacts()).toBe(before + 2);
  });

  it("purges empty anonymous visitor contacts older than a day, and nothing else", async () => {
    const { purgeEmptyVisitorContacts } = await import("../src/features/inbox/visitor-contacts");
    const sqlRun = (q: string, p: unknown[] = []) => s.ctx.database.executeSql(q, p);
    const make = async (opts: { name?: string; externalId?: (id: string) => string; hoursAgo: number }) => {
      const c = (
        await sqlRun(
          `insert into contacts (name, created_at) values ($1, now() - make_interval(hours => $2)) returning id`,
          [opts.name ?? null, opts.hoursAgo],
        )
      ).rows[0] as { id: string };
      await sqlRun(`insert into contact_identities (contact_id, channel_id, external_id) values ($1, $2, $3)`, [
        c.id,
        channelId,
        (opts.externalId ?? ((id) => `visitor:${id}`))(c.id),
      ]);
      return c.id;
    };
    const empty = await make({ hoursAgo: 48 });
    const recent = await make({ hoursAgo: 2 });
    const named = await make({ hoursAgo: 48, name: "Kept by name" });
    const verified = await make({ hoursAgo: 48, externalId: (id) => `user:${id}` });
    // A contact that chatted, then was merged into: conversations keep it.
    const a = await visitor(s.url, channelId, { name: "Merge A" });
    const ca = (await a.post("/api/widget/messages", { content: "a" })).body.conversationId;
    const keep = (await admin.get(`/api/conversations/${ca}`)).body.contact.id;
    await sqlRun(`update contacts set name = null, created_at = now() - interval '48 hours' where id = $1`, [keep]);
    const other = await make({ hoursAgo: 48, name: "Merged away" });
    expect((await admin.post(`/api/contacts/${keep}/merge`, { otherContactId: other })).status).toBe(200);

    const removed = await purgeEmptyVisitorContacts(s.ctx.db);
    expect(removed).toBeGreaterThanOrEqual(1);
    const left = new Set(((await sqlRun("select id from contacts", [])).rows as { id: string }[]).map((r) => r.id));
    expect(left.has(empty)).toBe(false);
    for (const id of [recent, named, verified, keep]) expect(left.has(id), id).toBe(true);
    const orphans = await sqlRun("select count(*)::int as n from contact_identities where contact_id = $1", [empty]);
    expect((orphans.rows[0] as { n: number }).n).toBe(0);
  });
});
