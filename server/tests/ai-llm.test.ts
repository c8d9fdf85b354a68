import crypto from "node:crypto";
import { type AiSettings, aiSettingsSchema, type KnowledgeHit } from "@switchboard/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import type { BrainInput } from "../src/features/ai/brain";
import { brainFor } from "../src/features/ai/brains";
import { startGeminiFake } from "../src/features/ai/fakes/gemini-fake";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { startOpenRouterFake } from "../src/features/ai/fakes/openrouter-fake";
import {
  callTool,
  callTools,
  type FakeModelServer,
  hang,
  malformed,
  quotaExceeded,
  rateLimited,
  say,
  serverError,
  unauthorized,
  verdict,
} from "../src/features/ai/fakes/script";
import { findFalsePromise } from "../src/features/ai/llm/guard";

const hit = (title: string, content: string): KnowledgeHit => ({
  chunkId: crypto.randomUUID(),
  score: 0.5,
  textRank: 1,
  trigramRank: 1,
  textScore: 0.4,
  trigramSimilarity: 0.5,
  heading: null,
  content,
  source: { type: "article", id: crypto.randomUUID(), title },
});
const REFUND = hit("Refund policy", "Refunds go to the original payment method within 5 business days.");
const SHIPPING = hit("Shipping", "Standard delivery takes 3 to 7 business days.");
const TRACKING = hit("Tracking", "Every parcel has a tracking number, sent by email when it leaves the warehouse.");

let openai: FakeModelServer;
let gemini: FakeModelServer;
let openrouter: FakeModelServer;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  [openai, gemini, openrouter] = await Promise.all([
    startOpenAiFake(),
    startGeminiFake({ key: "g-test" }),
    startOpenRouterFake({ key: "or-test" }),
  ]);
  config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: "/tmp/unused",
    OPENAI_BASE_URL: `${openai.url}/v1`,
    GEMINI_BASE_URL: `${gemini.url}/v1beta`,
    OPENROUTER_BASE_URL: `${openrouter.url}/api/v1`,
    AI_TIMEOUT_SECONDS: "1",
    AI_MAX_RETRIES: "2",
  });
});
afterAll(() => Promise.all([openai.close(), gemini.close(), openrouter.close()]));
beforeEach(() => {
  openai.reset();
  gemini.reset();
  openrouter.reset();
});

function input(settings: Partial<AiSettings>, over: Partial<BrainInput> = {}): BrainInput {
  const question = over.pending?.[0]?.content ?? "How long does a refund take?";
  return {
    settings: aiSettingsSchema.parse({ provider: "openai", ...settings }),
    apiKey: settings.provider === "google" ? "g-test" : settings.provider === "openrouter" ? "or-test" : "sk-test",
    conversation: { id: crypto.randomUUID() } as BrainInput["conversation"],
    contact: { name: "Maria", email: null, phone: null, attributes: {} },
    history: [{ role: "customer", content: question, at: new Date().toISOString() }],
    pending: [{ id: crypto.randomUUID(), content: question }],
    language: "english",
    knowledge: [REFUND, SHIPPING],
    search: async (q) => (/track/i.test(q) ? [TRACKING] : []),
    signal: new AbortController().signal,
    ...over,
  };
}
const turn = (settings: Partial<AiSettings> = {}, over: Partial<BrainInput> = {}) =>
  brainFor({ config }, aiSettingsSchema.parse({ provider: "openai", ...settings })).turn(input(settings, over));

