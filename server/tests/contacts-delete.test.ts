import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditRows, count, signedInAgent } from "./contacts-helpers";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

// Admins delete conversations and contacts (audited in the same transaction; messages, attachments
// and stored files go too); agents get 403 and nothing changes.
describe.each(drivers)("deleting contacts and conversations (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  let channelId: string;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    agent = await signedInAgent(s, admin, "ines@example.com");
    channelId = (await createWebchat(admin)).channel.id;
  }, 180_000);
  afterAll(() => s?.stop());

  /** A visitor writes; the admin answers with a file. Returns the conversation, contact and attachment. */
  async function conversationWithFile(name: string) {
    const v = await visitor(s.url, channelId, { name });
    const convId = (await v.post("/api/widget/messages", { content: `hello from ${name}` })).body.conversationId;
    const form = new FormData();
    form.append("file", new Blob([Buffer.from("%PDF-1.4 x")], { type: "application/pdf" }), "terms.pdf");
    const up = await admin.req("POST", "/api/attachments", form);
    expect(up.status).toBe(201);
    const sent = await admin.post(`/api/conversations/${convId}/messages`, {
      content: "here",
      attachmentIds: [up.body.id],
    });
    expect(sent.status).toBe(201);
    const contactId = (await admin.get(`/api/conversations/${convId}`)).body.contact.id as string;
    const [file] = (await s.ctx.database.executeSql("select storage_key from attachments where id = $1", [up.body.id]))
      .rows as { storage_key: string }[];
    return { convId, contactId, attachmentId: up.body.id as string, key: file!.storage_key };
  }

  it("an agent cannot delete a conversation or a contact (403), nothing changes", async () => {
    const { convId, contactId } = await conversationWithFile("Kept Karl");
    const a = await agent.del(`/api/conversations/${convId}`);
    expect(a.status).toBe(403);
    const b = await agent.del(`/api/contacts/${contactId}`);
    expect(b.status).toBe(403);
    expect((await admin.get(`/api/conversations/${convId}`)).status).toBe(200);
    expect((await admin.get(`/api/contacts/${contactId}`)).status).toBe(200);
    expect(await auditRows(s, "conversation.deleted")).toHaveLength(0);
  });

  it("an admin deletes a conversation: messages, attachments and the stored file go, one audit entry", async () => {
    const { convId, contactId, attachmentId, key } = await conversationWithFile("Gone Greta");
    await expect(s.ctx.storage.get(key)).resolves.toBeInstanceOf(Buffer);
    // Its reporting rows exist (written after commit) and go with it: the charts drop it too.
    await vi.waitFor(async () =>
      expect(await count(s, "reporting_events where conversation_id = $1", [convId])).toBeGreaterThan(1),
    );
    const r = await admin.del(`/api/conversations/${convId}`);
    expect(r.status, r.text).toBe(204);
    expect((await admin.get(`/api/conversations/${convId}`)).status).toBe(404);
    expect(await count(s, "messages where conversation_id = $1", [convId])).toBe(0);
    expect(await count(s, "attachments where id = $1", [attachmentId])).toBe(0);
    await expect(s.ctx.storage.get(key)).rejects.toThrow();
    // The customer stays (only the conversation was deleted).
    expect((await admin.get(`/api/contacts/${contactId}`)).status).toBe(200);
    const [entry, ...more] = await auditRows(s, "conversation.deleted");
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ target_type: "conversation", target_id: convId, actor_type: "user" });
    expect(entry!.summary).toMatch(/2 messages, 1 file/);
    expect(entry!.actor_name).toBeTruthy();
    expect((await admin.del(`/api/conversations/${convId}`)).status).toBe(404);
    await vi.waitFor(async () =>
      expect(await count(s, "reporting_events where conversation_id = $1", [convId])).toBe(0),
    );
    expect(await count(s, "conversation_facts where conversation_id = $1", [convId])).toBe(0);
  });

  it("an admin deletes a contact with all their conversations and files; audited as contact.deleted", async () => {
    const first = await conversationWithFile("Erased Erin");
    // A second conversation of the same contact (after the first is resolved).
    await admin.patch(`/api/conversations/${first.convId}`, { status: "resolved" });
    const other = await s.ctx.database.executeSql(
      "insert into conversations (channel_id, contact_id, status) values ($1, $2, 'open') returning id",
      [channelId, first.contactId],
    );
    const secondId = (other.rows[0] as { id: string }).id;
    await vi.waitFor(async () =>
      expect(await count(s, "conversation_facts where conversation_id = $1", [first.convId])).toBe(1),
    );
    const r = await admin.del(`/api/contacts/${first.contactId}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ deletedConversations: 2 });
    expect((await admin.get(`/api/contacts/${first.contactId}`)).status).toBe(404);
    for (const id of [first.convId, secondId]) expect((await admin.get(`/api/conversations/${id}`)).status).toBe(404);
    expect(await count(s, "contact_identities where contact_id = $1", [first.contactId])).toBe(0);
    await expect(s.ctx.storage.get(first.key)).rejects.toThrow();
    const entries = await auditRows(s, "contact.deleted");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ target_id: first.contactId });
    expect(entries[0]!.summary).toBe("Deleted contact Erased Erin and 2 conversations");
    expect((await admin.del(`/api/contacts/${first.contactId}`)).status).toBe(404);
    await vi.waitFor(async () =>
      expect(await count(s, "conversation_facts where conversation_id = $1", [first.convId])).toBe(0),
    );
    expect(await count(s, "reporting_events where conversation_id = $1", [first.convId])).toBe(0);
  });
});
