// The ConversationRelay socket at /webhooks/twilio/relay, driven by a fake Twilio client over a real
// WebSocket: a signed upgrade, setup with custom parameters, prompts, an interrupt (only the played
// part kept), and the end message with handoffData when the flow ends.
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { flowSessions, flowTurns } from "../src/features/flows/schema";
import { bootServer, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const TOKEN = "twilio-auth-token-for-tests";

/** A stand-in for Twilio's side of ConversationRelay: sends its messages, collects ours. */
class FakeRelay {
  received: any[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (d) => this.received.push(JSON.parse(String(d))));
  }
  static open(url: string, signature: string) {
    const ws = new WebSocket(url, { headers: { "x-twilio-signature": signature } });
    return new Promise<FakeRelay>((resolve, reject) => {
      const relay = new FakeRelay(ws);
      ws.once("open", () => resolve(relay));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }
  send(msg: unknown) {
    this.ws.send(JSON.stringify(msg));
  }
  /** The text of the next spoken reply (tokens up to last: true), waiting for it. */
  async reply(): Promise<string> {
    await waitFor(() => this.received.some((m) => m.type === "text" && m.last));
    const i = this.received.findIndex((m) => m.type === "text" && m.last);
    const tokens = this.received.splice(0, i + 1);
    expect(tokens.length).toBeGreaterThan(1);
    return tokens.map((m) => m.token).join("");
  }
}

describe.each(drivers)("ConversationRelay socket (%s)", (driver) => {
  let s: TestServer;
  let flowId: string;
  let url: string;
  beforeAll(async () => {
    s = await bootServer(driver, { TWILIO_AUTH_TOKEN: TOKEN });
    const admin = await loginAs(s.url);
    flowId = (await admin.get("/api/flows")).body.items[0].id;
    url = `${s.url.replace("http", "ws")}/webhooks/twilio/relay`;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("refuses an upgrade without a valid X-Twilio-Signature", async () => {
    await expect(FakeRelay.open(url, "bad")).rejects.toThrow("HTTP 401");
    const wrongUrl = twilio.getExpectedTwilioSignature(TOKEN, "wss://elsewhere.example/webhooks/twilio/relay", {});
    await expect(FakeRelay.open(url, wrongUrl)).rejects.toThrow("HTTP 401");
  });

  it("runs the flow: setup, prompts, an interrupt keeps only what was played, end with handoffData", async () => {
    const finished: any[] = [];
    s.ctx.bus.on("flow.finished", (e) => void finished.push(e));
    const callId = randomUUID();
    const relay = await FakeRelay.open(url, twilio.getExpectedTwilioSignature(TOKEN, url, {}));
    relay.send({
      type: "setup",
      sessionId: "VX00000000000000000000000000000001",
      accountSid: "AC00000000000000000000000000000001",
      callSid: "CA00000000000000000000000000000001",
      from: "+918000000001",
      to: "+919876543210",
      direction: "outbound-api",
      callStatus: "IN-PROGRESS",
      customParameters: { callId, flowId, contactId: "c-1" },
    });
    expect(await relay.reply()).toMatch(/^Hello, this is Asha.*recorded/);

    // A prompt in two parts (partial prompts): one turn.
    relay.send({ type: "prompt", voicePrompt: "Yes,", lang: "en-IN", last: false });
    relay.send({ type: "prompt", voicePrompt: "go ahead.", lang: "en-IN", last: true });
    const offer = await relay.reply();
    expect(offer).toMatch(/zero commission/);

    // Twilio had played only the first words when the callee spoke over the agent.
    const played = "We run a partner network";
    relay.send({ type: "interrupt", utteranceUntilInterrupt: played, durationUntilInterruptMs: 1200 });
    const turnsOf = () =>
      s.ctx.db.select().from(flowTurns).where(eq(flowTurns.callId, callId)).orderBy(asc(flowTurns.seq));
    await waitFor(async () => (await turnsOf()).some((t) => t.interrupted));
    const cut = (await turnsOf()).find((t) => t.interrupted)!;
    expect(cut).toMatchObject({ role: "agent", text: played, intended: offer, stepId: "offer" });

    relay.send({ type: "prompt", voicePrompt: "No, we are not interested.", lang: "en-IN", last: true });
    await waitFor(() => relay.received.some((m) => m.type === "end"));
    const end = relay.received.find((m) => m.type === "end");
    expect(JSON.parse(end.handoffData)).toMatchObject({ reason: "flow_finished", outcome: "not_interested" });
    expect(relay.received.filter((m) => m.type === "text").at(-1).last).toBe(true);

    const turns = await turnsOf();
    expect(turns.map((t) => [t.role, t.text.slice(0, 20)])).toEqual([
      ["agent", "Hello, this is Asha "],
      ["callee", "Yes, go ahead."],
      ["agent", played.slice(0, 20)],
      ["callee", "No, we are not inter"],
    ]);
    const [session] = await s.ctx.db
      .select()
      .from(flowSessions)
      .where(and(eq(flowSessions.callId, callId)));
    expect(session).toMatchObject({ outcome: "not_interested", contactId: "c-1", brain: "scripted" });
    expect(session!.endedAt).not.toBeNull();
    expect(finished).toEqual([
      expect.objectContaining({ callId, flowId, contactId: "c-1", outcome: "not_interested" }),
    ]);
    relay.ws.close();
  });

  it("closes a setup without callId or flowId", async () => {
    const relay = await FakeRelay.open(url, twilio.getExpectedTwilioSignature(TOKEN, url, {}));
    const closed = new Promise<number>((r) => relay.ws.once("close", (code) => r(code)));
    relay.send({ type: "setup", callSid: "CA1", customParameters: {} });
    expect(await closed).toBe(1008);
  });
});
