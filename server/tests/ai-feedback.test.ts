import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedAiMessage } from "./ai-ux-helpers";
import { bootServer, type Client, createWebchat, drivers, loginAs, socket, type TestServer, visitor } from "./helpers";

describe.each(drivers)("AI answers: citations and 'mark wrong' (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let sam: Client;
  let samId: string;
  let channelId: string;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
    samId = (await admin.post("/api/agents", { name: "Sam", email: "sam@example.com", password: "Sam-password-123" }))
      .body.agent.id;
    sam = await loginAs(s.url, "sam@example.com", "Sam-password-123");
  });
  afterAll(() => s.stop());

  const conversation = async () => {
    const v = await visitor(s.url, channelId, { name: "Dana" });
    return (await v.post("/api/widget/messages", { content: "How long do refunds take?" })).body
      .conversationId as string;
  };

  it("the thread's messages carry the AI's citations; the AI view lists feedback per message", async () => {
    const convId = await conversation();
    const answer = await seedAiMessage(s, convId, { announce: false });
    const page = await admin.get(`/api/conversations/${convId}/messages`);
    const got = page.body.items.find((m: any) => m.id === answer.id);
    expect(got.senderType).toBe("ai");
    expect(got.metadata.ai.sources[0]).toMatchObject({ title: "Refunds", heading: "How long refunds take" });

    const empty = await admin.get(`/api/conversations/${convId}/ai`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ state: null, decisions: [], feedback: [] });
  });

  it("an agent marks an answer wrong with a note; again is idempotent; others see it; withdrawing removes it", async () => {
    const convId = await conversation();
    const answer = await seedAiMessage(s, convId, { announce: false });
    const first = await sam.post(`/api/ai/messages/${answer.id}/feedback`, { note: "Refunds take 10 days now" });
    expect(first.status).toBe(200);
    expect(first.body.mine).toMatchObject({ note: "Refunds take 10 days now", user: { id: samId, name: "Sam" } });
    expect(first.body.wrong).toHaveLength(1);

    // Marking again (same or new note) keeps one verdict per agent.
    const again = await sam.post(`/api/ai/messages/${answer.id}/feedback`, { note: "Refunds take 10 working days" });
    expect(again.body.wrong).toHaveLength(1);
    expect(again.body.mine.note).toBe("Refunds take 10 working days");
    await sam.post(`/api/ai/messages/${answer.id}/feedback`, { note: "Refunds take 10 working days" });

    // Another agent's verdict is separate; each sees their own as `mine`.
    await admin.post(`/api/ai/messages/${answer.id}/feedback`, {});
    const view = await admin.get(`/api/conversations/${convId}/ai`);
    const fb = view.body.feedback.find((f: any) => f.messageId === answer.id);
    expect(fb.wrong.map((w: any) => w.user.name).sort()).toEqual(["Admin", "Sam"]);
    expect(fb.mine).toMatchObject({ note: "" });
    const samView = await sam.get(`/api/conversations/${convId}/ai`);
    expect(samView.body.feedback[0].mine.note).toBe("Refunds take 10 working days");

    // Audited: two entries for Sam (the identical repeat wrote none), one for the admin.
    const audit = await admin.get("/api/audit-log?limit=100");
    const marks = audit.body.items.filter(
      (e: any) => e.action === "ai.answer_marked_wrong" && e.target?.id === answer.id,
    );
    expect(marks).toHaveLength(3);

    expect((await sam.del(`/api/ai/messages/${answer.id}/feedback`)).status).toBe(204);
    expect((await sam.del(`/api/ai/messages/${answer.id}/feedback`)).status).toBe(204);
    const after = await sam.get(`/api/conversations/${convId}/ai`);
    expect(after.body.feedback[0].mine).toBeNull();
    expect(after.body.feedback[0].wrong.map((w: any) => w.user.name)).toEqual(["Admin"]);
    const audit2 = await admin.get("/api/audit-log?limit=100");
    expect(
      audit2.body.items.filter((e: any) => e.action === "ai.answer_feedback_withdrawn" && e.target?.id === answer.id),
    ).toHaveLength(1);

    // Marking after withdrawing revives the same verdict.
    await sam.post(`/api/ai/messages/${answer.id}/feedback`, { note: "still wrong" });
    const revived = await sam.get(`/api/conversations/${convId}/ai`);
    expect(revived.body.feedback[0].wrong).toHaveLength(2);
  });

  it("'mark wrong' reaches the other agents viewing the conversation live, and its withdrawal too", async () => {
    // Ann sees only what is assigned to her: the feedback event must not reach her.
    const annId = (
      await admin.post("/api/agents", { name: "Ann", email: "ann@example.com", password: "Ann-password-123" })
    ).body.agent.id as string;
    expect((await admin.patch(`/api/agents/${annId}`, { visibility: "assigned" })).status).toBe(200);
    const ann = await loginAs(s.url, "ann@example.com", "Ann-password-123");
    const convId = await conversation();
    const answer = await seedAiMessage(s, convId, { announce: false });
    const samWs = await socket(s.url, { cookie: sam.cookie });
    const annWs = await socket(s.url, { cookie: ann.cookie });
    try {
      expect((await admin.post(`/api/ai/messages/${answer.id}/feedback`, { note: "Out of date" })).status).toBe(200);
      const marked = await samWs.next((e) => e.type === "ai.feedback.updated" && e.messageId === answer.id);
      expect(marked).toMatchObject({
        conversationId: convId,
        wrong: [{ user: { name: "Admin" }, note: "Out of date" }],
      });

      expect((await admin.del(`/api/ai/messages/${answer.id}/feedback`)).status).toBe(204);
      await samWs.next((e) => e.type === "ai.feedback.updated" && e.messageId === answer.id && e.wrong.length === 0);

      // Deliveries to agents leave in order: once Ann has a later event of her own, the feedback would have come first.
      const own = await conversation();
      expect((await admin.post(`/api/conversations/${own}/assign`, { assigneeId: annId })).status).toBe(200);
      await admin.post(`/api/conversations/${own}/messages`, { content: "Over to you, Ann" });
      await annWs.next((e) => e.type === "message.created" && e.message.conversationId === own);
      expect(annWs.events.filter((e) => e.type === "ai.feedback.updated")).toEqual([]);
    } finally {
      samWs.close();
      annWs.close();
    }
  });

  it("only AI messages take feedback (422); unknown messages are 404; notes are bounded", async () => {
    const convId = await conversation();
    const page = await admin.get(`/api/conversations/${convId}/messages`);
    const customerMsg = page.body.items[0];
    const r = await sam.post(`/api/ai/messages/${customerMsg.id}/feedback`, {});
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("not_an_ai_message");
    const reply = await admin.post(`/api/conversations/${convId}/messages`, { content: "Hi, a human here" });
    expect((await sam.post(`/api/ai/messages/${reply.body.id}/feedback`, {})).status).toBe(422);
    expect((await sam.del(`/api/ai/messages/${reply.body.id}/feedback`)).status).toBe(422);
    expect((await sam.post(`/api/ai/messages/00000000-0000-4000-8000-000000000000/feedback`, {})).status).toBe(404);
    const answer = await seedAiMessage(s, convId, { announce: false });
    expect((await sam.post(`/api/ai/messages/${answer.id}/feedback`, { note: "x".repeat(1001) })).status).toBe(400);
    expect((await new (sam.constructor as any)(s.url).post(`/api/ai/messages/${answer.id}/feedback`, {})).status).toBe(
      401,
    );
  });
});
