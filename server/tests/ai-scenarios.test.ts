import { aiSettingsSchema } from "@switchboard/contracts";
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decideTurn } from "../src/features/ai";
import { responderHooks } from "../src/features/ai/responder/hooks";
import type { PhraseLanguage } from "../src/features/ai/responder/phrases";
import { handoffDefaults } from "../src/features/ai/responder/replies";
import { runTurn } from "../src/features/ai/responder/run-turn";
import { aiConversations, aiDecisions, aiSettings } from "../src/features/ai/schema";
import {
  announceHandler,
  getContact,
  getConversation,
  setContactFieldsFromAi,
  setConversationHandler,
} from "../src/features/inbox";
import { conversations, messages } from "../src/features/inbox/schema";
import { clearRequests } from "./ai-fixtures";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor, waitFor } from "./helpers";

/**
 * τ-bench style scenarios for the responder with the built-in answer matcher: a scripted customer
 * writes through the widget API, and each scenario asserts the end state (the thread, the handler,
 * the decisions with their rule and reason, ai_conversations).
 */
describe.each(drivers)("AI responder scenarios (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  const handoffs: {
    conversation: { id: string; handler: string };
    rule: string;
    reason: string;
    summary: string | null;
  }[] = [];

  async function setAi(patch: Record<string, unknown> = {}) {
    const settings = { enabled: true, channelIds: [channelId], replyDelaySeconds: 0, ...patch };
    await s.ctx.db
      .insert(aiSettings)
      .values({ id: "default", settings })
      .onConflictDoUpdate({ target: aiSettings.id, set: { settings } });
  }
  const thread = (id: string) =>
    s.ctx.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, id))
      .orderBy(asc(messages.createdAt), asc(messages.id));
  const decisions = (id: string) =>
    s.ctx.db.select().from(aiDecisions).where(eq(aiDecisions.conversationId, id)).orderBy(asc(aiDecisions.createdAt));
  const conv = async (id: string) => (await s.ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
  const aiState = async (id: string) =>
    (await s.ctx.db.select().from(aiConversations).where(eq(aiConversations.conversationId, id)))[0];
  const aiPublic = async (id: string) => (await thread(id)).filter((m) => m.senderType === "ai" && !m.private);
  const ask = async (v: Client, content: string, conversationId?: string) => {
    const r = await v.post("/api/widget/messages", { content, ...(conversationId ? { conversationId } : {}) });
    expect(r.status).toBe(201);
    return { conversationId: r.body.conversationId as string, message: { id: r.body.id as string } };
  };
  const handedOff = (id: string) =>
    waitFor(
      async () =>
        (await conv(id)).handler === "human" &&
        (await aiPublic(id)).some((m) => (m.metadata as any).ai?.kind === "handoff_message"),
      15000,
    );

  beforeAll(async () => {
    s = await bootServer(driver);
    s.ctx.bus.on("conversation.handoff", (e) => void handoffs.push(e));
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin, { allowedOrigins: ["http://shop.test"] })).channel.id;
    const qa = [
      ["How long do refunds take?", "Refunds reach your card within **5 business days** after we receive the parcel."],
      ["Do you ship internationally?", "Yes, we ship to 40 countries. Shipping costs are shown at checkout."],
      ["How do I reset my password?", "Open Settings, choose Security and click *Reset password*."],
    ];
    for (const [question, answer] of qa)
      expect((await admin.post("/api/knowledge/qa", { question, answer })).status).toBe(201);
    await setAi();
  }, 60_000);
  afterAll(async () => s?.stop());
  afterEach(async () => {
    delete responderHooks.beforeDecide;
    delete responderHooks.beforeRecord;
    await setAi();
  });

  it("answers from the knowledge base, with its sources in metadata.ai, and keeps the conversation", async () => {
    const v = await visitor(s.url, channelId);
    const { conversationId: id, message } = await ask(v, "How long do refunds take?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const [reply] = await aiPublic(id);
    expect(reply!.content).toContain("**5 business days**");
    expect(reply!.senderName).toBe("AI agent");
    const meta = (reply!.metadata as any).ai;
    expect(meta).toMatchObject({ kind: "answer", rule: "knowledge_match", provider: "matcher", model: null });
    expect(meta.confidence).toBeGreaterThanOrEqual(0.5);
    expect(meta.sources[0]).toMatchObject({ sourceType: "qa", title: "How long do refunds take?" });
    const [d] = await decisions(id);
    expect(d).toMatchObject({
      action: "answer",
      rule: "knowledge_match",
      replyMessageId: reply!.id,
      triggerMessageId: message.id,
    });
    expect(meta.decisionId).toBe(d!.id);
    expect((await conv(id)).handler).toBe("ai");
    expect(await aiState(id)).toMatchObject({ turns: 1, lastReplyMessageId: reply!.id });
    // The visitor sees it in the widget as any reply.
    const widget = await v.get(`/api/widget/conversations/${id}/messages`);
    expect(JSON.stringify(widget.body)).toContain("5 business days");
  });

  it.each(clearRequests.filter((_, i, all) => all.findIndex((x) => x[0] === all[i]![0]) === i))(
    "a request for a person in %s hands off at once with the note and the offline message",
    async (language, text) => {
      const v = await visitor(s.url, channelId);
      const { conversationId: id } = await ask(v, text);
      await handedOff(id);
      const rows = await thread(id);
      const note = rows.find((m) => m.private && m.senderType === "ai")!;
      expect((note.metadata as any).ai).toMatchObject({ kind: "handoff", rule: "customer_asked_for_human" });
      expect(note.content).toMatch(/^Handed off: The customer asked for a person\. Summary: /);
      const [last] = (await aiPublic(id)).slice(-1);
      // Nobody is online: the offline message, in the customer's language (the default text is kept).
      expect(last!.content).toBe(handoffDefaults[language as PhraseLanguage].offline);
      const ds = await decisions(id);
      expect(ds.map((d) => [d.action, d.rule])).toEqual([["handoff", "customer_asked_for_human"]]);
      expect(ds[0]!.replyMessageId).toBe(last!.id);
      expect(await aiState(id)).toMatchObject({ handoffRule: "customer_asked_for_human", turns: 0 });
      const c = await conv(id);
      expect(c.queuedAt).not.toBeNull();
      // The event goes out after the handoff message is recorded: wait for it, do not assume it.
      await waitFor(() => handoffs.some((e) => e.conversation.id === id));
      const event = handoffs.find((e) => e.conversation.id === id);
      expect(event).toMatchObject({ rule: "customer_asked_for_human", conversation: { handler: "human" } });
      expect(event!.summary).toContain(text);
    },
  );

  it("low confidence hands off (low_confidence), and the AI never speaks after the handoff", async () => {
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "Do you sell bicycles?");
    await handedOff(id);
    const [d] = await decisions(id);
    expect(d).toMatchObject({ action: "handoff", rule: "low_confidence" });
    const before = (await thread(id)).length;
    await ask(v, "How long do refunds take?");
    // The job body itself: a conversation that is the humans' gets nothing from the AI.
    await runTurn(s.ctx, id);
    expect((await thread(id)).length).toBe(before + 1);
    expect(await decisions(id)).toHaveLength(1);
  });

  it("a burst of three messages gets one reply that read all three", async () => {
    // 3 s, not 1: the three POSTs must land within one delay of each other, and on a loaded CI
    // machine one POST has taken over a second (the test then saw two replies and failed).
    await setAi({ replyDelaySeconds: 3 });
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "Hi there");
    await ask(v, "I sent my parcel back last week");
    const third = await ask(v, "How long do refunds take?");
    await waitFor(async () => (await aiPublic(id)).length >= 1, 15000);
    const ds = await decisions(id);
    expect(ds.map((d) => d.action)).toEqual(["answer"]);
    expect(ds[0]!.triggerMessageId).toBe(third.message.id);
    expect((await aiPublic(id))[0]!.content).toContain("5 business days");
  });

  it("a person answering while the AI drafts: the draft is dropped and the conversation is theirs", async () => {
    const v = await visitor(s.url, channelId);
    let agentReply: Promise<unknown> | undefined;
    responderHooks.beforeRecord = async (conversationId) => {
      agentReply = admin.post(`/api/conversations/${conversationId}/messages`, { content: "Hi, Sam here" });
      await agentReply;
    };
    const { conversationId: id } = await ask(v, "How long do refunds take?");
    await waitFor(async () => (await decisions(id)).length === 1, 15000);
    const [d] = await decisions(id);
    expect(d!.action).toBe("dropped");
    expect(d!.rule).toMatch(/^stale_(already_answered|not_ai)$/);
    expect((d!.details as any).wouldHave).toBe("answer");
    expect(await aiPublic(id)).toHaveLength(0);
    await waitFor(async () => (await conv(id)).handler === "human");
  });

  it("a bare “agent” offers a person once; “yes” hands off", async () => {
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "agent");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const [offer] = await aiPublic(id);
    expect((offer!.metadata as any).ai).toMatchObject({ kind: "offer_human", rule: "bare_human_request" });
    expect(offer!.content).toMatch(/Would you like that\?/);
    expect((await aiState(id))!.humanOfferedAt).not.toBeNull();
    expect((await conv(id)).handler).toBe("ai");
    await ask(v, "yes please");
    await handedOff(id);
    expect((await decisions(id)).map((d) => [d.action, d.rule])).toEqual([
      ["offer_human", "bare_human_request"],
      ["handoff", "customer_accepted_human"],
    ]);
  });

  it("frustration after the offer was made hands off instead of offering again", async () => {
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "this is useless");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    await ask(v, "How long do refunds take?");
    await waitFor(async () => (await aiPublic(id)).length === 2, 15000);
    await ask(v, "not helpful");
    await handedOff(id);
    expect((await decisions(id)).map((d) => [d.action, d.rule])).toEqual([
      ["offer_human", "frustration"],
      ["answer", "knowledge_match"],
      ["handoff", "frustration"],
    ]);
  });

  it("the turn limit hands off (turn_limit)", async () => {
    await setAi({ maxTurns: 2 });
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long do refunds take?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    await ask(v, "Do you ship internationally?");
    await waitFor(async () => (await aiPublic(id)).length === 2, 15000);
    await ask(v, "How do I reset my password?");
    await handedOff(id);
    const ds = await decisions(id);
    expect(ds.map((d) => d.rule)).toEqual(["knowledge_match", "knowledge_match", "turn_limit"]);
    expect((await aiState(id))!.turns).toBe(2);
  });

  it("resolving returns the conversation to nobody, and a new question starts with the AI", async () => {
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "talk to a human");
    await handedOff(id);
    await admin.post(`/api/conversations/${id}/messages`, { content: "Done, refunded." });
    expect((await admin.patch(`/api/conversations/${id}`, { status: "resolved" })).status).toBe(200);
    await waitFor(async () => (await conv(id)).handler === "none");
    // The customer writes in the same thread again (it reopens).
    expect((await ask(v, "Do you ship internationally?", id)).conversationId).toBe(id);
    await waitFor(async () => (await aiPublic(id)).some((m) => (m.metadata as any).ai?.kind === "answer"), 15000);
    expect((await conv(id)).handler).toBe("ai");
  });

  it("the customer writes again while the AI drafts: that draft is dropped, the next turn answers both", async () => {
    const v = await visitor(s.url, channelId);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atDecide = new Promise<void>((r) => (reached = r));
    let first = true;
    responderHooks.beforeDecide = async () => {
      if (!first) return;
      first = false;
      reached();
      await held;
    };
    const { conversationId: id } = await ask(v, "Hello");
    await atDecide;
    const second = await ask(v, "How long do refunds take?", id);
    release();
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const ds = await decisions(id);
    expect(ds.map((d) => [d.action, d.rule])).toEqual([
      ["dropped", "stale_newer_customer_message"],
      ["answer", "knowledge_match"],
    ]);
    expect(ds[1]!.triggerMessageId).toBe(second.message.id);
    expect((await aiPublic(id))[0]!.content).toContain("5 business days");
  });

  it("a person replies while the turn is still pending: nothing is sent and the AI stops", async () => {
    const v = await visitor(s.url, channelId);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atDecide = new Promise<void>((r) => (reached = r));
    responderHooks.beforeDecide = async () => {
      reached();
      await held;
    };
    const { conversationId: id } = await ask(v, "How long do refunds take?");
    await atDecide;
    expect((await admin.post(`/api/conversations/${id}/messages`, { content: "Sam here, checking" })).status).toBe(201);
    await waitFor(async () => (await conv(id)).handler === "human");
    release();
    await waitFor(async () => (await decisions(id)).length === 1, 15000);
    expect((await decisions(id))[0]).toMatchObject({ action: "dropped" });
    expect(await aiPublic(id)).toHaveLength(0);
  });

  it("the same question a third time offers a person (repeated_question)", async () => {
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long do refunds take?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    await ask(v, "how long do refunds take", id);
    await waitFor(async () => (await aiPublic(id)).length === 2, 15000);
    await ask(v, "How long do refunds take??", id);
    await waitFor(async () => (await aiPublic(id)).length === 3, 15000);
    expect((await decisions(id)).map((d) => d.rule)).toEqual([
      "knowledge_match",
      "knowledge_match",
      "repeated_question",
    ]);
    expect((await decisions(id))[2]!.action).toBe("offer_human");
  });

  it("a language-model provider that fails hands off (provider_*), never silence", async () => {
    // No key configured: the LLM brain cannot call the provider, which counts as a provider failure.
    await setAi({ provider: "openai" });
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long do refunds take?");
    await handedOff(id);
    expect((await decisions(id))[0]).toMatchObject({ action: "handoff", rule: "provider_auth", provider: "openai" });
  });

  it("outside the hours it answers in, the AI stays out", async () => {
    await setAi({ businessHours: { mode: "inside_hours", timezone: "UTC", hours: [] } });
    const closed = (await ask(await visitor(s.url, channelId), "How long do refunds take?")).conversationId;
    await setAi();
    // A later customer, answered: by then the first message's listener has long decided.
    const open = (await ask(await visitor(s.url, channelId), "How long do refunds take?")).conversationId;
    await waitFor(async () => (await aiPublic(open)).length === 1, 15000);
    const jobsFor = async (id: string) =>
      (
        (
          await s.ctx.database.executeSql(
            `select count(*)::int as n from pgboss.job where name = 'ai.respond' and singleton_key like '${id}%'`,
            [],
          )
        ).rows[0] as { n: number }
      ).n;
    expect(await jobsFor(open)).toBeGreaterThan(0);
    expect(await jobsFor(closed)).toBe(0);
    // Not the AI's: routing gives it to the people (handler human, waiting in the queue).
    await waitFor(async () => (await conv(closed)).handler === "human");
    expect(await aiPublic(closed)).toHaveLength(0);
  });

  it("handed back to the AI after the turn limit, it answers again with a fresh count (no handoff loop)", async () => {
    await setAi({ maxTurns: 1 });
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long do refunds take?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    await ask(v, "Do you ship internationally?", id);
    await handedOff(id);
    expect((await aiState(id))!).toMatchObject({ turns: 1, handoffRule: "turn_limit" });
    // What routing's "hand back to the AI" does: handler ai, then the announcement.
    const before = await getConversation(s.ctx.db, id);
    await setConversationHandler(s.ctx.db, id, { handler: "ai", queued: false, unassign: true });
    await announceHandler(s.ctx, id, before);
    await waitFor(async () => (await aiState(id))!.turns === 0);
    await ask(v, "How do I reset my password?", id);
    await waitFor(async () => (await aiPublic(id)).some((m) => m.content.includes("Reset password")), 15000);
    expect((await conv(id)).handler).toBe("ai");
    expect((await decisions(id)).map((d) => d.rule)).toEqual(["knowledge_match", "turn_limit", "knowledge_match"]);
  });

  it("contact facts from the AI fill what is empty and never overwrite", async () => {
    const v = await visitor(s.url, channelId, { name: "Eli", email: "eli@example.com" });
    const { conversationId: id } = await ask(v, "hello");
    const contactId = (await getConversation(s.ctx.db, id))!.contact.id;
    await setContactFieldsFromAi(s.ctx, contactId, {
      email: "other@example.com",
      phone: "+1 415 555 0100",
      plan: "pro",
    });
    const c = (await getContact(s.ctx.db, contactId, false))!;
    expect(c.email).toBe("eli@example.com");
    expect(c.phone).toBe("+14155550100");
    expect(c.attributes).toMatchObject({ plan: "pro" });
  });

  it("off for a channel, the AI stays out (the test panel's path still answers)", async () => {
    await setAi({ channelIds: [] });
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long do refunds take?");
    const decided = await decideTurn(s.ctx, {
      settings: aiSettingsSchema.parse({}),
      apiKey: null,
      conversation: null,
      history: [],
      pending: [{ id: "test", content: "How long do refunds take?" }],
      state: { turns: 0, humanOffered: false },
    });
    // The test panel's path (no conversation) answers; the conversation itself was never taken.
    expect(decided).toMatchObject({ action: "answer", rule: "knowledge_match" });
    await waitFor(async () => (await conv(id)).handler === "human");
    expect(await decisions(id)).toHaveLength(0);
  });
});
