import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAssumedResolution, classifyCustomerVerdict } from "../src/features/ai";
import { aiConversations } from "../src/features/ai/schema";
import { seedAiMessage } from "./ai-ux-helpers";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor, waitFor } from "./helpers";

describe("recognising a customer's verdict on an AI answer", () => {
  it.each([
    "thanks, that solved it",
    "Thank you!",
    "gracias",
    "Muchas gracias 🙏",
    "obrigado",
    "Obrigada!",
    "merci",
    "Merci beaucoup",
    "danke",
    "Danke schön",
    "shukriya",
    "शुक्रिया",
    "شكرا",
    "شكراً جزيلاً",
    "terima kasih",
    "perfect, it works now",
  ])("%s -> resolved", (t) => expect(classifyCustomerVerdict(t)).toBe("resolved"));

  it.each([
    "that didn't help",
    "That did not help at all",
    "thanks but it doesn't work",
    "no me ayudó",
    "não ajudou",
    "ça ne m'a pas aidé",
    "hat nicht geholfen",
    "tidak membantu",
    "لم يساعدني",
  ])("%s -> unresolved", (t) => expect(classifyCustomerVerdict(t)).toBe("unresolved"));

  it.each([
    "thanks, but how do I change my address?",
    "gracias, pero necesito otra cosa",
    "how long do refunds take",
    "I want to talk to a person",
    "",
  ])("%s -> nothing", (t) => expect(classifyCustomerVerdict(t)).toBeNull());
});

