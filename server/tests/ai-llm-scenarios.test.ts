import crypto from "node:crypto";
import { aiSettingsSchema, type KnowledgeHit } from "@switchboard/contracts";
import { describe, expect, it } from "vitest";
import { callTool, say, verdict } from "../src/features/ai/fakes/script";
import { retrievalHint, systemPrompt } from "../src/features/ai/llm/prompt";
import { defaults, KEY, useLlmScenarios } from "./ai-llm-suite";
import { drivers, visitor, waitFor } from "./helpers";

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
 * τ-bench style scenarios with a language model (answers, tools, handoff, guard): a scripted customer writes through
 * the widget API, the fake provider (OpenAI Chat Completions, Gemini, OpenRouter) follows a script,
 * and each scenario asserts the end state: the thread and what the customer received, the handler,
 * the assignee or the queue, the decisions with their rule and reason, ai_conversations, the handoff
 * note, the citations. The server and its fakes: ai-llm-suite.ts.
 */
describe.each(drivers)("AI responder with a language model: answers, tools, handoff, guard (%s)", (driver) => {
  const {
    t,
    articles,
    handoffs,
    decisions,
    conv,
    aiState,
    aiPublic,
    note,
    received,
    ask,
    handedOff,
    modelCalls,
    systemOf,
    setAvailability,
  } = useLlmScenarios(driver);

  it("answers from the knowledge base and cites it: [sources: 1] becomes metadata.ai.sources", async () => {
    t.openai.push(
      say("Refunds reach your original payment method within 5 business days after the parcel arrives.\n[sources: 1]"),
      verdict(true),
    );
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id, message } = await ask(v, "How long does a refund take?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const [reply] = await aiPublic(id);
    // The sources line is stripped from what the customer reads.
    expect(reply!.content).toBe(
      "Refunds reach your original payment method within 5 business days after the parcel arrives.",
    );
    // The model was given several chunks, the refund policy first; it cited only [1].
    const system = systemOf(modelCalls(t.openai)[0]!);
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
    expect(t.openai.requests).toHaveLength(2);
    expect(t.openai.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(await received(v, id)).toEqual([reply!.content]);
  });

  it("calls search_knowledge, then answers from what it found", async () => {
    t.openai.push(
      callTool("search_knowledge", { query: "parcel tracking number" }),
      say("Your tracking number comes by email as soon as the parcel leaves the warehouse. [sources: 1]"),
      verdict(true),
    );
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "Has my stuff left yet?");
    await waitFor(async () => (await aiPublic(id)).length === 1, 15000);
    const calls = modelCalls(t.openai);
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
    expect(t.openai.requests).toHaveLength(3);
  });

  it("handoff_to_human {reason, priority high, summary}: the note, priority high, routed to the online agent", async () => {
    await setAvailability("online");
    const reason = "The parcel arrived broken and the customer wants a replacement";
    const summary = "Order 8812 arrived damaged; the customer asks for a replacement, not a refund.";
    t.openai.push(callTool("handoff_to_human", { reason, priority: "high", summary }));
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id, message } = await ask(v, "My order 8812 arrived broken, I want a new one");
    await handedOff(id);
    // The tool ends the turn: no answer, no guard pass.
    expect(t.openai.requests).toHaveLength(1);
    const n = (await note(id))!;
    expect(n.content).toBe(`Handed off: ${reason}. Summary: ${summary}`);
    expect((n.metadata as any).ai).toMatchObject({ kind: "handoff", rule: "model_requested", reason, summary });
    const c = await conv(id);
    expect([c.handler, c.priority, c.assigneeId, c.queuedAt]).toEqual(["human", "high", t.agent.id, null]);
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
    expect((await t.agent.c.get(`/api/conversations/${id}`)).body.assignee.id).toBe(t.agent.id);
  });

  it("a false promise is blocked by the guard, never sent, and handed off with that reason", async () => {
    t.openai.push(say("I'll call you tomorrow to sort this out. [sources: 1]"));
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "My refund has not arrived after two weeks");
    await handedOff(id);
    // Deterministic: the phrase check blocks it before the model's verdict is asked for.
    expect(t.openai.requests).toHaveLength(1);
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
    t.openai.push(say("Refunds arrive within 24 hours. [sources: 1]"), verdict(false, "unsupported_fact", why));
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(t.openai.requests).toHaveLength(2);
    expect(t.openai.requests[1]!.body.response_format?.type).toBe("json_schema");
    expect((await decisions(id))[0]).toMatchObject({ action: "handoff", rule: "guard_blocked", reason: why });
    expect((await note(id))!.content).toContain("Blocked draft (unsupported_fact): Refunds arrive within 24 hours.");
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
  });
});
