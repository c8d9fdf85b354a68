// Flows: the API (CRUD, validation, admin writes), the seeded default flow, and the default flow
// played end to end with the scripted brain through the test panel API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labPartnershipFlow } from "../src/features/flows/default-flow";
import { parseFieldValue, readBack } from "../src/features/flows/fields";
import { conversationRelayAttributes } from "../src/features/flows/relay-attributes";
import { bootServer, type Client, drivers, loginAs, type TestServer } from "./helpers";

describe("flow field parsing", () => {
  const ctx = { now: new Date("2026-12-02T04:30:00Z"), timeZone: "Asia/Kolkata", defaultCountry: "IN" };
  const f = (type: any, choices: string[] = []) => ({
    key: "k",
    label: "K",
    type,
    ask: "?",
    required: true,
    choices,
    confirm: false,
  });
  it("reads typed values deterministically", () => {
    expect(parseFieldValue(f("phone"), "nine eight seven six five four three two one zero", ctx)).toBe("+919876543210");
    expect(parseFieldValue(f("phone"), "98765 43210", ctx)).toBe("+919876543210");
    expect(parseFieldValue(f("phone"), "twelve", ctx)).toBeNull();
    expect(parseFieldValue(f("email"), "priya dot sharma at sunrise labs dot in", ctx)).toBe(
      "priya.sharma@sunriselabs.in",
    );
    expect(parseFieldValue(f("number"), "about 40 tests", ctx)).toBe(40);
    expect(parseFieldValue(f("choice", ["yes", "no", "later"]), "not interested, sorry", ctx)).toBe("no");
    expect(parseFieldValue(f("choice", ["yes", "no", "later"]), "haan ji", ctx)).toBe("yes");
    expect(parseFieldValue(f("choice", ["yes", "no", "later"]), "I'm busy, maybe later", ctx)).toBe("later");
    // 04:30 UTC is 10:00 in Kolkata on Wednesday 2 December.
    expect(parseFieldValue(f("datetime"), "tomorrow at 11 am", ctx)).toBe("2026-12-03 11:00");
    expect(parseFieldValue(f("datetime"), "Friday evening", ctx)).toBe("2026-12-04 18:00");
    expect(parseFieldValue(f("date"), "next week sometime", ctx)).toBeNull();
    expect(readBack(f("phone"), "+919876543210")).toBe("9 8 7 6 5, 4 3 2 1 0");
  });
  it("maps a flow to ConversationRelay attributes", () => {
    const flow = { ...labPartnershipFlow, id: "x", version: 1, createdAt: "", updatedAt: "" } as any;
    expect(
      conversationRelayAttributes({ ...flow, language: "hi", interruptionSensitivity: "low" }, "wss://x/r", {
        callId: "1",
      }),
    ).toMatchObject({
      language: "hi-IN",
      ttsProvider: "ElevenLabs",
      interruptible: "dtmf",
      customParameters: { callId: "1" },
    });
    expect(conversationRelayAttributes(flow, "wss://x/r", {}).interruptible).toBe("speech");
  });
});

