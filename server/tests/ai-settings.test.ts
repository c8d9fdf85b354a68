import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer } from "./helpers";

const KEY = "sk-test-0123456789abcdefWXYZ";
const ENV_KEY = "sk-env-key-from-environment-9876";

describe.each(drivers)("AI settings (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  let channelId: string;

  beforeAll(async () => {
    s = await bootServer(driver, { GEMINI_API_KEY: ENV_KEY });
    admin = await loginAs(s.url);
    await admin.post("/api/agents", { name: "Ana", email: "ana@example.com", password: "agent-password-1" });
    agent = await loginAs(s.url, "ana@example.com", "agent-password-1");
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(() => s.stop());

  const rawRow = async () =>
    (await s.ctx.database.executeSql("select settings, api_key_sealed from ai_settings", [])) as unknown as {
      rows?: Record<string, unknown>[];
    };

  it("starts on the built-in answer matcher with the contract's defaults, and no key", async () => {
    const r = await admin.get("/api/ai/settings");
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ enabled: false, provider: "matcher", maxTurns: 8, channelIds: [] });
    expect(r.body.apiKey).toEqual({ set: false, source: null, hint: null });
  });

  it("seals a stored key: never in a response, the row or the audit log; the view shows its last four", async () => {
    const r = await admin.req("PUT", "/api/ai/settings", {
      provider: "openai",
      model: "gpt-5-mini",
      apiKey: KEY,
      enabled: true,
      channelIds: [channelId],
      guidance: ["Never promise a refund"],
    });
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toContain(KEY);
    expect(r.body.apiKey).toEqual({ set: true, source: "settings", hint: "WXYZ" });
    expect(r.body).toMatchObject({ provider: "openai", enabled: true, channelIds: [channelId] });

    const g = await admin.get("/api/ai/settings");
    expect(g.text).not.toContain(KEY);
    expect(g.body.guidance).toEqual(["Never promise a refund"]);

    const row = await rawRow();
    const dump = JSON.stringify(row);
    expect(dump).toContain("api_key_sealed");
    expect(dump).not.toContain(KEY);
    expect(dump).toMatch(/v1:/);

    const audit = await admin.get("/api/audit-log?action=ai.settings_updated");
    expect(audit.status).toBe(200);
    expect(audit.text).toContain("ai.settings_updated");
    expect(audit.text).not.toContain(KEY);

    // The brain gets the key in clear from loadAiSettings.
    const { loadAiSettings } = await import("../src/features/ai");
    expect((await loadAiSettings(s.ctx)).apiKey).toBe(KEY);
  });

  it("keeps the key when absent, removes it on null, and drops it when the provider changes", async () => {
    let r = await admin.req("PUT", "/api/ai/settings", { temperature: 0.7 });
    expect(r.body.apiKey.source).toBe("settings");
    expect(r.body.temperature).toBe(0.7);
    r = await admin.req("PUT", "/api/ai/settings", { apiKey: null });
    expect(r.body.apiKey).toEqual({ set: false, source: null, hint: null });
    r = await admin.req("PUT", "/api/ai/settings", { apiKey: KEY });
    expect(r.body.apiKey.source).toBe("settings");
    // Gemini: the OpenAI key is dropped, and the environment's GEMINI_API_KEY is used.
    r = await admin.req("PUT", "/api/ai/settings", { provider: "google" });
    expect(r.body.apiKey).toEqual({ set: true, source: "environment", hint: "9876" });
    expect(r.text).not.toContain(ENV_KEY);
    expect(JSON.stringify(await rawRow())).not.toMatch(/v1:/);
  });

  it("rejects bad input with 400 and inconsistent settings with 422 and field errors", async () => {
    expect((await admin.req("PUT", "/api/ai/settings", { temperature: 5 })).status).toBe(400);
    expect((await admin.req("PUT", "/api/ai/settings", { provider: "claude" })).status).toBe(400);
    let r = await admin.req("PUT", "/api/ai/settings", { provider: "openai_compatible" });
    expect(r.status).toBe(422);
    expect(r.body.error.details.fieldErrors.baseUrl).toBeTruthy();
    r = await admin.req("PUT", "/api/ai/settings", { channelIds: ["00000000-0000-4000-8000-000000000000"] });
    expect(r.status).toBe(422);
    expect(r.body.error.details.fieldErrors.channelIds).toBeTruthy();
    r = await admin.req("PUT", "/api/ai/settings", {
      businessHours: { mode: "inside_hours", timezone: "Mars/Olympus", hours: [] },
    });
    expect(r.status).toBe(422);
    // Nothing of the rejected changes was stored.
    expect((await admin.get("/api/ai/settings")).body.provider).toBe("google");
    r = await admin.req("PUT", "/api/ai/settings", {
      provider: "openai_compatible",
      baseUrl: "http://127.0.0.1:11434/v1",
      model: "llama3.1",
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.apiKey.set).toBe(false);
  });

  it("is for admins only", async () => {
    expect((await agent.get("/api/ai/settings")).status).toBe(403);
    expect((await agent.req("PUT", "/api/ai/settings", { enabled: false })).status).toBe(403);
  });
});
