import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { type FakeModelServer, quotaExceeded, say } from "../src/features/ai/fakes/script";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

/** Reads a copilot stream event by event, noting when each arrived. */
async function copilot(c: Client, conversationId: string, body: Record<string, unknown>) {
  const res = await fetch(`${c.base}/api/conversations/${conversationId}/copilot`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: c.cookie, origin: c.base },
    body: JSON.stringify(body),
  });
  if (!res.headers.get("content-type")?.startsWith("text/event-stream"))
    return { status: res.status, events: [] as any[], json: await res.json().catch(() => null) };
  const events: (any & { at: number })[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i = buf.indexOf("\n\n");
    while (i >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (line.startsWith("data: ")) events.push({ ...JSON.parse(line.slice(6)), at: Date.now() });
      i = buf.indexOf("\n\n");
    }
  }
  return { status: res.status, events, json: null };
}

describe.each(drivers)("copilot (%s)", (driver) => {
  let s: TestServer;
  let fake: FakeModelServer;
  let admin: Client;
  let agent: Client;
  let conversationId: string;

  beforeAll(async () => {
    fake = await startOpenAiFake({ key: "sk-copilot" });
    s = await bootServer(driver, { OPENAI_BASE_URL: `${fake.url}/v1`, AI_MAX_RETRIES: "0" });
    admin = await loginAs(s.url);
    await admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "agent-password-1" });
    agent = await loginAs(s.url, "ana@example.com", "agent-password-1");
    const channelId = (await createWebchat(admin)).channel.id;
    await admin.post("/api/knowledge/articles", {
      title: "Refund policy",
      body: "Refunds are issued to the original payment method within 5 business days after we receive the item.",
      status: "published",
    });
    const v = await visitor(s.url, channelId, { name: "Dana" });
    const sent = await v.post("/api/widget/messages", {
      content: "How long does a refund take? I returned the parcel.",
    });
    conversationId = sent.body.conversationId;
  });
  afterAll(async () => {
    await s.stop();
    await fake.close();
  });

  it("with the answer matcher: suggests the top knowledge match, summarises extractively, cannot rephrase", async () => {
    const r = await copilot(agent, conversationId, { action: "suggest" });
    expect(r.status).toBe(200);
    expect(r.events[0]).toMatchObject({ type: "start", provider: "matcher", extractive: true });
    const draft = r.events.find((e) => e.type === "draft");
    expect(draft.text).toMatch(/within 5 business days/);
    expect(draft.title).toBe("Refund policy");
    expect(r.events.at(-1).type).toBe("done");

    const sum = await copilot(agent, conversationId, { action: "summarise" });
    expect(sum.events.find((e) => e.type === "draft").text).toContain("Customer asked: “How long does a refund take?");

    const re = await copilot(agent, conversationId, { action: "rephrase", text: "ok", style: "friendlier" });
    expect(re.status).toBe(422);
    expect(re.json.error.message).toMatch(/language model/);
    expect(fake.requests).toHaveLength(0);
  });

  it("with OpenAI: streams the suggestion token by token from the fake's SSE", async () => {
    const put = await admin.req("PUT", "/api/ai/settings", { provider: "openai", apiKey: "sk-copilot" });
    expect(put.status, put.text).toBe(200);
    fake.chunkDelayMs = 40;
    fake.push(
      say("Hi Dana, refunds reach your original payment method within 5 business days of the parcel arriving."),
    );
    const r = await copilot(agent, conversationId, { action: "suggest" });
    expect(r.events[0]).toMatchObject({ type: "start", provider: "openai", model: "gpt-5-mini", extractive: false });
    expect(r.events.find((e) => e.type === "sources").sources[0].title).toBe("Refund policy");
    const deltas = r.events.filter((e) => e.type === "delta");
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((d) => d.text).join("")).toBe(
      "Hi Dana, refunds reach your original payment method within 5 business days of the parcel arriving.",
    );
    // Incremental: the first token arrived well before the last (the fake waits 40 ms between chunks).
    expect(deltas.at(-1).at - deltas[0].at).toBeGreaterThan(200);
    expect(r.events.at(-1).type).toBe("done");
    const req = fake.requests.at(-1)!;
    expect(req.stream).toBe(true);
    expect(JSON.stringify(req.body.messages)).toContain("[1] Refund policy");
    expect(JSON.stringify(req.body.messages)).toContain("Customer: How long does a refund take?");
  });

  it("rephrase and translate send the draft with the style; a provider failure ends with an error event", async () => {
    fake.chunkDelayMs = 0;
    fake.push(say("Hola Dana, el reembolso tarda 5 días hábiles."));
    const r = await copilot(agent, conversationId, {
      action: "rephrase",
      text: "Refund takes 5 days.",
      style: "translate",
      language: "Spanish",
    });
    expect(
      r.events
        .filter((e) => e.type === "delta")
        .map((d) => d.text)
        .join(""),
    ).toBe("Hola Dana, el reembolso tarda 5 días hábiles.");
    const body = JSON.stringify(fake.requests.at(-1)!.body.messages);
    expect(body).toContain("Translate the support agent's draft into Spanish");
    expect(body).toContain("Refund takes 5 days.");

    fake.push(quotaExceeded());
    const bad = await copilot(agent, conversationId, { action: "summarise" });
    expect(bad.events.at(-1)).toMatchObject({ type: "error", rule: "provider_quota" });
  });

  it("checks its input and the conversation", async () => {
    expect((await copilot(agent, conversationId, { action: "rephrase" })).status).toBe(400);
    expect((await copilot(agent, "00000000-0000-4000-8000-000000000000", { action: "suggest" })).status).toBe(404);
    expect((await copilot(agent, conversationId, { action: "dance" })).status).toBe(400);
  });
});
