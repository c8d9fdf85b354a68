// The set-up every LLM scenario suite shares: a server whose responder talks to fake OpenAI, Gemini
// and OpenRouter endpoints, a website channel, a small knowledge base, one agent, and the helpers
// that read the end state of a scenario (thread, decisions, handler, what the customer received).
import { aiSettingsSchema } from "@switchboard/contracts";
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startGeminiFake } from "../src/features/ai/fakes/gemini-fake";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { startOpenRouterFake } from "../src/features/ai/fakes/openrouter-fake";
import type { FakeModelServer, RecordedRequest } from "../src/features/ai/fakes/script";
import { aiConversations, aiDecisions } from "../src/features/ai/schema";
import { conversations, messages } from "../src/features/inbox/schema";
import { bootServer, type Client, createWebchat, type Driver, loginAs, type TestServer, waitFor } from "./helpers";

export const KEY = "sk-scenario-0001";
export const GEMINI_KEY = "g-scenario-0002";
export const OPENROUTER_KEY = "or-scenario-0003";
export const MAX_RETRIES = 2;
export const defaults = aiSettingsSchema.parse({});

/**
 * Registers beforeAll/afterAll/afterEach for one scenario server; the returned object's server,
 * clients and fakes are filled in by beforeAll (read them as `t.s`, `t.openai`, …).
 */
export function useLlmScenarios(driver: Driver) {
  const t = {
    s: undefined as unknown as TestServer,
    admin: undefined as unknown as Client,
    channelId: "",
    openai: undefined as unknown as FakeModelServer,
    gemini: undefined as unknown as FakeModelServer,
    openrouter: undefined as unknown as FakeModelServer,
    agent: undefined as unknown as { id: string; c: Client },
  };
  const articles: Record<string, string> = {};
  const handoffs: { conversation: { id: string }; rule: string; reason: string; summary: string | null }[] = [];

  async function setAi(patch: Record<string, unknown> = {}) {
    const r = await t.admin.req("PUT", "/api/ai/settings", {
      enabled: true,
      channelIds: [t.channelId],
      provider: "openai",
      apiKey: KEY,
      model: "",
      replyDelaySeconds: 0,
      ...patch,
    });
    expect(r.status, r.text).toBe(200);
  }
  const sql = async (text: string, values: unknown[] = []) => (await t.s.ctx.database.executeSql(text, values)).rows;
  const thread = (id: string) =>
    t.s.ctx.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, id))
      .orderBy(asc(messages.createdAt), asc(messages.id));
  const decisions = (id: string) =>
    t.s.ctx.db.select().from(aiDecisions).where(eq(aiDecisions.conversationId, id)).orderBy(asc(aiDecisions.createdAt));
  const conv = async (id: string) =>
    (await t.s.ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
  const aiState = async (id: string) =>
    (await t.s.ctx.db.select().from(aiConversations).where(eq(aiConversations.conversationId, id)))[0];
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
    expect((await t.agent.c.patch("/api/me", { availability })).status).toBe(200);

  // No own timeout: the config's hookTimeout is sized for a busy machine (three files now boot this).
  beforeAll(async () => {
    [t.openai, t.gemini, t.openrouter] = await Promise.all([
      startOpenAiFake({ key: KEY }),
      startGeminiFake({ key: GEMINI_KEY }),
      startOpenRouterFake({ key: OPENROUTER_KEY }),
    ]);
    t.s = await bootServer(driver, {
      OPENAI_BASE_URL: `${t.openai.url}/v1`,
      GEMINI_BASE_URL: `${t.gemini.url}/v1beta`,
      OPENROUTER_BASE_URL: `${t.openrouter.url}/api/v1`,
      AI_TIMEOUT_SECONDS: "2",
      AI_MAX_RETRIES: String(MAX_RETRIES),
    });
    t.s.ctx.bus.on("conversation.handoff", (e) => void handoffs.push(e));
    t.admin = await loginAs(t.s.url);
    t.channelId = (await createWebchat(t.admin, { allowedOrigins: ["http://shop.test"] })).channel.id;
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
      const r = await t.admin.post("/api/knowledge/articles", { title, body, status: "published" });
      expect(r.status, r.text).toBe(201);
      articles[key] = r.body.id;
    }
    const r = await t.admin.post("/api/agents", {
      name: "Olu",
      email: "olu@example.com",
      capacity: 50,
      password: "agent-password-123",
    });
    expect(r.status, r.text).toBe(201);
    t.agent = { id: r.body.agent.id, c: await loginAs(t.s.url, "olu@example.com", "agent-password-123") };
    await setAi();
  });
  afterAll(async () => {
    await t.s?.stop();
    await Promise.all([t.openai?.close(), t.gemini?.close(), t.openrouter?.close()]);
  });
  afterEach(async () => {
    await setAvailability("offline");
    // Nothing left waiting for the next test's agent (rows changed directly: no events, no routing).
    await sql("update conversations set status = 'resolved', queued_at = null");
    t.openai.reset();
    t.gemini.reset();
    t.openrouter.reset();
    await setAi();
  });
  return {
    t,
    articles,
    handoffs,
    setAi,
    sql,
    thread,
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
  };
}
