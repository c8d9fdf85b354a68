import crypto from "node:crypto";
import { aiSettingsSchema, type KnowledgeHit } from "@switchboard/contracts";
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startGeminiFake } from "../src/features/ai/fakes/gemini-fake";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { startOpenRouterFake } from "../src/features/ai/fakes/openrouter-fake";
import {
  callTool,
  type FakeModelServer,
  held,
  malformed,
  quotaExceeded,
  type RecordedRequest,
  rateLimited,
  say,
  serverError,
  slow,
  verdict,
} from "../src/features/ai/fakes/script";
import { retrievalHint, systemPrompt } from "../src/features/ai/llm/prompt";
import { runTurn } from "../src/features/ai/responder/run-turn";
import { aiConversations, aiDecisions } from "../src/features/ai/schema";
import { getContact, getConversation } from "../src/features/inbox";
import { conversations, messages } from "../src/features/inbox/schema";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor, waitFor } from "./helpers";

const defaults = aiSettingsSchema.parse({});

const hit = (textScore: number, trigramSimilarity: number): KnowledgeHit => ({
  chunkId: crypto.randomUUID(),
  score: 0.03,
  textRank: 1,
  trigramRank: 1,
  textScore,
  trigramSimilarity,
  heading: null,
  content: "Refunds reach your card within 5 business days.",
  source: { type: "article", id: crypto.randomUUID(), title: "Refund policy" },
});

/** The confidence threshold is a hint for LLMs (issue 8 §1): the prompt states it beside retrieval's best match. */
describe("the LLM's system prompt: retrieval confidence against the threshold", () => {
  const contact = { name: null, email: null, phone: null, attributes: {} };
  const prompt = (threshold: number, knowledge: KnowledgeHit[]) =>
    systemPrompt(
      aiSettingsSchema.parse({ provider: "openai", confidenceThreshold: threshold }),
      { contact, language: "english", knowledge },
      "[1] Refund policy\nRefunds reach your card within 5 business days.",
    );

  it("below the threshold: the best confidence, the threshold, and to offer a person if the knowledge does not cover it", () => {
    const p = prompt(0.5, [hit(0.02, 0.3), hit(0.03, 0.1)]);
    expect(p).toContain(
      "Retrieval confidence: the best match is 0.30 (the team's threshold is 0.50). The knowledge may not cover this; if it does not, say so and offer a person.",
    );
    // Between the knowledge and the rules, where the model reads the knowledge's limits.
    expect(p.indexOf("Retrieval confidence")).toBeGreaterThan(p.indexOf("[1] Refund policy"));
    expect(p.indexOf("Retrieval confidence")).toBeLessThan(p.indexOf("## Rules"));
  });

  it("at or above the threshold: only the numbers (the matcher's measure: text score, or trigram from 0.6)", () => {
    const p = prompt(0.5, [hit(0.02, 0.1), hit(0.07, 0.2)]);
    expect(p).toContain("Retrieval confidence: the best match is 0.70 (the team's threshold is 0.50).");
    expect(p).not.toContain("may not cover");
    expect(retrievalHint(aiSettingsSchema.parse({ confidenceThreshold: 0.9 }), [hit(0.07, 0.2)])).toContain(
      "may not cover",
    );
  });

  it("nothing retrieved: 0.00, and the warning", () => {
    expect(prompt(0.5, [])).toContain(
      "best match is 0.00 (the team's threshold is 0.50). The knowledge may not cover this",
    );
  });
});

/**
 * τ-bench style scenarios with a language model: a scripted customer writes through the widget API,
 * the fake provider (OpenAI Chat Completions, Gemini, OpenRouter) follows a script, and each scenario
 * asserts the end state: the thread and what the customer received, the handler, the assignee or the
 * queue, the decisions with their rule and reason, ai_conversations, the handoff note, the citations.
 */
