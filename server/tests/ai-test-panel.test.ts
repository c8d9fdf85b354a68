import { aiTestBatchResultSchema, aiTestResultSchema } from "@switchboard/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideTurn, loadAiSettings } from "../src/features/ai";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

/**
 * The test panel runs exactly the responder's decision (decideTurn) with no conversation. The
 * assertions compare with decideTurn called directly, so they hold for the placeholder and for the
 * real responder alike (only latency may differ between two runs).
 */
describe.each(drivers)("AI test panel: POST /api/ai/test and /api/ai/test/batch (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    await admin.post("/api/knowledge/articles", {
      title: "Refunds",
      body: "# Refunds\n\nRefunds reach your card within 5 working days of the return arriving.",
      status: "published",
    });
    await admin.post("/api/agents", { name: "Sam", email: "sam@example.com", password: "Sam-password-123" });
    agent = await loginAs(s.url, "sam@example.com", "Sam-password-123");
  });
  afterAll(() => s.stop());

  const direct = async (question: string, overrides: Record<string, unknown> = {}) => {
    const loaded = await loadAiSettings(s.ctx);
    return decideTurn(s.ctx, {
      settings: { ...loaded.settings, ...overrides },
      apiKey: loaded.apiKey,
      conversation: null,
      history: [],
      pending: [{ id: crypto.randomUUID(), content: question }],
      state: { turns: 0, humanOffered: false },
    });
  };

  it("answers one question with the decision's fields, sources with titles", async () => {
    const q = "how long do refunds take?";
    const r = await admin.post("/api/ai/test", { question: q });
    expect(r.status).toBe(200);
    expect(aiTestResultSchema.parse(r.body)).toBeTruthy();
    const d = await direct(q);
    expect(r.body).toMatchObject({
      action: d.action,
      rule: d.rule,
      reason: d.reason,
      answer: d.text,
      provider: d.provider,
      model: d.model,
      confidence: d.confidence,
    });
    expect(r.body.sources.map((x: any) => x.chunkId)).toEqual(d.sources.map((x) => x.chunkId));
    for (const src of r.body.sources) expect(src.title).toEqual(expect.any(String));
    expect(r.body.latencyMs).toEqual(expect.any(Number));
    expect(r.body.latencyMs).toBeGreaterThanOrEqual(0);
    if (r.body.action === "handoff") expect(r.body.answer).toBeNull();
    else expect(r.body.answer).toEqual(expect.any(String));
  });

  it("tries unsaved settings without saving them", async () => {
    const q = "how long do refunds take?";
    const r = await admin.post("/api/ai/test", {
      question: q,
      settings: { confidenceThreshold: 1, maxTurns: 3, apiKey: "sk-not-saved" },
    });
    expect(r.status).toBe(200);
    const d = await direct(q, { confidenceThreshold: 1, maxTurns: 3 });
    expect(r.body).toMatchObject({ action: d.action, rule: d.rule });
    const loaded = await loadAiSettings(s.ctx);
    expect(loaded.settings.confidenceThreshold).not.toBe(1);
    expect(loaded.apiKey).not.toBe("sk-not-saved");
    const bad = await admin.post("/api/ai/test", { question: q, settings: { confidenceThreshold: 7 } });
    expect(bad.status).toBe(400);
  });

  it("is for admins, and needs a question", async () => {
    expect((await agent.post("/api/ai/test", { question: "hi" })).status).toBe(403);
    expect((await agent.post("/api/ai/test/batch", { questions: ["hi"] })).status).toBe(403);
    expect((await admin.post("/api/ai/test", { question: "   " })).status).toBe(400);
  });

  it("a batch answers each question in order, with totals; at most 50", async () => {
    const questions = ["how long do refunds take?", "I want to talk to a person", "do you ship to Mars?"];
    const r = await admin.post("/api/ai/test/batch", { questions });
    expect(r.status).toBe(200);
    const body = aiTestBatchResultSchema.parse(r.body);
    expect(body.items.map((i) => i.question)).toEqual(questions);
    for (const [i, q] of questions.entries()) {
      const d = await direct(q);
      expect(body.items[i]!.error).toBeNull();
      expect(body.items[i]!.result).toMatchObject({ action: d.action, rule: d.rule, answer: d.text });
    }
    const actions = body.items.map((i) => i.result!.action);
    expect(body.totals).toEqual({
      questions: 3,
      answered: actions.filter((a) => a === "answer").length,
      offeredHuman: actions.filter((a) => a === "offer_human").length,
      wouldHandOff: actions.filter((a) => a === "handoff").length,
      failed: 0,
    });

    const fifty = Array.from({ length: 50 }, (_, i) => `question ${i + 1}`);
    const ok = await admin.post("/api/ai/test/batch", { questions: fifty });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((i: any) => i.question)).toEqual(fifty);
    expect((await admin.post("/api/ai/test/batch", { questions: [...fifty, "one more"] })).status).toBe(400);
    expect((await admin.post("/api/ai/test/batch", { questions: [] })).status).toBe(400);
  });
});
