// One WhatsApp channel on a server, pointed at the WhatsApp fake: the set-up every WhatsApp suite shares.
import { expect, beforeAll, afterAll } from "vitest";
import { metaSignature } from "../src/features/channels/meta-signature";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, type Driver, loginAs, type TestServer, waitFor } from "./helpers";

export const account: FakeAccount = {
  accountId: "106540352242922",
  secrets: { accessToken: "EAAtest-token", appSecret: "app-secret-123" },
  settings: { phoneNumberId: "106540352242922", wabaId: "102290129340398", displayPhoneNumber: "+1 555 000 1111" },
  webhookUrl: "",
};

/** A second number of the same business account (same Meta app, so the same app secret). */
export const second: FakeAccount = {
  accountId: "106540352242977",
  secrets: { ...account.secrets },
  settings: { ...account.settings, phoneNumberId: "106540352242977", displayPhoneNumber: "+1 555 000 2222" },
  webhookUrl: "",
};

/** Registers beforeAll/afterAll for one WhatsApp channel; the returned object is filled in by beforeAll. */
export function useWhatsAppChannel(driver: Driver) {
  const fake = createWhatsAppFake({
    accounts: async () => [account, second],
    autoDeliver: false,
    windowMode: "async",
  }) as ReturnType<typeof createWhatsAppFake> & {
    rawMessage: (a: FakeAccount, v: Record<string, unknown>) => Promise<number>;
    addMedia: (a: FakeAccount, b: Buffer, t: string) => string;
  };
  let served: Awaited<ReturnType<typeof serveFake>>;
  const w = {
    fake,
    s: undefined as unknown as TestServer,
    admin: undefined as unknown as Client,
    channelId: "",
    verifyToken: "",
    webhook: (body: string, sig = metaSignature(account.secrets.appSecret!, Buffer.from(body))) =>
      fetch(`${w.s.url}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": sig },
        body,
      }),
    count: async (sql: string) => ((await w.s.ctx.database.executeSql(sql, [])).rows[0] as { n: number }).n,
    conversationOf: async (waId: string) => {
      const list = await w.admin.get(`/api/conversations?status=all&q=${waId}`);
      return list.body.items[0];
    },
    /** The customer writes through the fake; resolves with the conversation once it is in the inbox. */
    customerWrites: async (waId: string, name: string, text: string) => {
      await fake.customerSays(account, { id: waId, name }, text);
      await waitFor(async () => !!(await w.conversationOf(waId)));
      return w.conversationOf(waId);
    },
  };
  beforeAll(async () => {
    served = await serveFake(fake.router);
    w.s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    account.webhookUrl = `${w.s.url}/webhooks/whatsapp`;
    w.admin = await loginAs(w.s.url);
    const r = await w.admin.post("/api/channels", {
      type: "whatsapp",
      name: "Support number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    w.channelId = r.body.channel.id;
    w.verifyToken = r.body.channel.webhook.verifyToken;
    expect(r.body.channel.webhook.url).toBe(`${w.s.url}/webhooks/whatsapp`);
    expect(r.text).not.toContain(account.secrets.accessToken);
    expect(r.text).not.toContain(account.secrets.appSecret);
  });
  afterAll(async () => {
    await w.s.stop();
    await served.close();
  });
  return w;
}