describe.each(drivers)("AI responder with a language model (%s)", (driver) => {
  const KEY = "sk-scenario-0001";
  const GEMINI_KEY = "g-scenario-0002";
  const OPENROUTER_KEY = "or-scenario-0003";
  const MAX_RETRIES = 2;
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  let openai: FakeModelServer;
  let gemini: FakeModelServer;
  let openrouter: FakeModelServer;
  let agent: { id: string; c: Client };
  const articles: Record<string, string> = {};
  const handoffs: { conversation: { id: string }; rule: string; reason: string; summary: string | null }[] = [];

  async function setAi(patch: Record<string, unknown> = {}) {
    const r = await admin.req("PUT", "/api/ai/settings", {
      enabled: true,
      channelIds: [channelId],
      provider: "openai",
      apiKey: KEY,
      model: "",
      replyDelaySeconds: 0,
      ...patch,
    });
    expect(r.status, r.text).toBe(200);
  }
  const sql = async (text: string, values: unknown[] = []) => (await s.ctx.database.executeSql(text, values)).rows;
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
  const note = async (id: string) => (await thread(id)).find((m) => m.private && m.senderType === "ai");
  /** What the customer sees in the widget. */
  const received = async (v: Client, id: string) =>
    ((await v.get(`/api/widget/conversations/${id}/messages`)).body.items as { from: string; content: string }[])
      .filter((m) => m.from !== "visitor")
      .map((m) => m.content);
  const ask = async (v: Client, content: string, conversationId?: string) => {
    const r = await v.post("/api/widget/messages", { content, ...(conversationId ? { conversationId } : {}) });
    expect(r.status, r.text).toBe(201);
    return { conversationId: r.body.conversationId as string, message: { id: r.body.id as string } };
  };
  const handedOff = (id: string) =>
    waitFor(
      async () =>
        (await conv(id)).handler === "human" &&
        (await aiPublic(id)).some((m) => (m.metadata as any).ai?.kind === "handoff_message"),
      15000,
    );
  /** The answering calls (with the tools), not the guard pass's verdict calls. */
  const modelCalls = (fake: FakeModelServer) => fake.requests.filter((r) => Array.isArray(r.body?.tools));
  /** The system message's text (a string, or OpenRouter's content parts). */
  const systemOf = (r: RecordedRequest) => {
    const content = r.body.messages[0].content;
    return typeof content === "string" ? content : (content as { text: string }[]).map((p) => p.text).join("");
  };
  const setAvailability = async (availability: string) =>
    expect((await agent.c.patch("/api/me", { availability })).status).toBe(200);

  beforeAll(async () => {
    [openai, gemini, openrouter] = await Promise.all([
      startOpenAiFake({ key: KEY }),
      startGeminiFake({ key: GEMINI_KEY }),
      startOpenRouterFake({ key: OPENROUTER_KEY }),
    ]);
    s = await bootServer(driver, {
      OPENAI_BASE_URL: `${openai.url}/v1`,
      GEMINI_BASE_URL: `${gemini.url}/v1beta`,
      OPENROUTER_BASE_URL: `${openrouter.url}/api/v1`,
      AI_TIMEOUT_SECONDS: "2",
      AI_MAX_RETRIES: String(MAX_RETRIES),
    });
    s.ctx.bus.on("conversation.handoff", (e) => void handoffs.push(e));
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin, { allowedOrigins: ["http://shop.test"] })).channel.id;
    const kb: [string, string, string][] = [
      [
        "refund",
        "Refund policy",
        "Refunds reach your original payment method within 5 business days after the returned parcel arrives.",
      ],
      [
        "returns",
        "Returns",
        "You can send any item back within 30 days. The refund starts when the returned parcel arrives at the warehouse.",
      ],
      [
        "tracking",
        "Parcel tracking",
        "Every parcel gets a tracking number, sent by email when it leaves the warehouse.",
      ],
      ["password", "Password reset", "Open Settings, choose Security and click Reset password."],
    ];
    for (const [key, title, body] of kb) {
      const r = await admin.post("/api/knowledge/articles", { title, body, status: "published" });
      expect(r.status, r.text).toBe(201);
      articles[key] = r.body.id;
    }
    const r = await admin.post("/api/agents", {
      name: "Olu",
      email: "olu@example.com",
      capacity: 50,
      password: "agent-password-123",
    });
    expect(r.status, r.text).toBe(201);
    agent = { id: r.body.agent.id, c: await loginAs(s.url, "olu@example.com", "agent-password-123") };
    await setAi();
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await Promise.all([openai?.close(), gemini?.close(), openrouter?.close()]);
  });
  afterEach(async () => {
    await setAvailability("offline");
    // Nothing left waiting for the next test's agent (rows changed directly: no events, no routing).
    await sql("update conversations set status = 'resolved', queued_at = null");
    openai.reset();
    gemini.reset();
    openrouter.reset();
    await setAi();
  });

  it("answers from the knowledge base and cites it: [sources: 1] becomes metadata.ai.sources", async () => {
    openai.push(
      say("Refunds reach your original payment method within 5 business days after the parcel arrives.\n[sources: 1]"),
      verdict(true),
    );
    const v = await visitor(s.url, channelId);
    const { conversationId: id, message } = await ask(v, "How long does a refund take?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const [reply] = await aiPublic(id);
    // The sources line is stripped from what the customer reads.
    expect(reply!.content).toBe(
      "Refunds reach your original payment method within 5 business days after the parcel arrives.",
    );
    // The model was given several chunks, the refund policy first; it cited only [1].
    const system = systemOf(modelCalls(openai)[0]!);
    expect(system).toContain("[1] Refund policy\nRefunds reach");
    expect(system).toContain("[2] Returns");
    expect(system).toMatch(/Retrieval confidence: the best match is \d\.\d\d \(the team's threshold is 0\.50\)/);
    const meta = (reply!.metadata as any).ai;
    expect(meta).toMatchObject({ kind: "answer", rule: "model_answer", provider: "openai", model: "gpt-5-mini" });
    expect(meta.sources).toHaveLength(1);
    expect(meta.sources[0]).toMatchObject({ sourceType: "article", sourceId: articles.refund, title: "Refund policy" });
    const ds = await decisions(id);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      id: meta.decisionId,
      action: "answer",
      rule: "model_answer",
      reason: "Answered from the knowledge base",
      provider: "openai",
      model: "gpt-5-mini",
      replyMessageId: reply!.id,
      triggerMessageId: message.id,
    });
    expect((ds[0]!.sources as { sourceId: string }[]).map((x) => x.sourceId)).toEqual([articles.refund]);
    expect((await conv(id)).handler).toBe("ai");
    expect(await aiState(id)).toMatchObject({ turns: 1, lastReplyMessageId: reply!.id, handoffRule: null });
    // One answering call and one guard verdict, with the stored key.
    expect(openai.requests).toHaveLength(2);
    expect(openai.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(await received(v, id)).toEqual([reply!.content]);
  });

  it("calls search_knowledge, then answers from what it found", async () => {
    openai.push(
      callTool("search_knowledge", { query: "parcel tracking number" }),
      say("Your tracking number comes by email as soon as the parcel leaves the warehouse. [sources: 1]"),
      verdict(true),
    );
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "Has my stuff left yet?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const calls = modelCalls(openai);
    expect(calls).toHaveLength(2);
    // Retrieval found nothing up front: the model searched, and read the result in its second call.
    expect(systemOf(calls[0]!)).toContain("(nothing found)");
    expect(systemOf(calls[0]!)).toContain(
      "The knowledge may not cover this; if it does not, say so and offer a person.",
    );
    const toolResult = calls[1]!.body.messages.find((m: any) => m.role === "tool");
    expect(JSON.stringify(toolResult)).toContain("[1] Parcel tracking");
    const [reply] = await aiPublic(id);
    expect(reply!.content).toBe("Your tracking number comes by email as soon as the parcel leaves the warehouse.");
    const meta = (reply!.metadata as any).ai;
    expect(meta).toMatchObject({ kind: "answer", rule: "model_answer" });
    expect(meta.sources.map((x: any) => [x.sourceId, x.title])).toEqual([[articles.tracking, "Parcel tracking"]]);
    expect((await decisions(id)).map((d) => [d.action, d.rule])).toEqual([["answer", "model_answer"]]);
    expect(openai.requests).toHaveLength(3);
  });

  it("handoff_to_human {reason, priority high, summary}: the note, priority high, routed to the online agent", async () => {
    await setAvailability("online");
    const reason = "The parcel arrived broken and the customer wants a replacement";
    const summary = "Order 8812 arrived damaged; the customer asks for a replacement, not a refund.";
    openai.push(callTool("handoff_to_human", { reason, priority: "high", summary }));
    const v = await visitor(s.url, channelId);
    const { conversationId: id, message } = await ask(v, "My order 8812 arrived broken, I want a new one");
    await handedOff(id);
    // The tool ends the turn: no answer, no guard pass.
    expect(openai.requests).toHaveLength(1);
    const n = (await note(id))!;
    expect(n.content).toBe(`Handed off: ${reason}. Summary: ${summary}`);
    expect((n.metadata as any).ai).toMatchObject({ kind: "handoff", rule: "model_requested", reason, summary });
    const c = await conv(id);
    expect([c.handler, c.priority, c.assigneeId, c.queuedAt]).toEqual(["human", "high", agent.id, null]);
    const ds = await decisions(id);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      action: "handoff",
      rule: "model_requested",
      reason,
      provider: "openai",
      triggerMessageId: message.id,
    });
    expect(ds[0]!.details).toMatchObject({ summary, priority: "high" });
    // Assigned at once: the handoff message, without a wait.
    const last = (await aiPublic(id)).at(-1)!;
    expect(last.content).toBe(defaults.handoffMessage);
    expect(ds[0]!.replyMessageId).toBe(last.id);
    expect(await aiState(id)).toMatchObject({ handoffRule: "model_requested", handoffReason: reason, turns: 0 });
    await waitFor(() => handoffs.some((e) => e.conversation.id === id));
    expect(handoffs.find((e) => e.conversation.id === id)).toMatchObject({ rule: "model_requested", summary });
    // The customer reads the handoff message, never the note.
    expect(await received(v, id)).toEqual([defaults.handoffMessage]);
    // The agent sees it as theirs.
    expect((await agent.c.get(`/api/conversations/${id}`)).body.assignee.id).toBe(agent.id);
  });

  it("429 insufficient_quota hands off at once (one request, no retry); the online agent gets it", async () => {
    await setAvailability("online");
    openai.push(quotaExceeded());
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(openai.requests).toHaveLength(1);
    const [d] = await decisions(id);
    expect(d).toMatchObject({ action: "handoff", rule: "provider_quota", provider: "openai" });
    expect(d!.reason).toMatch(/out of quota or credits \(HTTP 429\); an admin must check billing/);
    expect((await note(id))!.content).toContain(d!.reason.replace(/[.\s]+$/, ""));
    expect(await received(v, id)).toEqual([defaults.handoffMessage]);
    const c = await conv(id);
    expect([c.handler, c.assigneeId]).toEqual(["human", agent.id]);
    expect(await aiState(id)).toMatchObject({ handoffRule: "provider_quota" });
  });

  it("429 rate_limit_exceeded is retried AI_MAX_RETRIES times, then handed off; nobody online: the offline message", async () => {
    for (let i = 0; i <= MAX_RETRIES; i++) openai.push(rateLimited(5));
    openai.push(say("Never reached [sources: 1]"));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(openai.requests).toHaveLength(1 + MAX_RETRIES);
    expect(openai.pending()).toBe(1);
    expect((await decisions(id)).map((d) => [d.action, d.rule])).toEqual([["handoff", "provider_rate_limited"]]);
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
    const c = await conv(id);
    expect([c.handler, c.assigneeId]).toEqual(["human", null]);
    expect(c.queuedAt).not.toBeNull();
  });

  it("a 500 is retried, then handed off (provider_error)", async () => {
    for (let i = 0; i <= MAX_RETRIES; i++) openai.push(serverError(500));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(openai.requests).toHaveLength(1 + MAX_RETRIES);
    const [d] = await decisions(id);
    expect(d).toMatchObject({ action: "handoff", rule: "provider_error", reason: "The OpenAI API failed (HTTP 500)" });
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
  });

  it("a model slower than AI_TIMEOUT_SECONDS hands off (provider_timeout), and its late answer is never sent", async () => {
    openai.push(slow(4000, say("Too late. [sources: 1]")));
    const v = await visitor(s.url, channelId);
    const started = Date.now();
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(openai.requests).toHaveLength(1);
    const [d] = await decisions(id);
    expect(d).toMatchObject({
      action: "handoff",
      rule: "provider_timeout",
      reason: "The OpenAI model did not answer in time",
    });
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
    expect((await thread(id)).some((m) => m.content.includes("Too late"))).toBe(false);
  });

  it("AI_TIMEOUT_SECONDS bounds each call: a slow answer and a slow guard pass, each in time, are sent", async () => {
    // 2 s per call: together they take longer than one call's limit, but neither is late.
    openai.push(slow(1300, say("Refunds take 5 business days. [sources: 1]")), slow(1300, verdict(true)));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await waitFor(async () => (await decisions(id)).length === 1, 15000);
    expect((await decisions(id))[0]).toMatchObject({ action: "answer", rule: "model_answer" });
    expect(await received(v, id)).toEqual(["Refunds take 5 business days."]);
  });

  it("a malformed answer (provider_malformed) and a refused key (provider_auth) hand off at once", async () => {
    openai.push(malformed());
    const v = await visitor(s.url, channelId);
    const first = (await ask(v, "How long does a refund take?")).conversationId;
    await handedOff(first);
    expect((await decisions(first))[0]).toMatchObject({ action: "handoff", rule: "provider_malformed" });
    expect(openai.requests).toHaveLength(1);
    openai.reset();
    await setAi({ apiKey: "sk-not-the-right-one" });
    const w = await visitor(s.url, channelId);
    const second = (await ask(w, "How long does a refund take?")).conversationId;
    await handedOff(second);
    const [d] = await decisions(second);
    expect(d).toMatchObject({ action: "handoff", rule: "provider_auth" });
    expect(d!.reason).toBe("The OpenAI API refused the key (HTTP 401); an admin must check the AI settings");
    expect(openai.requests).toHaveLength(1);
    expect(await received(w, second)).toEqual([defaults.offlineMessage]);
  });

  it("a false promise is blocked by the guard, never sent, and handed off with that reason", async () => {
    openai.push(say("I'll call you tomorrow to sort this out. [sources: 1]"));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "My refund has not arrived after two weeks");
    await handedOff(id);
    // Deterministic: the phrase check blocks it before the model's verdict is asked for.
    expect(openai.requests).toHaveLength(1);
    const [d] = await decisions(id);
    expect(d).toMatchObject({ action: "handoff", rule: "guard_blocked" });
    expect(d!.reason).toBe(`The reply promised something the AI cannot do ("I'll call"), so it was not sent`);
    const n = (await note(id))!;
    expect(n.content).toBe(
      `Handed off: ${d!.reason}. Summary: Blocked draft: I'll call you tomorrow to sort this out.`,
    );
    expect((n.metadata as any).ai).toMatchObject({ kind: "handoff", rule: "guard_blocked" });
    // The customer never reads the promise: only the offline message.
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
    expect((await aiPublic(id)).some((m) => /call you/i.test(m.content))).toBe(false);
    expect(await aiState(id)).toMatchObject({ handoffRule: "guard_blocked", turns: 0 });
  });

  it("the guard's model verdict blocks a fact the knowledge does not support, with its explanation", async () => {
    const why = "The knowledge says 5 business days, not 24 hours";
    openai.push(say("Refunds arrive within 24 hours. [sources: 1]"), verdict(false, "unsupported_fact", why));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(openai.requests).toHaveLength(2);
    expect(openai.requests[1]!.body.response_format?.type).toBe("json_schema");
    expect((await decisions(id))[0]).toMatchObject({ action: "handoff", rule: "guard_blocked", reason: why });
    expect((await note(id))!.content).toContain("Blocked draft (unsupported_fact): Refunds arrive within 24 hours.");
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
  });

  it("a person replies while the model is generating: the draft is dropped and the AI says nothing more", async () => {
    const answer = held(say("Refunds take 5 business days. [sources: 1]"));
    openai.push(answer.step, verdict(true));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await answer.arrived;
    expect((await admin.post(`/api/conversations/${id}/messages`, { content: "Hi, Sam here" })).status).toBe(201);
    await waitFor(async () => (await conv(id)).handler === "human");
    answer.release();
    await waitFor(async () => (await decisions(id)).length === 1, 15000);
    const [d] = await decisions(id);
    expect(d!.action).toBe("dropped");
    expect(d!.rule).toMatch(/^stale_(not_ai|already_answered)$/);
    // Cancelled in flight when the turn saw the takeover first (ai-responder-abort.test.ts), else the finished draft is dropped.
    expect(d!.details).toMatchObject(
      (d!.details as { aborted?: boolean }).aborted
        ? { aborted: true }
        : { wouldHave: "answer", text: "Refunds take 5 business days." },
    );
    expect(await aiPublic(id)).toHaveLength(0);
    expect(await received(v, id)).toEqual(["Hi, Sam here"]);
    // The customer writes again: the conversation is the person's, the AI neither calls the model nor speaks.
    const calls = openai.requests.length;
    await ask(v, "Thanks Sam, and how long for the refund?", id);
    await runTurn(s.ctx, id);
    expect(openai.requests).toHaveLength(calls);
    expect(await decisions(id)).toHaveLength(1);
    expect(await aiPublic(id)).toHaveLength(0);
    expect((await conv(id)).handler).toBe("human");
  });

  it("the customer writes again while the model is generating: that draft is dropped, the next call reads both", async () => {
    const first = held(say("Sure, what is your question? [sources: none]"));
    openai.push(first.step, verdict(true), say("Refunds take 5 business days. [sources: 1]"), verdict(true));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "I have a question about my order");
    await first.arrived;
    const second = await ask(v, "How long does a refund take?", id);
    first.release();
    await waitFor(async () => (await aiPublic(id)).length === 1 && (await decisions(id)).length === 2, 15000);
    const ds = await decisions(id);
    expect(ds.map((d) => [d.action, d.rule])).toEqual([
      ["dropped", "stale_newer_customer_message"],
      ["answer", "model_answer"],
    ]);
    expect(ds[1]!.triggerMessageId).toBe(second.message.id);
    const calls = modelCalls(openai);
    expect(calls).toHaveLength(2);
    const asked = JSON.stringify(calls[1]!.body.messages);
    expect(asked).toContain("I have a question about my order");
    expect(asked).toContain("How long does a refund take?");
    expect(await received(v, id)).toEqual(["Refunds take 5 business days."]);
  });

  it("set_contact_field: what the customer tells the model fills the contact after the reply is sent", async () => {
    openai.push(
      callTool("set_contact_field", { field: "email", value: "rosa@example.com" }),
      say("Thanks Rosa, refunds take 5 business days. [sources: 1]"),
      verdict(true),
    );
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "I'm rosa@example.com, how long does a refund take?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const contactId = (await getConversation(s.ctx.db, id))!.contact.id;
    await waitFor(async () => (await getContact(s.ctx.db, contactId, false))?.email === "rosa@example.com");
    expect(modelCalls(openai)).toHaveLength(2);
  });

  it("a burst of three messages: one model call whose prompt has all three, and one reply", async () => {
    await setAi({ replyDelaySeconds: 1 });
    openai.push(
      say("Refunds reach your card within 5 business days after the parcel arrives. [sources: 1]"),
      verdict(true),
    );
    const burst = ["Hi there", "I sent my parcel back last week", "How long does a refund take?"];
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, burst[0]!);
    await ask(v, burst[1]!, id);
    const third = await ask(v, burst[2]!, id);
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const calls = modelCalls(openai);
    expect(calls).toHaveLength(1);
    const users = (calls[0]!.body.messages as { role: string; content: unknown }[])
      .filter((m) => m.role === "user")
      .map((m) => JSON.stringify(m.content));
    for (const text of burst) expect(users.some((u) => u.includes(text))).toBe(true);
    const ds = await decisions(id);
    expect(ds.map((d) => [d.action, d.rule])).toEqual([["answer", "model_answer"]]);
    expect(ds[0]!.triggerMessageId).toBe(third.message.id);
    // Nothing left pending: another turn neither calls the model nor answers again.
    await runTurn(s.ctx, id);
    expect(openai.requests).toHaveLength(2);
    expect(await aiPublic(id)).toHaveLength(1);
    expect(await received(v, id)).toEqual(["Refunds reach your card within 5 business days after the parcel arrives."]);
  });

  it("Gemini (GEMINI_BASE_URL): answered through the whole responder, with its citation", async () => {
    await setAi({ provider: "google", apiKey: GEMINI_KEY });
    gemini.push(say("Open Settings, choose Security and click Reset password. [sources: 1]"), verdict(true));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "How do I reset my password?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const [reply] = await aiPublic(id);
    expect(reply!.content).toBe("Open Settings, choose Security and click Reset password.");
    const meta = (reply!.metadata as any).ai;
    expect(meta).toMatchObject({ kind: "answer", rule: "model_answer", provider: "google", model: "gemini-2.5-flash" });
    expect(meta.sources.map((x: any) => x.sourceId)).toEqual([articles.password]);
    expect(gemini.requests).toHaveLength(2);
    expect(gemini.requests[0]!.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(gemini.requests[0]!.headers["x-goog-api-key"]).toBe(GEMINI_KEY);
    expect(JSON.stringify(gemini.requests[0]!.body.systemInstruction)).toContain("[1] Password reset");
    expect(JSON.stringify(gemini.requests[0]!.body.contents)).toContain("How do I reset my password?");
    expect(openai.requests).toHaveLength(0);
    expect((await decisions(id))[0]).toMatchObject({ action: "answer", provider: "google" });
    expect(await received(v, id)).toEqual([reply!.content]);
  });

  it("OpenRouter (OPENROUTER_BASE_URL): answered through the whole responder, with its citation", async () => {
    await setAi({ provider: "openrouter", apiKey: OPENROUTER_KEY });
    openrouter.push(say("Every parcel gets a tracking number by email when it leaves. [sources: 1]"), verdict(true));
    const v = await visitor(s.url, channelId);
    const { conversationId: id } = await ask(v, "Where do I find the tracking number of my parcel?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const [reply] = await aiPublic(id);
    expect(reply!.content).toBe("Every parcel gets a tracking number by email when it leaves.");
    const meta = (reply!.metadata as any).ai;
    expect(meta).toMatchObject({ kind: "answer", provider: "openrouter", model: "openai/gpt-5-mini" });
    expect(meta.sources.map((x: any) => x.sourceId)).toEqual([articles.tracking]);
    expect(openrouter.requests).toHaveLength(2);
    expect(openrouter.requests[0]!.path).toBe("/api/v1/chat/completions");
    expect(openrouter.requests[0]!.headers.authorization).toBe(`Bearer ${OPENROUTER_KEY}`);
    expect(systemOf(openrouter.requests[0]!)).toContain("[1] Parcel tracking");
    expect(openai.requests).toHaveLength(0);
    expect(await received(v, id)).toEqual([reply!.content]);
  });
});
