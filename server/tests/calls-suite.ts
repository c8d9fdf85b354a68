import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { createTwilioFake, type TwilioFake } from "../src/features/calls/fake";
import { callEvents, calls } from "../src/features/calls/schema";
import { serveFake } from "./fakes";
import { bootServer, type Client, type Driver, loginAs, type TestServer, waitFor } from "./helpers";

export const ACCOUNT = `AC${"a1".repeat(16)}`;
export const TOKEN = "fake-auth-token-0123456789";
export const OUR_NUMBER = "+14155550100";

/** A server whose Twilio is the fake (TWILIO_API_URL), a contact with a phone, and helpers. */
export function useCalls(driver: Driver, env: Record<string, string> = {}) {
  const t = {
    s: undefined as unknown as TestServer,
    admin: undefined as unknown as Client,
    fake: undefined as unknown as TwilioFake,
    contactId: "",
    served: undefined as unknown as Awaited<ReturnType<typeof serveFake>>,
  };
  beforeAll(async () => {
    t.fake = createTwilioFake({ accountSid: ACCOUNT, authToken: TOKEN });
    t.served = await serveFake(t.fake.router);
    t.s = await bootServer(driver, {
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_PHONE_NUMBER: OUR_NUMBER,
      TWILIO_API_URL: t.served.url,
      ...env,
    });
    t.admin = await loginAs(t.s.url);
    const c = await t.admin.post("/api/contacts", { name: "Lab One", phone: "+919876543210" });
    if (c.status !== 201) throw new Error(`contact: ${c.status} ${c.text}`);
    t.contactId = c.body.id ?? c.body.contact?.id;
  });
  afterAll(async () => {
    await t.s?.stop();
    await t.served?.close();
  });
  return t;
}

/** Places a call through the API and waits until the fake has it; returns our id and Twilio's SID. */
export async function placeCall(t: ReturnType<typeof useCalls>, body: Record<string, unknown> = {}) {
  const before = new Set(t.fake.calls.keys());
  const r = await t.admin.post("/api/calls", { contactId: t.contactId, ...body });
  if (r.status !== 201) throw new Error(`POST /api/calls: ${r.status} ${r.text}`);
  let sid = "";
  await waitFor(() => {
    sid = [...t.fake.calls.keys()].find((k) => !before.has(k)) ?? "";
    return !!sid;
  });
  // The job records the SID right after Twilio answers.
  await waitFor(async () => (await callById(t.s, r.body.id))?.providerSid === sid);
  return { id: r.body.id as string, sid };
}

export async function callById(s: TestServer, id: string) {
  const [row] = await s.ctx.db.select().from(calls).where(eq(calls.id, id));
  return row;
}

export async function eventsOf(s: TestServer, id: string) {
  return s.ctx.db.select().from(callEvents).where(eq(callEvents.callId, id));
}