describe.each(drivers)("flows API (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let agent: Client;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    const r = await admin.post("/api/agents", {
      email: "agent@example.com",
      name: "Agent",
      role: "agent",
      password: "agent-password-123",
    });
    expect(r.status, r.text).toBe(201);
    agent = await loginAs(s.url, "agent@example.com", "agent-password-123");
    const kb = await admin.post("/api/knowledge/articles", {
      title: "Partner network commission",
      body: "Labs in the partner network pay zero commission on every booking. We send people looking for tests to labs near them.",
      status: "published",
    });
    expect(kb.status, kb.text).toBe(201);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("seeds the lab partnership flow once, and agents may read but not write", async () => {
    const list = await agent.get("/api/flows");
    expect(list.status).toBe(200);
    const seeded = list.body.items.filter((f: { name: string }) => f.name === "Lab partnership invitation");
    expect(seeded).toHaveLength(1);
    expect(seeded[0].steps).toBe(labPartnershipFlow.steps.length);
    const one = await agent.get(`/api/flows/${seeded[0].id}`);
    expect(one.body.steps.map((x: { id: string }) => x.id)).toEqual([
      "greeting",
      "offer",
      "details",
      "questions",
      "follow_up",
      "close",
    ]);
    expect((await agent.post("/api/flows", labPartnershipFlow)).status).toBe(403);
    expect((await agent.post(`/api/flows/${seeded[0].id}/test`, {})).status).toBe(403);
  });

  it("creates, replaces (version counts), deletes, and refuses invalid flows with 400", async () => {
    const body = { ...labPartnershipFlow, name: "Copy" };
    const c = await admin.post("/api/flows", body);
    expect(c.status, c.text).toBe(201);
    expect(c.body.version).toBe(1);
    const u = await admin.req("PUT", `/api/flows/${c.body.id}`, { ...body, name: "Copy 2", language: "hi" });
    expect(u.status, u.text).toBe(200);
    expect(u.body).toMatchObject({ name: "Copy 2", language: "hi", version: 2 });
    expect(Date.parse(u.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(c.body.updatedAt));

    const bad = async (patch: Record<string, unknown>) =>
      (await admin.post("/api/flows", { ...body, ...patch })).status;
    expect(await bad({ steps: [] })).toBe(400);
    expect(await bad({ language: "fr" })).toBe(400);
    expect(await bad({ silenceTimeoutSeconds: 0 })).toBe(400);
    const steps = structuredClone(labPartnershipFlow.steps);
    steps[0]!.next = "nowhere";
    expect(await bad({ steps })).toBe(400);
    const dup = structuredClone(labPartnershipFlow.steps);
    dup[1]!.id = "greeting";
    expect(await bad({ steps: dup })).toBe(400);
    const choice = structuredClone(labPartnershipFlow.steps);
    choice[0]!.fields[0]!.choices = ["yes"];
    expect(await bad({ steps: choice })).toBe(400);
    const tool = structuredClone(labPartnershipFlow.steps) as any;
    tool[0].tools = ["launch_rockets"];
    expect(await bad({ steps: tool })).toBe(400);

    expect((await admin.del(`/api/flows/${c.body.id}`)).status).toBe(204);
    expect((await admin.get(`/api/flows/${c.body.id}`)).status).toBe(404);
    expect((await admin.del(`/api/flows/${c.body.id}`)).status).toBe(404);
  });

  it("plays the default flow end to end with the scripted brain: fields collected, read back, outcome interested", async () => {
    const finished: any[] = [];
    const turns: any[] = [];
    s.ctx.bus.on("flow.finished", (e) => void finished.push(e));
    s.ctx.bus.on("flow.turn", (e) => void turns.push(e));
    const id = (await admin.get("/api/flows")).body.items.find((f: any) => f.name === "Lab partnership invitation").id;
    const open = await admin.post(`/api/flows/${id}/test`, { brain: "scripted" });
    expect(open.status, open.text).toBe(200);
    expect(open.body.brain).toBe("scripted");
    expect(open.body.replies[0]).toMatch(/recorded/);
    const sessionId = open.body.sessionId;
    const say = async (text: string) => {
      const r = await admin.post(`/api/flows/${id}/test`, { sessionId, text, brain: "scripted" });
      expect(r.status, r.text).toBe(200);
      return r.body;
    };
    expect((await say("yes, go ahead")).replies[0]).toMatch(/zero commission/);
    expect((await say("Yes, we would like to join")).stepId).toBe("details");
    expect((await say("It's Sunrise Diagnostics")).replies[0]).toBe("I have Sunrise Diagnostics. Is that right?");
    expect((await say("yes")).replies[0]).toMatch(/city/);
    await say("We are in Pune");
    await say("Blood tests, thyroid profile and X-ray");
    expect((await say("Priya Sharma")).replies[0]).toMatch(/Priya Sharma\. Is that right/);
    // A correction replaces the value read back.
    expect((await say("No, Priya Verma")).replies[0]).toMatch(/Priya Verma\. Is that right/);
    await say("yes");
    await say("She is the lab manager");
    expect((await say("98765 43210")).replies[0]).toBe("I have 9 8 7 6 5, 4 3 2 1 0. Is that right?");
    const q = await say("yes");
    expect(q.stepId).toBe("questions");
    const answer = await say("How much commission do you charge?");
    expect(answer.replies[0]).toMatch(/zero commission/);
    expect(answer.toolCalls).toContainEqual({
      name: "knowledge_search",
      args: { query: "How much commission do you charge?" },
    });
    expect((await say("no, that's all")).stepId).toBe("follow_up");
    const done = await say("Tomorrow at 11 am");
    expect(done.ended).toBe(true);
    expect(done.outcome).toBe("interested");
    expect(done.fields).toMatchObject({
      consent: "yes",
      interest: "yes",
      lab_name: "Sunrise Diagnostics",
      city: "Pune",
      tests_offered: "Blood tests, thyroid profile and X-ray",
      contact_person: "Priya Verma",
      contact_role: "She is the lab manager",
      whatsapp: "+919876543210",
      questions_done: "no",
    });
    expect(done.fields.follow_up_at).toMatch(/^\d{4}-\d{2}-\d{2} 11:00$/);
    expect(done.toolCalls.map((t: any) => t.name)).toEqual(["knowledge_search", "book_follow_up", "send_whatsapp"]);
    expect(done.turns.filter((t: any) => t.role === "callee")).toHaveLength(15);
    expect(done.turns.at(-1).text).toMatch(/WhatsApp/);
    expect(finished).toEqual([
      expect.objectContaining({ callId: sessionId, flowId: id, outcome: "interested", fields: done.fields }),
    ]);
    expect(finished[0].summary).toMatch(/^Outcome: interested\. .*Lab name: Sunrise Diagnostics/);
    expect(turns.filter((t) => t.callId === sessionId)).toHaveLength(done.turns.length);
    // An ended test call takes no more turns.
    expect((await admin.post(`/api/flows/${id}/test`, { sessionId, text: "hello?" })).status).toBe(409);
  });

  it("ends with wrong number or call back when the callee says so, and not interested on a no", async () => {
    const id = (await admin.get("/api/flows")).body.items.find((f: any) => f.name === "Lab partnership invitation").id;
    const play = async (...lines: string[]) => {
      let r = (await admin.post(`/api/flows/${id}/test`, { brain: "scripted" })).body;
      for (const text of lines)
        r = (await admin.post(`/api/flows/${id}/test`, { sessionId: r.sessionId, text, brain: "scripted" })).body;
      return r;
    };
    expect((await play("Sorry, wrong number")).outcome).toBe("wrong_number");
    expect((await play("yes", "maybe later, I'm busy")).outcome).toBe("call_back");
    expect((await play("yes", "No, not interested")).outcome).toBe("not_interested");
    expect((await play("no")).outcome).toBe("not_interested");
    expect((await admin.post(`/api/flows/${id}/test`, { sessionId: "test-nope", text: "hi" })).status).toBe(404);
  });

  it("seeds the default flow once: deleted by an admin, it stays deleted after a restart", async () => {
    const seeded = (await admin.get("/api/flows")).body.items.find((f: any) => f.name === "Lab partnership invitation");
    expect((await admin.del(`/api/flows/${seeded.id}`)).status).toBe(204);
    s = await s.restart();
    admin = await loginAs(s.url);
    const names = (await admin.get("/api/flows")).body.items.map((f: any) => f.name);
    expect(names).not.toContain("Lab partnership invitation");
  });
});
