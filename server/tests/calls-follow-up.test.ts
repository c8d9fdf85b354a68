import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTwilioFake, type TwilioFake } from "../src/features/calls/fake";
import { followUpJob } from "../src/features/calls/follow-up";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import type { FakeSendLimits } from "../src/features/channels/whatsapp/fake-limits";
import type { DomainEvents } from "../src/platform/bus";
import { ACCOUNT, callById, OUR_NUMBER, TOKEN } from "./calls-suite";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const account: FakeAccount = {
  accountId: "106540352249411",
  secrets: { accessToken: "EAAcallfollowup-token", appSecret: "callfollowup-app-secret" },
  settings: {
    phoneNumberId: "106540352249411",
    wabaId: "102290129349411",
    appId: "301234567890411",
    displayPhoneNumber: "+1 555 000 9411",
  },
  webhookUrl: "",
};

describe.each(drivers)("the flow's follow-up WhatsApp after a call (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let twilioFake: TwilioFake;
  let limits: FakeSendLimits = {};
  const wa = createWhatsAppFake({ accounts: async () => [account], autoDeliver: false, sendLimits: () => limits });
  const served: { close(): Promise<void> }[] = [];
  let flowId = "";
  let seq = 0;

  beforeAll(async () => {
    twilioFake = createTwilioFake({ accountSid: ACCOUNT, authToken: TOKEN });
    const tw = await serveFake(twilioFake.router);
    const w = await serveFake(wa.router);
    served.push(tw, w);
    s = await bootServer(driver, {
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_PHONE_NUMBER: OUR_NUMBER,
      TWILIO_API_URL: tw.url,
      WHATSAPP_API_URL: `${w.url}/v23.0`,
    });
    account.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const ch = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Outreach number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(ch.status, ch.text).toBe(201);
    const synced = await admin.post("/api/templates/sync", { channelId: ch.body.channel.id });
    expect(synced.status, synced.text).toBe(200);
    const template = (synced.body.items as { name: string; id: string }[]).find((x) => x.name === "order_update")!;
    const items = (await admin.get("/api/flows")).body.items as { id: string }[];
    const {
      id: _i,
      version: _v,
      createdAt: _c,
      updatedAt: _u,
      ...body
    } = (await admin.get(`/api/flows/${items[0]!.id}`)).body;
    // A template that does not exist is a 400 on save, not a failure at the end of a call.
    const bad = await admin.post("/api/flows", {
      ...body,
      name: "Bad follow-up",
      followUp: { templateId: crypto.randomUUID(), mapping: {}, outcomes: ["interested"] },
    });
    expect(bad.status).toBe(400);
    const f = await admin.post("/api/flows", {
      ...body,
      name: "With follow-up",
      followUp: {
        templateId: template.id,
        // "Hi {{1}}, your order {{2}} has shipped.": the contact's first name and the lab name the call collected.
        mapping: { body: { "1": { field: "first_name" }, "2": { field: "attributes.lab_name" } } },
        outcomes: ["interested", "call_back"],
      },
    });
    expect(f.status, f.text).toBe(201);
    expect(f.body.followUp.outcomes).toEqual(["interested", "call_back"]);
    flowId = f.body.id;
  });
  afterAll(async () => {
    await s?.stop();
    for (const x of served) await x.close();
  });

  /** A contact and a placed call running the follow-up flow. */
  async function call(name = "Priya Sharma") {
    const phone = `+9194${String(10000000 + seq++)}`;
    const c = await admin.post("/api/contacts", { name, phone });
    expect(c.status, c.text).toBe(201);
    const r = await admin.post("/api/calls", { contactId: c.body.id, flowId });
    expect(r.status, r.text).toBe(201);
    await waitFor(async () => !!(await callById(s, r.body.id))?.providerSid);
    return { callId: r.body.id as string, contactId: c.body.id as string, to: phone.replace(/\D/g, "") };
  }
  const finished = (callId: string, contactId: string, outcome: DomainEvents["flow.finished"]["outcome"]) =>
    s.ctx.bus.emit("flow.finished", {
      callId,
      flowId,
      contactId,
      outcome,
      fields: { lab_name: "Sunrise Diagnostics" },
      summary: null,
      toolCalls: [],
    });
  const sendsTo = (to: string) =>
    wa.calls.filter((c) => /\/messages$/.test(c.path) && (c.body as { to?: string })?.to === to);
  const accepted = (to: string) => wa.thread(account, to).filter((m) => m.from === "business").length;

  it("sends the template once after an interested outcome, across a retry and a second run", async () => {
    const { callId, contactId, to } = await call();
    // WhatsApp unreachable for the first attempt: nothing is accepted, the job retries.
    limits = { killed: true };
    finished(callId, contactId, "interested");
    await waitFor(() => sendsTo(to).length >= 1, 10_000);
    expect(accepted(to)).toBe(0);
    limits = {};
    await waitFor(async () => (await callById(s, callId))?.followUpState === "sent", 20_000);
    expect(accepted(to)).toBe(1);
    const sent = sendsTo(to).at(-1)!.body as Record<string, any>;
    expect(sent.template.name).toBe("order_update");
    expect(sent.template.components[0].parameters.map((p: { text: string }) => p.text)).toEqual([
      "Priya",
      "Sunrise Diagnostics",
    ]);
    const page = (await admin.get(`/api/calls/${callId}`)).body;
    expect(page.call.followUp).toMatchObject({ state: "sent", reason: null });
    expect(page.call.followUp.messageId).toMatch(/^wamid\./);
    // The job again (a redelivery) and the outcome again send nothing more.
    await followUpJob(s.ctx).handler({ callId }, { lastAttempt: false, signal: new AbortController().signal });
    finished(callId, contactId, "interested");
    expect(accepted(to)).toBe(1);
  });

  it("refuses an opted-out contact, and sends nothing for an outcome the flow does not follow up", async () => {
    const { callId, contactId, to } = await call("Opted Out");
    const o = await admin.patch(`/api/contacts/${contactId}/consent`, {
      status: "opted_out",
      reason: "asked on the call",
    });
    expect(o.status, o.text).toBe(200);
    finished(callId, contactId, "call_back");
    await waitFor(async () => (await callById(s, callId))?.followUpState === "skipped");
    const page = (await admin.get(`/api/calls/${callId}`)).body;
    expect(page.call.followUp).toEqual({
      state: "skipped",
      reason: "the contact opted out of messages",
      messageId: null,
    });
    expect(sendsTo(to)).toHaveLength(0);

    const other = await call("Not Interested");
    finished(other.callId, other.contactId, "not_interested");
    await waitFor(async () => (await callById(s, other.callId))?.outcome === "not_interested");
    expect((await callById(s, other.callId))?.followUpState).toBeNull();
    expect(sendsTo(other.to)).toHaveLength(0);
  });
});