describe("LLM brain against the OpenAI fake", () => {
  it("answers from the knowledge with the cited sources; the prompt has persona, guidance and numbered chunks", async () => {
    openai.push(say("Refunds reach your card within 5 business days.\n[sources: 1]"), verdict(true));
    const t = await turn({ guidance: ["Never mention competitors"], persona: "You are Sam from Acme." });
    expect(t).toMatchObject({
      kind: "reply",
      text: "Refunds reach your card within 5 business days.",
      model: "gpt-5-mini",
    });
    expect(t.sources.map((s) => s.source.title)).toEqual(["Refund policy"]);
    expect(openai.requests).toHaveLength(2);
    const first = openai.requests[0]!;
    expect(first.headers.authorization).toBe("Bearer sk-test");
    const system = first.body.messages[0];
    expect(system.role).toMatch(/system|developer/);
    expect(system.content).toContain("You are Sam from Acme.");
    expect(system.content).toContain("1. Never mention competitors");
    expect(system.content).toContain("[1] Refund policy\nRefunds go to");
    expect(system.content).toContain("[2] Shipping");
    expect(system.content).toMatch(/never promise calls, emails, refunds/i);
    expect(first.body.tools.map((t: any) => t.function.name).sort()).toEqual([
      "create_ticket",
      "handoff_to_human",
      "search_knowledge",
      "set_contact_field",
    ]);
    // The guard pass asked for a structured verdict, with the reply and the knowledge.
    const guard = openai.requests[1]!.body;
    expect(guard.response_format?.type).toBe("json_schema");
    expect(JSON.stringify(guard.messages)).toContain("Refunds reach your card");
  });

  it("without a sources line, the sources are every chunk the model was given", async () => {
    openai.push(say("Delivery takes 3 to 7 business days."), verdict(true));
    const t = await turn();
    expect(t.kind).toBe("reply");
    expect(t.sources.map((s) => s.source.title)).toEqual(["Refund policy", "Shipping"]);
  });

  it("calls search_knowledge, then answers from what it found; set_contact_field keeps only safe fields", async () => {
    openai.push(
      callTools(
        { name: "search_knowledge", args: { query: "tracking number" } },
        { name: "set_contact_field", args: { field: "email", value: "maria@example.com" } },
        { name: "set_contact_field", args: { field: "assigneeId", value: "me" } },
        { name: "set_contact_field", args: { field: "order_number", value: "8812" } },
      ),
      say("You get a tracking number by email when the parcel leaves. [sources: 3]"),
      verdict(true),
    );
    const t = await turn({}, { pending: [{ id: crypto.randomUUID(), content: "Where is my tracking number?" }] });
    expect(t.kind).toBe("reply");
    if (t.kind !== "reply") return;
    expect(t.sources.map((s) => s.source.title)).toEqual(["Tracking"]);
    expect(t.contactFields).toEqual({ email: "maria@example.com", order_number: "8812" });
    // The second request carries the tool results back to the model.
    const toolMsgs = openai.requests[1]!.body.messages.filter((m: any) => m.role === "tool");
    expect(toolMsgs).toHaveLength(4);
    expect(JSON.stringify(toolMsgs)).toContain("[3] Tracking");
    expect(JSON.stringify(toolMsgs)).toContain("Not allowed: assigneeId");
  });

  it("handoff_to_human ends the turn as a handoff with the model's reason, summary and priority", async () => {
    openai.push(
      callTool("handoff_to_human", {
        reason: "Customer asked for a person",
        priority: "high",
        summary: "Refund dispute",
      }),
    );
    const t = await turn();
    expect(t).toMatchObject({
      kind: "handoff",
      rule: "model_requested",
      reason: "Customer asked for a person",
      summary: "Refund dispute",
      priority: "high",
    });
    expect(openai.requests).toHaveLength(1);
  });

  it("quota (insufficient_quota) is not retried; a rate limit is retried, then handed off", async () => {
    openai.push(quotaExceeded());
    let t = await turn();
    expect(t).toMatchObject({ kind: "handoff", rule: "provider_quota" });
    expect(t.kind === "handoff" && t.reason).toMatch(/quota|billing/i);
    expect(openai.requests).toHaveLength(1);

    openai.reset();
    openai.push(rateLimited(5), rateLimited(5), rateLimited(5), say("never reached"));
    t = await turn();
    expect(t).toMatchObject({ kind: "handoff", rule: "provider_rate_limited" });
    expect(openai.requests).toHaveLength(3); // the first try and AI_MAX_RETRIES=2 retries

    openai.reset();
    openai.push(rateLimited(5), say("Refunds take 5 business days. [sources: 1]"), verdict(true));
    t = await turn();
    expect(t.kind).toBe("reply");
  });

  it("a 500 is retried then handed off as provider_error; a refused key is provider_auth", async () => {
    openai.push(serverError(), serverError(), serverError());
    expect(await turn()).toMatchObject({ kind: "handoff", rule: "provider_error" });
    expect(openai.requests).toHaveLength(3);
    openai.reset();
    openai.push(unauthorized());
    expect(await turn()).toMatchObject({ kind: "handoff", rule: "provider_auth" });
    expect(openai.requests).toHaveLength(1);
    expect(
      await brainFor({ config }, aiSettingsSchema.parse({ provider: "openai" })).turn({ ...input({}), apiKey: null }),
    ).toMatchObject({
      kind: "handoff",
      rule: "provider_auth",
    });
  });

  it("a model that never answers is a timeout (AI_TIMEOUT_SECONDS) and the turn still ends", async () => {
    openai.push(hang());
    const started = Date.now();
    const t = await turn();
    expect(t).toMatchObject({ kind: "handoff", rule: "provider_timeout" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("malformed output, an empty answer and invalid tool input are provider_malformed", async () => {
    openai.push(malformed());
    expect(await turn()).toMatchObject({ kind: "handoff", rule: "provider_malformed" });
    openai.reset();
    openai.push(say("   "));
    expect(await turn()).toMatchObject({ kind: "handoff", rule: "provider_malformed" });
    openai.reset();
    openai.push(callTool("handoff_to_human", { priority: "whenever" }));
    const t = await turn();
    expect(t).toMatchObject({ kind: "handoff", rule: "provider_malformed" });
    expect(t.kind === "handoff" && t.reason).toMatch(/handoff_to_human/);
  });

  it("the guard blocks a false promise deterministically, without asking the model", async () => {
    openai.push(say("I've refunded your order, you'll see it tomorrow. [sources: 1]"));
    const t = await turn();
    expect(t).toMatchObject({ kind: "handoff", rule: "guard_blocked" });
    expect(t.kind === "handoff" && t.reason).toContain("I've refunded");
    expect(openai.requests).toHaveLength(1);
  });

  it("the guard blocks on the model's verdict, with its explanation as the reason", async () => {
    openai.push(
      say("Refunds take 2 hours. [sources: 1]"),
      verdict(false, "unsupported_fact", "The knowledge says 5 business days, not 2 hours"),
    );
    const t = await turn();
    expect(t).toMatchObject({
      kind: "handoff",
      rule: "guard_blocked",
      reason: "The knowledge says 5 business days, not 2 hours",
    });
    expect(t.sources.map((s) => s.source.title)).toEqual(["Refund policy"]);
  });

  it("a guard verdict that is not the schema fails closed (malformed)", async () => {
    openai.push(say("Refunds take 5 business days. [sources: 1]"), say("looks good to me"));
    expect(await turn()).toMatchObject({ kind: "handoff", rule: "provider_malformed" });
  });
});

describe("the deterministic promise check", () => {
  it.each([
    "I'll call you tomorrow to sort it out.",
    "I will email you the invoice.",
    "We'll refund the difference.",
    "I have refunded your payment.",
    "Te llamaré mañana.",
    "Te he reembolsado el importe.",
    "Vamos a reembolsarte hoy.",
    "Je vous rappellerai demain.",
    "Ich werde Sie anrufen.",
    "Saya akan menelepon Anda besok.",
    "मैं आपको कॉल करूँगा।",
    "سأتصل بك غدا",
  ])("blocks %s", (s) => expect(findFalsePromise(s)).not.toBeNull());
  it.each([
    "Refunds go to your card within 5 business days.",
    "You can call us on weekdays from 9 to 5.",
    "A person from our team will answer here.",
    "Te puedo explicar cómo pedir un reembolso.",
    "Anda bisa menghubungi kami lewat chat ini.",
  ])("lets %s through", (s) => expect(findFalsePromise(s)).toBeNull());
});

describe("Gemini and OpenRouter end to end", () => {
  it("Gemini: a functionCall part, then the answer and the verdict", async () => {
    gemini.push(
      callTool("search_knowledge", { query: "tracking" }),
      say("Your tracking number comes by email. [sources: 3]"),
      verdict(true),
    );
    const t = await turn({ provider: "google" });
    expect(t).toMatchObject({ kind: "reply", text: "Your tracking number comes by email.", model: "gemini-2.5-flash" });
    expect(t.sources.map((s) => s.source.title)).toEqual(["Tracking"]);
    expect(gemini.requests[0]!.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(gemini.requests[0]!.headers["x-goog-api-key"]).toBe("g-test");
    expect(JSON.stringify(gemini.requests[0]!.body.systemInstruction)).toContain("[1] Refund policy");
    expect(JSON.stringify(gemini.requests[1]!.body.contents)).toContain("functionResponse");
  });

  it("Gemini: quota 429 (billing) vs rate limit 429 (retried)", async () => {
    gemini.push(quotaExceeded());
    expect(await turn({ provider: "google" })).toMatchObject({ kind: "handoff", rule: "provider_quota" });
    expect(gemini.requests).toHaveLength(1);
    gemini.reset();
    gemini.push(rateLimited(5), say("Delivery takes 3 to 7 business days. [sources: 2]"), verdict(true));
    expect(await turn({ provider: "google" })).toMatchObject({ kind: "reply" });
    expect(gemini.requests).toHaveLength(3);
  });

  it("OpenRouter: answers (OpenAI wire, vendor/model ids); out of credits (402) is provider_quota", async () => {
    openrouter.push(say("Refunds take 5 business days. [sources: 1]"), verdict(true));
    const t = await turn({ provider: "openrouter" });
    expect(t).toMatchObject({ kind: "reply", model: "openai/gpt-5-mini" });
    expect(openrouter.requests[0]!.path).toBe("/api/v1/chat/completions");
    expect(openrouter.requests[0]!.body.model).toBe("openai/gpt-5-mini");
    expect(openrouter.requests[0]!.headers.authorization).toBe("Bearer or-test");
    openrouter.reset();
    openrouter.push(quotaExceeded());
    expect(await turn({ provider: "openrouter" })).toMatchObject({ kind: "handoff", rule: "provider_quota" });
    expect(openrouter.requests).toHaveLength(1);
  });

  it("OpenAI-compatible (Ollama, vLLM): the settings' base URL, no key needed", async () => {
    openai.push(say("Refunds take 5 business days. [sources: 1]"), verdict(true));
    const b = brainFor(
      { config },
      aiSettingsSchema.parse({ provider: "openai_compatible", baseUrl: `${openai.url}/v1`, model: "llama3.1" }),
    );
    const t = await b.turn({
      ...input({ provider: "openai_compatible", baseUrl: `${openai.url}/v1`, model: "llama3.1" }),
      apiKey: null,
    });
    expect(t).toMatchObject({ kind: "reply", model: "llama3.1" });
    expect(openai.requests[0]!.body.model).toBe("llama3.1");
  });
});

describe("streaming wire of the fakes (what the copilot uses)", () => {
  const streamed = async (provider: "openai" | "google" | "openrouter", key: string) => {
    const { streamText } = await import("ai");
    const { languageModel } = await import("../src/features/ai/providers");
    const r = streamText({
      model: languageModel(config, aiSettingsSchema.parse({ provider }), key),
      prompt: "hi",
      maxRetries: 0,
    });
    const parts: string[] = [];
    for await (const t of r.textStream) parts.push(t);
    return parts;
  };

  it("OpenAI SSE (data: chunks, [DONE]) arrives in pieces", async () => {
    openai.push(say("Refunds take five business days."));
    const parts = await streamed("openai", "sk-test");
    expect(parts.join("")).toBe("Refunds take five business days.");
    expect(parts.length).toBeGreaterThan(3);
    expect(openai.requests[0]!.body.stream).toBe(true);
  });

  it("Gemini streamGenerateContent?alt=sse arrives in pieces", async () => {
    gemini.push(say("Los reembolsos tardan cinco días."));
    const parts = await streamed("google", "g-test");
    expect(parts.join("")).toBe("Los reembolsos tardan cinco días.");
    expect(parts.length).toBeGreaterThan(3);
    expect(gemini.requests[0]!.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    expect(gemini.requests[0]!.query.get("alt")).toBe("sse");
  });

  it("OpenRouter's SSE comment lines (: OPENROUTER PROCESSING) are skipped", async () => {
    openrouter.push(say("Delivery takes three to seven days."));
    const parts = await streamed("openrouter", "or-test");
    expect(parts.join("")).toBe("Delivery takes three to seven days.");
    // The raw wire really carries them (and ends with [DONE]).
    openrouter.push(say("ok"));
    const raw = await fetch(`${openrouter.url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer or-test", "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-5-mini", stream: true, messages: [] }),
    });
    const text = await raw.text();
    expect(raw.headers.get("x-generation-id")).toMatch(/^gen-/);
    expect(text).toContain(": OPENROUTER PROCESSING\n\n");
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  });
});
