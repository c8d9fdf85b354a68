import { describe, expect, it } from "vitest";
import {
  malformed,
  quotaExceeded,
  rateLimited,
  say,
  serverError,
  slow,
  verdict,
} from "../src/features/ai/fakes/script";
import { defaults, MAX_RETRIES, useLlmScenarios } from "./ai-llm-suite";
import { drivers, visitor, waitFor } from "./helpers";

/**
 * τ-bench style scenarios with a language model (provider failures and timeouts): a scripted customer writes through
 * the widget API, the fake provider (OpenAI Chat Completions, Gemini, OpenRouter) follows a script,
 * and each scenario asserts the end state: the thread and what the customer received, the handler,
 * the assignee or the queue, the decisions with their rule and reason, ai_conversations, the handoff
 * note, the citations. The server and its fakes: ai-llm-suite.ts.
 */
describe.each(drivers)("AI responder with a language model: provider failures and timeouts (%s)", (driver) => {
  const { t, setAi, thread, decisions, conv, aiState, note, received, ask, handedOff, setAvailability } =
    useLlmScenarios(driver);

  it("429 insufficient_quota hands off at once (one request, no retry); the online agent gets it", async () => {
    await setAvailability("online");
    t.openai.push(quotaExceeded());
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(t.openai.requests).toHaveLength(1);
    const [d] = await decisions(id);
    expect(d).toMatchObject({ action: "handoff", rule: "provider_quota", provider: "openai" });
    expect(d!.reason).toMatch(/out of quota or credits \(HTTP 429\); an admin must check billing/);
    expect((await note(id))!.content).toContain(d!.reason.replace(/[.\s]+$/, ""));
    expect(await received(v, id)).toEqual([defaults.handoffMessage]);
    const c = await conv(id);
    expect([c.handler, c.assigneeId]).toEqual(["human", t.agent.id]);
    expect(await aiState(id)).toMatchObject({ handoffRule: "provider_quota" });
  });

  it("429 rate_limit_exceeded is retried AI_MAX_RETRIES times, then handed off; nobody online: the offline message", async () => {
    for (let i = 0; i <= MAX_RETRIES; i++) t.openai.push(rateLimited(5));
    t.openai.push(say("Never reached [sources: 1]"));
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(t.openai.requests).toHaveLength(1 + MAX_RETRIES);
    expect(t.openai.pending()).toBe(1);
    expect((await decisions(id)).map((d) => [d.action, d.rule])).toEqual([["handoff", "provider_rate_limited"]]);
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
    const c = await conv(id);
    expect([c.handler, c.assigneeId]).toEqual(["human", null]);
    expect(c.queuedAt).not.toBeNull();
  });

  it("a 500 is retried, then handed off (provider_error)", async () => {
    for (let i = 0; i <= MAX_RETRIES; i++) t.openai.push(serverError(500));
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(t.openai.requests).toHaveLength(1 + MAX_RETRIES);
    const [d] = await decisions(id);
    expect(d).toMatchObject({ action: "handoff", rule: "provider_error", reason: "The OpenAI API failed (HTTP 500)" });
    expect(await received(v, id)).toEqual([defaults.offlineMessage]);
  });

  it("a model slower than AI_TIMEOUT_SECONDS hands off (provider_timeout), and its late answer is never sent", async () => {
    t.openai.push(slow(4000, say("Too late. [sources: 1]")));
    const v = await visitor(t.s.url, t.channelId);
    const started = Date.now();
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await handedOff(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(t.openai.requests).toHaveLength(1);
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
    t.openai.push(slow(1300, say("Refunds take 5 business days. [sources: 1]")), slow(1300, verdict(true)));
    const v = await visitor(t.s.url, t.channelId);
    const { conversationId: id } = await ask(v, "How long does a refund take?");
    await waitFor(async () => (await decisions(id)).length === 1, 15000);
    expect((await decisions(id))[0]).toMatchObject({ action: "answer", rule: "model_answer" });
    expect(await received(v, id)).toEqual(["Refunds take 5 business days."]);
  });

  it("a malformed answer (provider_malformed) and a refused key (provider_auth) hand off at once", async () => {
    t.openai.push(malformed());
    const v = await visitor(t.s.url, t.channelId);
    const first = (await ask(v, "How long does a refund take?")).conversationId;
    await handedOff(first);
    expect((await decisions(first))[0]).toMatchObject({ action: "handoff", rule: "provider_malformed" });
    expect(t.openai.requests).toHaveLength(1);
    t.openai.reset();
    await setAi({ apiKey: "sk-not-the-right-one" });
    const w = await visitor(t.s.url, t.channelId);
    const second = (await ask(w, "How long does a refund take?")).conversationId;
    await handedOff(second);
    const [d] = await decisions(second);
    expect(d).toMatchObject({ action: "handoff", rule: "provider_auth" });
    expect(d!.reason).toBe("The OpenAI API refused the key (HTTP 401); an admin must check the AI settings");
    expect(t.openai.requests).toHaveLength(1);
    expect(await received(w, second)).toEqual([defaults.offlineMessage]);
  });
});
