import crypto from "node:crypto";
import { expect } from "vitest";
import { deliverMessage } from "../src/features/channels/deliver-message";
import { createInstagramFake } from "../src/features/channels/instagram/fake";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createTelegramFake } from "../src/features/channels/telegram/fake";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { createXFake } from "../src/features/channels/x/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, type Driver, loginAs, type TestServer, waitFor } from "./helpers";

/**
 * One server with the four provider channels, each pointed at its fake on its own port, for the
 * outbound delivery suites. The fakes speak the providers' wire formats and send signed webhooks.
 */
type Row = Record<string, any>;
export type Provider = "whatsapp" | "instagram" | "x" | "telegram";

const accounts: Record<Provider, FakeAccount> = {
  whatsapp: {
    accountId: "106540352242901",
    secrets: { accessToken: "EAAoutbound-token", appSecret: "wa-outbound-secret" },
    settings: { phoneNumberId: "106540352242901", wabaId: "102290129340301", displayPhoneNumber: "+1 555 000 2222" },
    webhookUrl: "",
  },
  instagram: {
    accountId: "17841400000000077",
    secrets: { accessToken: "IGAAoutbound-token", appSecret: "ig-outbound-secret" },
    settings: { accountId: "17841400000000077", humanAgentTag: false },
    webhookUrl: "",
  },
  x: {
    accountId: "1490000000000000077",
    secrets: { consumerSecret: "x-outbound-consumer-secret", accessToken: "x-outbound-token" },
    settings: { userId: "1490000000000000077", username: "acmehelp" },
    webhookUrl: "",
  },
  telegram: {
    accountId: "7012345677",
    secrets: { botToken: "7012345677:AAH-outbound_token-abcdefghijklmnopqrs" },
    settings: { botUsername: "acme_outbound_bot" },
    webhookUrl: "",
  },
};

/** Answers that make the deliver job's own first attempt wait an hour (so a test can run the crash itself). */
const rateLimited: Record<Provider, () => { status: number; body: unknown; headers?: Record<string, string> }> = {
  whatsapp: () => ({
    status: 429,
    body: { error: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429 } },
    headers: { "retry-after": "3600" },
  }),
  instagram: () => ({
    status: 429,
    body: { error: { message: "(#4) Application request limit reached", type: "OAuthException", code: 4 } },
    headers: { "retry-after": "3600" },
  }),
  x: () => ({
    status: 429,
    body: { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
    headers: { "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 3600) },
  }),
  telegram: () => ({
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 3600",
      parameters: { retry_after: 3600 },
    },
  }),
};

