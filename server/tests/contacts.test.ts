import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

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
    const messagesBefore = (await s.ctx.database.executeSql("select count(*)::int as n from messages", [])).rows[0] as {
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
    const messagesAfter = (await s.ctx.database.executeSql("select count(*)::int as n from messages", [])).rows[0] as {
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
