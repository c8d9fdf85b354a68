// One Instagram channel on a server, pointed at the Instagram fake: the set-up every Instagram suite shares.
import crypto from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { createInstagramFake } from "../src/features/channels/instagram/fake";
import { metaSignature } from "../src/features/channels/meta-signature";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { serveFake } from "./fakes";
import { bootServer, type Client, type Driver, loginAs, type TestServer, waitFor } from "./helpers";

export const ACCOUNT_ID = "17841400000000001";
export const account: FakeAccount = {
  accountId: ACCOUNT_ID,
  secrets: { accessToken: "IGAAtest-token", appSecret: "ig-app-secret-123" },
  settings: { accountId: ACCOUNT_ID, humanAgentTag: false },
  webhookUrl: "",
};
export const DAY = 24 * 3600_000;
export const igsid = () => `65123${crypto.randomInt(1e9, 1e10)}`;
export const newMid = () => `aWdfZAG1faXRlbTox${crypto.randomBytes(12).toString("hex")}`;

/** Registers beforeAll/afterAll for one Instagram channel; `s`, `admin`, `channelId` and `verifyToken` are filled in by beforeAll. */
export function useInstagramChannel(driver: Driver) {
  const ig = {
    s: undefined as unknown as TestServer,
    admin: undefined as unknown as Client,
    channelId: "",
    verifyToken: "",
  };
  let served: Awaited<ReturnType<typeof serveFake>>;
  const fake = createInstagramFake({ accounts: async () => [account], mediaBase: () => served.url });
  const webhook = (body: string, sig = metaSignature(account.secrets.appSecret!, Buffer.from(body))) =>
    fetch(`${ig.s.url}/webhooks/instagram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": sig },
      body,
    });
  const sql = async <T = any>(text: string, values: unknown[] = []) =>
    (await ig.s.ctx.database.executeSql(text, values)).rows as T[];
  const count = async (text: string, values: unknown[] = []) =>
    (await sql<{ n: number }>(`select count(*)::int as n from ${text}`, values))[0]!.n;
  const conversationOf = async (customer: string) => {
    const [row] = await sql<{ id: string }>(
      "select c.id from conversations c join contact_identities i on i.id = c.identity_id where i.external_id = $1",
      [customer],
    );
    return row ? (await ig.admin.get(`/api/conversations/${row.id}`)).body : null;
  };
  // The channel's messages: activity lines ("took this conversation by replying") are not what these check.
  const messagesOf = async (conversationId: string) =>
    ((await ig.admin.get(`/api/conversations/${conversationId}/messages`)).body.items as any[]).filter(
      (m) => m.senderType !== "system",
    );
  const statusOf = async (messageId: string) =>
    (await sql<{ status: string }>("select status from messages where id = $1", [messageId]))[0]!.status;
  const echoesProcessed = () => count("webhook_events where summary like '%echo%' and status = 'processed'");
  const sends = () => fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/messages"));
  const startConversation = async (customer: string, text = "hello") => {
    await fake.customerSays(account, { id: customer, name: "Customer" }, text);
    await waitFor(async () => !!(await conversationOf(customer)));
    return (await conversationOf(customer)).id as string;
  };
  const reply = async (conversationId: string, content: string, attachmentIds: string[] = []) => {
    const r = await ig.admin.post(`/api/conversations/${conversationId}/messages`, { content, attachmentIds });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    served = await serveFake(fake.router);
    ig.s = await bootServer(driver, { INSTAGRAM_API_URL: `${served.url}/v23.0`, SANDBOX: "1" });
    account.webhookUrl = `${ig.s.url}/webhooks/instagram`;
    ig.admin = await loginAs(ig.s.url);
    const r = await ig.admin.post("/api/channels", {
      type: "instagram",
      name: "Shop Instagram",
      settings: { accountId: ACCOUNT_ID },
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    ig.channelId = r.body.channel.id;
    ig.verifyToken = r.body.channel.webhook.verifyToken;
    expect(ig.verifyToken).toBeTruthy();
    expect(r.body.channel.webhook.url).toBe(`${ig.s.url}/webhooks/instagram`);
    expect(r.text).not.toContain(account.secrets.accessToken);
    expect(r.text).not.toContain(account.secrets.appSecret);
    // connect checked the token with a profile lookup
    expect(fake.calls.some((c) => c.method === "GET" && c.path === `/v23.0/${ACCOUNT_ID}`)).toBe(true);
  });
  afterAll(async () => {
    await ig.s?.stop();
    await served?.close();
  });
  return Object.assign(ig, {
    fake,
    webhook,
    sql,
    count,
    conversationOf,
    messagesOf,
    statusOf,
    echoesProcessed,
    sends,
    startConversation,
    reply,
  });
}
