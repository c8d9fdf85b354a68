import type { KnowledgeHit } from "@switchboard/contracts";
import { aiSettingsSchema } from "@switchboard/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideTurn } from "../src/features/ai";
import { answerOf, matchConfidence, passage } from "../src/features/ai/matcher-brain";
import { searchKnowledge } from "../src/features/knowledge";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

/**
 * The matcher's confidence, calibrated on a small labelled set: questions the knowledge base answers
 * (with the source that answers them) and questions it does not. matcher-brain.ts documents the
 * formula: max(min(1, textScore / 0.1), trigramSimilarity when >= 0.6).
 */
const answerable: [string, string][] = [
  ["How long do refunds take?", "How long do refunds take?"],
  ["how long does a refund take", "How long do refunds take?"],
  ["do you ship to canada", "Do you ship internationally?"],
  ["international shipping", "Do you ship internationally?"],
  ["I forgot my password", "How do I reset my password?"],
  ["reset password", "How do I reset my password?"],
  ["opening hours", "What are your opening hours?"],
  ["when are you open", "What are your opening hours?"],
  ["can I return a gift card", "Returns policy"],
  ["my item arrived damaged", "Returns policy"],
  ["how do I return something", "Returns policy"],
  ["cuanto tardan los reembolsos", "¿Cuánto tardan los reembolsos?"],
];
const unanswerable = [
  "When will I get my money back?",
  "what is the weather today",
  "do you sell bicycles",
  "I want to change my delivery address",
  "cancel my subscription",
  "thanks for nothing, where is the invoice",
  "where is my order",
];

describe.each(drivers)("answer matcher (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    const qa = [
      ["How long do refunds take?", "Refunds reach your card within **5 business days** after we receive the parcel."],
      ["Do you ship internationally?", "Yes, we ship to 40 countries. Shipping costs are shown at checkout."],
      ["How do I reset my password?", "Open Settings, choose Security and click *Reset password*."],
      ["What are your opening hours?", "Our team answers Monday to Friday, 9:00–17:00 CET."],
      ["¿Cuánto tardan los reembolsos?", "Los reembolsos llegan a tu tarjeta en 5 días hábiles."],
    ];
    for (const [question, answer] of qa)
      expect((await admin.post("/api/knowledge/qa", { question, answer })).status).toBe(201);
    const body = [
      "# Returning an item",
      "You can return any item within 30 days of delivery. Print the label from your order page and drop the parcel at any post office.",
      "",
      "# Damaged items",
      "If an item arrived damaged, send us a photo and we replace it at no cost.",
      "",
      "# Gift cards",
      "Gift cards cannot be returned or exchanged.",
    ].join("\n");
    const r = await admin.post("/api/knowledge/articles", { title: "Returns policy", body, status: "published" });
    expect(r.status).toBe(201);
  }, 60_000);
  afterAll(async () => s?.stop());

  const settings = aiSettingsSchema.parse({});
  const ask = (q: string) =>
    decideTurn(s.ctx, {
      settings,
      apiKey: null,
      conversation: null,
      history: [],
      pending: [{ id: "t", content: q }],
      state: { turns: 0, humanOffered: false },
    });

  it.each(answerable)("answers %j from %j", async (q, title) => {
    const d = await ask(q);
    expect(d.action, d.reason).toBe("answer");
    expect(d.sources[0]!.source.title).toBe(title);
    expect(d.confidence).toBeGreaterThanOrEqual(settings.confidenceThreshold);
  });

  it.each(unanswerable)("hands off %j (low_confidence)", async (q) => {
    const d = await ask(q);
    expect(d).toMatchObject({ action: "handoff", rule: "low_confidence", provider: "matcher" });
    expect(d.confidence ?? 0).toBeLessThan(settings.confidenceThreshold);
  });

  it("answers a Q&A with its answer only, an article with the relevant section, Markdown kept", async () => {
    const refund = await ask("How long do refunds take?");
    expect(refund.text).toBe("Refunds reach your card within **5 business days** after we receive the parcel.");
    const damaged = await ask("my item arrived damaged");
    expect(damaged.text).toBe("If an item arrived damaged, send us a photo and we replace it at no cost.");
    expect(damaged.sources[0]!.heading).toBe("Damaged items");
  });

  it("anything failing inside the turn hands off (provider_error) instead of leaving the customer unanswered", async () => {
    // Every statement fails: db.execute, and the named statements (platform/db/named.ts) that go
    // through the session.
    const fail = () => Promise.reject(new Error("connection reset"));
    const broken = new Proxy(s.ctx.db, {
      get: (t, k) =>
        k === "execute" ? fail : k === "session" ? { prepareQuery: () => ({ execute: fail }) } : Reflect.get(t, k),
    });
    const d = await decideTurn(
      { ...s.ctx, db: broken },
      {
        settings,
        apiKey: null,
        conversation: null,
        history: [],
        pending: [{ id: "t", content: "How long do refunds take?" }],
        state: { turns: 0, humanOffered: false },
      },
    );
    expect(d).toMatchObject({ action: "handoff", rule: "provider_error", provider: "matcher" });
    expect(d.reason).toContain("connection reset");
  });

  it("a stricter threshold hands off what the default answers", async () => {
    const d = await decideTurn(s.ctx, {
      settings: { ...settings, confidenceThreshold: 0.95 },
      apiKey: null,
      conversation: null,
      history: [],
      pending: [{ id: "t", content: "do you ship to canada" }],
      state: { turns: 0, humanOffered: false },
    });
    expect(d).toMatchObject({ action: "handoff", rule: "low_confidence" });
    expect((await searchKnowledge(s.ctx.db, { query: "do you ship to canada", limit: 1 })).results).toHaveLength(1);
  });
});

describe("matcher pieces", () => {
  const hit = (p: Partial<KnowledgeHit>): KnowledgeHit => ({
    chunkId: "00000000-0000-4000-8000-000000000000",
    score: 0.016,
    textRank: 1,
    trigramRank: null,
    textScore: null,
    trigramSimilarity: null,
    heading: null,
    content: "",
    source: { type: "qa", id: "00000000-0000-4000-8000-000000000001", title: "T" },
    ...p,
  });
  it("confidence: text score saturates at 0.1, a trigram match counts from 0.6", () => {
    expect(matchConfidence(hit({ textScore: 0.05 }))).toBe(0.5);
    expect(matchConfidence(hit({ textScore: 0.3 }))).toBe(1);
    expect(matchConfidence(hit({ textScore: 0.01, trigramSimilarity: 0.82 }))).toBe(0.82);
    expect(matchConfidence(hit({ textScore: 0.01, trigramSimilarity: 0.5 }))).toBe(0.1);
  });
  it("a Q&A chunk's answer is what follows the questions", () => {
    expect(answerOf(hit({ content: "How?\nAnd how else?\n\nLike **this**.\n\nAnd that." }))).toBe(
      "Like **this**.\n\nAnd that.",
    );
  });
  it("a long passage is cut at a paragraph, else at a sentence", () => {
    const para = "Sentence one is here. ".repeat(20).trim();
    expect(passage(`${para}\n\n${para}`)).toBe(para);
    const long = "Word and more words. ".repeat(60).trim();
    const cut = passage(long);
    expect(cut.length).toBeLessThanOrEqual(700);
    expect(cut.endsWith(".")).toBe(true);
  });
});