describe.each(drivers)("AI resolution: assumed after silence, confirmed by the customer (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  const events: any[] = [];
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
    s.ctx.bus.on("ai.resolution", (e) => void events.push(e));
  });
  afterAll(() => s.stop());

  const start = async () => {
    const v = await visitor(s.url, channelId, { name: "Dana" });
    const convId = (await v.post("/api/widget/messages", { content: "How long do refunds take?" })).body
      .conversationId as string;
    return { v, convId };
  };
  const resolution = async (convId: string) => {
    const [row] = await s.ctx.db.select().from(aiConversations).where(eq(aiConversations.conversationId, convId));
    return row?.resolution ?? null;
  };

  it("each AI answer schedules a delayed check after the configured quiet time; silence makes it 'assumed'", async () => {
    const { convId } = await start();
    const answer = await seedAiMessage(s, convId);
    let job: any;
    await waitFor(async () => {
      const r = await s.ctx.database.executeSql(
        "select data, start_after from pgboss.job where name = 'ai.assume-resolved' and data->>'messageId' = $1",
        [answer.id],
      );
      job = r.rows[0];
      return Boolean(job);
    });
    const delayMin = (new Date(job.start_after).getTime() - Date.now()) / 60_000;
    // assumeResolvedAfterMinutes defaults to 60.
    expect(delayMin).toBeGreaterThan(55);
    expect(delayMin).toBeLessThanOrEqual(60.1);

    expect(await checkAssumedResolution(s.ctx, job.data)).toBe("assumed");
    expect(await resolution(convId)).toBe("assumed");
    const [row] = await s.ctx.db.select().from(aiConversations).where(eq(aiConversations.conversationId, convId));
    expect(row!.resolvedAt).toBeInstanceOf(Date);
    expect(events).toContainEqual({
      conversationId: convId,
      resolution: "assumed",
      source: "silence",
      messageId: answer.id,
    });
    // Idempotent: a second run changes nothing.
    expect(await checkAssumedResolution(s.ctx, job.data)).toBe("already");
  });

  it("not assumed when the customer, an agent or a handoff came after the answer", async () => {
    const a = await start();
    const answerA = await seedAiMessage(s, a.convId, { announce: false });
    await a.v.post("/api/widget/messages", { conversationId: a.convId, content: "and what about shipping" });
    expect(await checkAssumedResolution(s.ctx, { conversationId: a.convId, messageId: answerA.id })).toBe(
      "newer_activity",
    );

    const b = await start();
    const answerB = await seedAiMessage(s, b.convId, { announce: false });
    await admin.post(`/api/conversations/${b.convId}/messages`, { content: "Let me check that for you" });
    expect(await checkAssumedResolution(s.ctx, { conversationId: b.convId, messageId: answerB.id })).not.toBe(
      "assumed",
    );

    const c = await start();
    const answerC = await seedAiMessage(s, c.convId, { announce: false });
    await seedAiMessage(s, c.convId, { kind: "handoff", announce: false, content: "Handoff: wants a person" });
    expect(await checkAssumedResolution(s.ctx, { conversationId: c.convId, messageId: answerC.id })).toBe(
      "newer_activity",
    );
    for (const x of [a, b, c]) expect(await resolution(x.convId)).toBeNull();
  });

  it("the widget's 👍 confirms, 👎 marks it unresolved; only the visitor's own AI answers", async () => {
    const { v, convId } = await start();
    const answer = await seedAiMessage(s, convId, { announce: false });
    const msgs = await v.get(`/api/widget/conversations/${convId}/messages`);
    const shown = msgs.body.items.find((m: any) => m.id === answer.id);
    expect(shown).toMatchObject({ from: "ai", aiAnswer: true });
    expect(msgs.body.items.find((m: any) => m.from === "visitor").aiAnswer).toBeUndefined();
    // The offer of a person is the AI's too, but not an answer to rate.
    const other = await start();
    const offer = await seedAiMessage(s, other.convId, { kind: "offer_human", announce: false });
    const otherMsgs = await other.v.get(`/api/widget/conversations/${other.convId}/messages`);
    expect(otherMsgs.body.items.find((m: any) => m.id === offer.id)).toMatchObject({ from: "ai" });
    expect(otherMsgs.body.items.find((m: any) => m.id === offer.id).aiAnswer).toBeUndefined();

    const no = await v.post(`/api/widget/conversations/${convId}/feedback`, { messageId: answer.id, helpful: false });
    expect(no.status).toBe(204);
    await waitFor(async () => (await resolution(convId)) === "unresolved");
    expect(
      await v.post(`/api/widget/conversations/${convId}/feedback`, { messageId: answer.id, helpful: true }),
    ).toMatchObject({ status: 204 });
    await waitFor(async () => (await resolution(convId)) === "confirmed");
    expect(events).toContainEqual({
      conversationId: convId,
      resolution: "confirmed",
      source: "widget",
      messageId: answer.id,
    });
    // Silence afterwards does not downgrade what the customer said.
    expect(await checkAssumedResolution(s.ctx, { conversationId: convId, messageId: answer.id })).toBe("already");
    expect(await resolution(convId)).toBe("confirmed");

    const visitorMsg = msgs.body.items.find((m: any) => m.from === "visitor");
    const notAi = await v.post(`/api/widget/conversations/${convId}/feedback`, {
      messageId: visitorMsg.id,
      helpful: true,
    });
    expect(notAi.status).toBe(422);
    const stranger = await visitor(s.url, channelId, { name: "Eve" });
    expect(
      (await stranger.post(`/api/widget/conversations/${convId}/feedback`, { messageId: answer.id, helpful: true }))
        .status,
    ).toBe(404);
  });

  it("a thank-you reply to the AI confirms; 'that didn't help' is unresolved; a new question ends an assumption", async () => {
    const a = await start();
    await seedAiMessage(s, a.convId);
    await a.v.post("/api/widget/messages", { conversationId: a.convId, content: "gracias" });
    await waitFor(async () => (await resolution(a.convId)) === "confirmed");

    const b = await start();
    await seedAiMessage(s, b.convId);
    await b.v.post("/api/widget/messages", { conversationId: b.convId, content: "that didn't help" });
    await waitFor(async () => (await resolution(b.convId)) === "unresolved");

    const c = await start();
    const answer = await seedAiMessage(s, c.convId);
    expect(await checkAssumedResolution(s.ctx, { conversationId: c.convId, messageId: answer.id })).toBe("assumed");
    await c.v.post("/api/widget/messages", {
      conversationId: c.convId,
      content: "thanks, but how do I change my address?",
    });
    await waitFor(async () => (await resolution(c.convId)) === null);

    // "Thanks" to a human agent is not the AI's resolution.
    const d = await start();
    await seedAiMessage(s, d.convId);
    await admin.post(`/api/conversations/${d.convId}/messages`, { content: "I've sorted it for you" });
    const before = events.length;
    await d.v.post("/api/widget/messages", { conversationId: d.convId, content: "thank you!" });
    const probe = await start(); // a later event proves the listener for d's message has run
    await seedAiMessage(s, probe.convId);
    await probe.v.post("/api/widget/messages", { conversationId: probe.convId, content: "danke" });
    await waitFor(async () => (await resolution(probe.convId)) === "confirmed");
    expect(await resolution(d.convId)).toBeNull();
    expect(events.slice(before).some((e) => e.conversationId === d.convId)).toBe(false);
  });
});
