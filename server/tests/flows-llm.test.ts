// The LLM brain against the OpenAI fake the AI tests use (Chat Completions over SSE): tokens
// streamed one by one, tool calls (set_field, next_step) applied to the run, and a late model: a
// filler said and logged, then the scripted brain answers the turn.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { callTool, type FakeModelServer, hang, say, tokens } from "../src/features/ai/fakes/script";
import { brainFor, FlowRunner } from "../src/features/flows";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

const KEY = "sk-flows-0001";

describe.each(drivers)("flow LLM brain (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let openai: FakeModelServer;
  let flowId: string;
  beforeAll(async () => {
    openai = await startOpenAiFake({ key: KEY });
    s = await bootServer(driver, {
      OPENAI_BASE_URL: `${openai.url}/v1`,
      FLOW_FIRST_TOKEN_MS: "300",
      AI_MAX_RETRIES: "0",
    });
    admin = await loginAs(s.url);
    const r = await admin.req("PUT", "/api/ai/settings", { provider: "openai", apiKey: KEY, model: "gpt-4o-mini" });
    expect(r.status, r.text).toBe(200);
    flowId = (await admin.get("/api/flows")).body.items[0].id;
  });
  afterAll(async () => {
    await s?.stop();
    await openai?.close();
  });

  it("streams the model's tokens as they come and applies its tool calls", async () => {
    openai.reset();
    openai.chunkDelayMs = 5;
    const greeting =
      "Hello, this is Asha from the lab partner network. The call is recorded. May we talk for two minutes?";
    openai.push(say(greeting));
    const runner = await FlowRunner.open(s.ctx, {
      callId: randomUUID(),
      flowId,
      contactId: null,
      brain: await brainFor(s.ctx, "llm"),
    });
    const outs = [];
    for await (const o of runner.respond(null)) outs.push(o);
    // One output per streamed delta: the engine can speak the first words before the model is done.
    expect(outs.length).toBe(tokens(greeting).length);
    expect(outs.map((o) => (o.type === "token" ? o.text : "")).join("")).toBe(greeting);
    const req = openai.requests.at(-1)!;
    expect(req.body.stream).toBe(true);
    expect(req.body.tools.map((t: any) => t.function.name).sort()).toEqual(["end_call", "next_step", "set_field"]);
    expect(req.body.messages[0].content).toMatch(/Current step: greeting/);

    const offer = "Wonderful. We run a zero-commission partner network. Would your lab like to join?";
    openai.push(callTool("set_field", { key: "consent", value: "Yes" }), callTool("next_step", {}), say(offer));
    let text = "";
    for await (const o of runner.respond("Yes, sure")) if (o.type === "token") text += o.text;
    expect(text).toBe(offer);
    expect(runner.state.fields).toEqual({ consent: "yes" });
    expect(runner.state.stepId).toBe("offer");
    // The model's context is what was said: the greeting as the assistant, the callee as the user.
    const second = openai.requests.filter((r) => Array.isArray(r.body?.tools)).at(-3)!;
    expect(second.body.messages.slice(1).map((m: any) => [m.role, m.content])).toEqual([
      ["assistant", greeting],
      ["user", "Yes, sure"],
    ]);
    // A value the parser refuses is not kept (the model is told to ask again).
    openai.push(callTool("set_field", { key: "interest", value: "purple" }), say("Sorry, would you like to join?"));
    for await (const _ of runner.respond("purple")) void _;
    expect(runner.state.fields.interest).toBeUndefined();
    const turns = await runner.turns();
    expect(turns.map((t) => t.role)).toEqual(["agent", "callee", "agent", "callee", "agent"]);
  });

  it("an interrupt while the model is still streaming stops it and keeps only what was played", async () => {
    openai.reset();
    openai.chunkDelayMs = 40;
    const text =
      "Hello, this is Asha from the lab partner network, calling about a zero-commission partner network for labs.";
    openai.push(say(text));
    const runner = await FlowRunner.open(s.ctx, {
      callId: randomUUID(),
      flowId,
      contactId: null,
      brain: await brainFor(s.ctx, "llm"),
    });
    const got: string[] = [];
    for await (const o of runner.respond(null)) {
      if (o.type !== "token") continue;
      got.push(o.text);
      // Twilio reports what it had spoken when the callee barged in: the first two tokens.
      if (got.length === 2) await runner.interrupted(got.join(""));
    }
    expect(got.length).toBeLessThan(tokens(text).length);
    const [turn] = await runner.turns();
    expect(turn).toMatchObject({ role: "agent", text: got.slice(0, 2).join(""), interrupted: true });
    // The next model call sees only the played part.
    openai.chunkDelayMs = 0;
    openai.push(say("Sorry, go ahead."));
    for await (const _ of runner.respond("Who is this?")) void _;
    const last = openai.requests.filter((r) => Array.isArray(r.body?.tools)).at(-1)!;
    expect(last.body.messages.slice(1, 2)).toEqual([{ role: "assistant", content: got.slice(0, 2).join("") }]);
  });

  it("says a filler when the model is late, logs it, and the scripted brain answers when it stays silent", async () => {
    openai.reset();
    const warn = vi.spyOn(s.ctx.log, "warn");
    const error = vi.spyOn(s.ctx.log, "error");
    openai.push(hang());
    const r = await admin.post(`/api/flows/${flowId}/test`, { brain: "llm" });
    expect(r.status, r.text).toBe(200);
    expect(r.body.brain).toBe("llm");
    expect(r.body.replies[0]).toMatch(/^One moment, please\. Hello, this is Asha/);
    expect(r.body.turns).toEqual([expect.objectContaining({ role: "agent", filler: true })]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ callId: r.body.sessionId }),
      "flow LLM late: filler said",
    );
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ callId: r.body.sessionId }),
      "flow LLM silent: the scripted brain answers this turn",
    );
    expect(r.body.stepId).toBe("greeting");
    warn.mockRestore();
    error.mockRestore();
  });
});
