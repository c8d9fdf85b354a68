import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { type FakeModelServer, held, say, verdict } from "../src/features/ai/fakes/script";
import { aiDecisions } from "../src/features/ai/schema";
import { conversations, messages } from "../src/features/inbox/schema";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor, waitFor } from "./helpers";

/**
 * A person takes the conversation while the model is still writing: the model call itself is
 * cancelled (the provider's connection closes), not merely its draft dropped once it arrives. The
 * turn watches PostgreSQL, so a takeover committed by another process stops it too.
 */
describe.each(drivers)("AI responder: a takeover cancels the model call in flight (%s)", (driver) => {
  const KEY = "sk-abort-0001";
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  let openai: FakeModelServer;

  const sql = async (text: string, values: unknown[] = []) => (await s.ctx.database.executeSql(text, values)).rows;
  const decisions = (id: string) =>
    s.ctx.db.select().from(aiDecisions).where(eq(aiDecisions.conversationId, id)).orderBy(asc(aiDecisions.createdAt));
  const conv = async (id: string) => (await s.ctx.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
  const aiMessages = async (id: string) =>
    (await s.ctx.db.select().from(messages).where(eq(messages.conversationId, id))).filter(
      (m) => m.senderType === "ai",
    );
  const ask = async (v: Client, content: string) => {
    const r = await v.post("/api/widget/messages", { content });
    expect(r.status, r.text).toBe(201);
    return r.body.conversationId as string;
  };
  /** The dropped decision of a cancelled call, once the turn has recorded it. */
  const stopped = async (id: string) => {
    await waitFor(async () => (await decisions(id)).length === 1, 15000);
    const [d] = await decisions(id);
    return d!;
  };

  beforeAll(async () => {
    openai = await startOpenAiFake({ key: KEY });
    // A long timeout: what stops the call must be the takeover, never the clock.
    s = await bootServer(driver, { OPENAI_BASE_URL: `${openai.url}/v1`, AI_TIMEOUT_SECONDS: "30" });
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
    const kb = await admin.post("/api/knowledge/articles", {
      title: "Refund policy",
      body: "Refunds reach your original payment method within 5 business days after the parcel arrives.",
      status: "published",
    });
    expect(kb.status, kb.text).toBe(201);
    const r = await admin.req("PUT", "/api/ai/settings", {
      enabled: true,
      channelIds: [channelId],
      provider: "openai",
      apiKey: KEY,
      replyDelaySeconds: 0,
    });
    expect(r.status, r.text).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await openai?.close();
  });
  afterEach(() => openai.reset());

  it("a person replies while the model is generating: the call is cancelled and nothing is sent", async () => {
    const answer = held(say("Refunds take 5 business days. [sources: 1]"));
    openai.push(answer.step, verdict(true));
    const v = await visitor(s.url, channelId);
    const id = await ask(v, "How long does a refund take?");
    await answer.arrived;
    expect((await admin.post(`/api/conversations/${id}/messages`, { content: "Hi, Sam here" })).status).toBe(201);
    // The fake sees its connection closed while it still holds the answer.
    await answer.closed;
    const d = await stopped(id);
    expect(d).toMatchObject({ action: "dropped", rule: "stale_not_ai", details: { aborted: true } });
    expect(d.reason).toContain("the model call was cancelled");
    // One request (the answer's); no guard pass for a draft that never came, no AI message at all.
    expect(openai.requests).toHaveLength(1);
    expect(await aiMessages(id)).toHaveLength(0);
    expect((await conv(id)).handler).toBe("human");
    // Released late, the answer goes nowhere: the request is gone.
    answer.release();
    expect(await aiMessages(id)).toHaveLength(0);
  });

  it("a takeover committed elsewhere (the row changes, no event here) cancels the call too", async () => {
    const answer = held(say("Refunds take 5 business days. [sources: 1]"));
    openai.push(answer.step, verdict(true));
    const v = await visitor(s.url, channelId);
    const id = await ask(v, "How long does a refund take?");
    await answer.arrived;
    // As another process's takeover looks from here: only PostgreSQL knows.
    await sql("update conversations set handler = 'human' where id = $1", [id]);
    await answer.closed;
    const d = await stopped(id);
    expect(d).toMatchObject({ action: "dropped", rule: "stale_not_ai", details: { aborted: true } });
    expect(openai.requests).toHaveLength(1);
    expect(await aiMessages(id)).toHaveLength(0);
  });
});
