import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

type Row = { id: string; priority: string; labels: { id: string; name: string; color: string }[] };

describe.each(drivers)("labels, sort, bulk, counts and who spoke last (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  /** Oldest first: each conversation's customer wrote after the previous one's. */
  const convs: string[] = [];
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
    for (let i = 0; i < 7; i++) {
      const v = await visitor(s.url, channelId, { name: `Customer ${i}` });
      const r = await v.post("/api/widget/messages", { content: `Question ${i}` });
      convs.push(r.body.conversationId);
    }
  });
  afterAll(() => s.stop());

  /** Every page of a sort, following nextCursor with a small page size. */
  async function walk(query: string, limit = 2): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const r = await admin.get(`/api/conversations?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      ids.push(...r.body.items.map((c: Row) => c.id));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    return ids;
  }

  it("labels: admins create (unique whatever the case), agents apply; chips on the conversation; a label filter; thread events", async () => {
    const bad = await admin.post("/api/labels", { name: "Billing", color: "red" });
    expect(bad.status).toBe(400);
    const billing = await admin.post("/api/labels", { name: "Billing", color: "#EF4444", description: "Money" });
    expect(billing.status).toBe(201);
    expect(billing.body).toMatchObject({ name: "Billing", color: "#ef4444", conversationCount: 0 });
    const dup = await admin.post("/api/labels", { name: "billing", color: "#22c55e" });
    expect(dup.status).toBe(409);
    const nul = await admin.post("/api/labels", { name: "a\u0000b", color: "#22c55e" });
    expect(nul.status).toBe(400);
    const vip = (await admin.post("/api/labels", { name: "VIP", color: "#a855f7" })).body;

    const { agent, temporaryPassword } = (await admin.post("/api/agents", { name: "Sam", email: "sam@example.com" }))
      .body;
    const sam = await loginAs(s.url, "sam@example.com", temporaryPassword);
    await sam.post("/api/me/password", { currentPassword: temporaryPassword, newPassword: "sams-new-password" });
    expect((await sam.post("/api/labels", { name: "Nope", color: "#22c55e" })).status).toBe(403);

    const add = await sam.post(`/api/conversations/${convs[0]}/labels`, { labelId: billing.body.id });
    expect(add.status).toBe(200);
    expect(add.body.labels).toEqual([{ id: billing.body.id, name: "Billing", color: "#ef4444" }]);
    // Adding twice changes nothing and records one event.
    await sam.post(`/api/conversations/${convs[0]}/labels`, { labelId: billing.body.id });
    await sam.post(`/api/conversations/${convs[0]}/labels`, { labelId: vip.id });
    await sam.post(`/api/conversations/${convs[1]}/labels`, { labelId: vip.id });
    const unknown = await sam.post(`/api/conversations/${convs[1]}/labels`, { labelId: agent.id });
    expect(unknown.status).toBe(400);

    const filtered = await admin.get(`/api/conversations?label=${vip.id}`);
    expect(filtered.body.items.map((c: Row) => c.id).sort()).toEqual([convs[0], convs[1]].sort());
    const row = filtered.body.items.find((c: Row) => c.id === convs[0]);
    expect(row.labels.map((l: Row["labels"][0]) => l.name)).toEqual(["Billing", "VIP"]);

    const removed = await sam.del(`/api/conversations/${convs[0]}/labels/${vip.id}`);
    expect(removed.body.labels.map((l: { name: string }) => l.name)).toEqual(["Billing"]);
    const thread = (await admin.get(`/api/conversations/${convs[0]}/messages`)).body.items;
    const events = thread.filter((m: { senderType: string }) => m.senderType === "system");
    expect(events.map((m: { content: string }) => m.content)).toEqual([
      "Sam added the label Billing",
      "Sam added the label VIP",
      "Sam removed the label VIP",
    ]);
    expect(events[0].metadata.event).toMatchObject({ type: "label_added", label: { name: "Billing" } });

    // Contacts carry labels too.
    const contactId = (await admin.get(`/api/conversations/${convs[2]}`)).body.contact.id;
    const cl = await sam.post(`/api/contacts/${contactId}/labels`, { labelId: vip.id });
    expect(cl.body.labels.map((l: { name: string }) => l.name)).toEqual(["VIP"]);
    expect((await admin.get(`/api/contacts/${contactId}`)).body.labels).toHaveLength(1);

    // Renaming shows everywhere; deleting takes it off every conversation and is audited.
    await admin.patch(`/api/labels/${vip.id}`, { name: "Very important" });
    expect((await admin.get(`/api/conversations/${convs[1]}`)).body.labels[0].name).toBe("Very important");
    expect((await admin.patch(`/api/labels/${vip.id}`, { name: "BILLING" })).status).toBe(409);
    const list = (await admin.get("/api/labels")).body.items;
    expect(list.find((l: { id: string }) => l.id === vip.id).conversationCount).toBe(1);
    expect((await admin.del(`/api/labels/${vip.id}`)).status).toBe(204);
    expect((await admin.get(`/api/conversations/${convs[1]}`)).body.labels).toEqual([]);
  });

  it("sorts page correctly with keyset cursors: newest, oldest waiting (nulls last), priority", async () => {
    // Answer conversation 2: nobody waits there any more, so "oldest waiting" puts it last.
    await admin.post(`/api/conversations/${convs[2]}/messages`, { content: "Answered" });
    await admin.patch(`/api/conversations/${convs[5]}`, { priority: "urgent" });
    await admin.patch(`/api/conversations/${convs[3]}`, { priority: "high" });
    await admin.patch(`/api/conversations/${convs[6]}`, { priority: "low" });

    const newest = await walk("status=open&sort=newest");
    expect(newest).toEqual([convs[2], convs[6], convs[5], convs[4], convs[3], convs[1], convs[0]]);
    const waiting = await walk("status=open&sort=oldest_waiting");
    expect(waiting).toEqual([convs[0], convs[1], convs[3], convs[4], convs[5], convs[6], convs[2]]);
    const priority = await walk("status=open&sort=priority", 3);
    expect(priority).toEqual([convs[5], convs[3], convs[0], convs[1], convs[4], convs[2], convs[6]]);

    // A cursor belongs to its sort.
    const first = await admin.get("/api/conversations?status=open&sort=newest&limit=2");
    const cross = await admin.get(`/api/conversations?status=open&sort=priority&cursor=${first.body.nextCursor}`);
    expect(cross.status).toBe(400);
    expect((await admin.get("/api/conversations?sort=sideways")).status).toBe(400);
  });

  it("who spoke last: the agent's reply carries its sender; a customer message clears it", async () => {
    const answered = (await admin.get(`/api/conversations/${convs[2]}`)).body;
    expect(answered.lastMessageSender).toMatchObject({ type: "agent", name: "Admin" });
    expect((await admin.get(`/api/conversations/${convs[0]}`)).body.lastMessageSender).toBeNull();
  });

  it("bulk: all or nothing, then each conversation through the single use-case", async () => {
    const labelId = (await admin.post("/api/labels", { name: "Bulk", color: "#3b82f6" })).body.id;
    const missing = "00000000-0000-4000-8000-000000000000";
    const bad = await admin.post("/api/conversations/bulk", { action: "resolve", ids: [convs[0], missing] });
    expect(bad.status).toBe(400);
    expect((await admin.get(`/api/conversations/${convs[0]}`)).body.status).toBe("open");
    const tooMany = await admin.post("/api/conversations/bulk", {
      action: "resolve",
      ids: Array.from({ length: 501 }, () => missing),
    });
    expect(tooMany.status).toBe(400);
    const past = await admin.post("/api/conversations/bulk", {
      action: "snooze",
      ids: [convs[0]],
      snoozedUntil: "2000-01-01T00:00:00Z",
    });
    expect(past.status).toBe(400);
    expect(
      (await admin.post("/api/conversations/bulk", { action: "label", ids: [convs[0]], labelId: missing })).status,
    ).toBe(400);

    const labelled = await admin.post("/api/conversations/bulk", {
      action: "label",
      ids: [convs[0], convs[1]],
      labelId,
    });
    expect(labelled.body).toMatchObject({ updated: 2 });
    expect((await admin.get(`/api/conversations?label=${labelId}`)).body.items).toHaveLength(2);

    const me = (await admin.get("/api/me")).body.user.id;
    await admin.post("/api/conversations/bulk", {
      action: "assign",
      ids: [convs[0], convs[1], convs[3]],
      assigneeId: me,
    });
    const counts = (await admin.get("/api/conversations/counts?status=open")).body;
    // convs[2] was assigned to Admin by the reply before.
    expect(counts).toEqual({ mine: 4, unassigned: 3, all: 7 });

    const resolved = await admin.post("/api/conversations/bulk", { action: "resolve", ids: [convs[0], convs[1]] });
    expect(resolved.status).toBe(200);
    expect((await admin.get("/api/conversations/counts?status=open")).body).toEqual({ mine: 2, unassigned: 3, all: 5 });
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await admin.post("/api/conversations/bulk", { action: "snooze", ids: [convs[3]], snoozedUntil: later });
    expect((await admin.get("/api/conversations/counts?status=snoozed")).body.all).toBe(1);
    await admin.post("/api/conversations/bulk", { action: "priority", ids: [convs[4]], priority: "urgent" });
    expect((await admin.get(`/api/conversations/${convs[4]}`)).body.priority).toBe("urgent");
  });
});