export async function outboundWorld(driver: Driver) {
  let served: Record<Provider, Awaited<ReturnType<typeof serveFake>>> | null = null;
  const fakes = {
    whatsapp: createWhatsAppFake({ accounts: async () => [accounts.whatsapp], autoDeliver: false }),
    instagram: createInstagramFake({
      accounts: async () => [accounts.instagram],
      mediaBase: () => served!.instagram.url,
    }),
    x: createXFake({ accounts: async () => [accounts.x] }),
    telegram: createTelegramFake({ accounts: async () => [accounts.telegram], autoDeliver: true }),
  };
  served = {
    whatsapp: await serveFake(fakes.whatsapp.router),
    instagram: await serveFake(fakes.instagram.router),
    x: await serveFake(fakes.x.router),
    telegram: await serveFake(fakes.telegram.router),
  };
  const s: TestServer = await bootServer(driver, {
    WHATSAPP_API_URL: `${served.whatsapp.url}/v23.0`,
    INSTAGRAM_API_URL: `${served.instagram.url}/v23.0`,
    X_API_URL: served.x.url,
    TELEGRAM_API_URL: served.telegram.url,
  });
  const admin: Client = await loginAs(s.url);
  const channelIds = {} as Record<Provider, string>;
  for (const p of ["whatsapp", "instagram", "x", "telegram"] as const) {
    accounts[p].webhookUrl = `${s.url}/webhooks/${p}`;
    const { secrets, settings } = accounts[p];
    const body =
      p === "telegram"
        ? { type: p, name: p, secrets }
        : { type: p, name: p, settings: p === "instagram" ? { accountId: settings.accountId } : settings, secrets };
    const r = await admin.post("/api/channels", body);
    expect(r.status, r.text).toBe(201);
    channelIds[p] = r.body.channel.id;
  }

  const sql = async (q: string, params: unknown[] = []) => (await s.ctx.database.executeSql(q, params)).rows as Row[];
  const message = async (id: string) => (await sql("select * from messages where id = $1", [id]))[0]!;
  const parts = async (id: string) =>
    (await sql("select index, external_id from message_parts where message_id = $1 order by index", [id])).map(
      (r) => r.external_id as string,
    );
  /** What the customer's phone shows from us: every message the provider accepted, once each. */
  const businessThread = (p: Provider, customer: string) =>
    fakes[p].thread(accounts[p], customer).filter((m) => m.from === "business");

  /** A customer writes first (opens the window); resolves with the conversation id. */
  async function customerWrites(p: Provider, customer = newCustomer(p)) {
    await fakes[p].customerSays(accounts[p], { id: customer, name: "Dana Reyes" }, "hello, is anyone there?");
    let conversationId = "";
    await waitFor(async () => {
      const [row] = await sql(
        `select c.id from conversations c join contact_identities i on i.id = c.identity_id
         where i.channel_id = $1 and i.external_id = $2`,
        [channelIds[p], customer],
      );
      conversationId = row?.id ?? "";
      return !!conversationId;
    }, 15_000);
    return { conversationId, customer };
  }

  async function upload(name: string, type: string, bytes = crypto.randomBytes(2048)) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
    const r = await admin.req("POST", "/api/attachments", form);
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  }

  async function reply(conversationId: string, content: string, attachmentIds: string[] = []) {
    const r = await admin.post(`/api/conversations/${conversationId}/messages`, { content, attachmentIds });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  }

  /** A reply whose first job attempt is rate-limited for an hour: the test drives delivery itself. */
  async function heldReply(p: Provider, conversationId: string, content: string, attachmentIds: string[] = []) {
    fakes[p].failNext(1, rateLimited[p]());
    const id = await reply(conversationId, content, attachmentIds);
    await waitFor(async () => (await message(id)).error_code !== null, 15_000);
    expect((await message(id)).status).toBe("queued");
    return id;
  }

  /**
   * The crash window: our deliver code sends the part, the provider accepts it, and the process
   * dies before the provider's id is recorded (the hook never returns, like a killed process).
   */
  async function crashAfterProviderAccepted(id: string) {
    let accepted = "";
    void deliverMessage(s.ctx, id, {
      afterProviderAccepted: (_index, externalId) => {
        accepted = externalId;
        return new Promise<void>(() => {});
      },
    });
    await waitFor(() => accepted !== "", 15_000);
    const row = await message(id);
    expect(row.status).toBe("queued");
    expect(row.sending).toMatchObject({ part: 0 });
    return accepted;
  }

  return {
    s,
    admin,
    fakes,
    accounts,
    channelIds,
    sql,
    message,
    parts,
    businessThread,
    customerWrites,
    upload,
    reply,
    heldReply,
    crashAfterProviderAccepted,
    /** The restarted worker picks the message up (what the deliver job runs). */
    recover: (id: string) => deliverMessage(s.ctx, id),
    stop: async () => {
      await s.stop();
      for (const f of Object.values(served!)) await f.close();
    },
  };
}

export function newCustomer(p: Provider) {
  const digits = (n: number) => Array.from({ length: n }, () => crypto.randomInt(10)).join("");
  return p === "whatsapp"
    ? `4477${digits(8)}`
    : p === "instagram"
      ? `6512${digits(12)}`
      : p === "x"
        ? `28${digits(17)}`
        : `5${digits(8)}`;
}

export type OutboundWorld = Awaited<ReturnType<typeof outboundWorld>>;
