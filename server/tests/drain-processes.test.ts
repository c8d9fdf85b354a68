import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaSignature } from "../src/features/channels/meta-signature";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { bootServer, loginAs, type TestServer, waitFor } from "./helpers";

/**
 * Two Switchboard instances (own pools, own job workers) on one PostgreSQL database, webhooks
 * spread over both: every message is applied once, and each customer's messages in the order they
 * were received, because one drain per channel runs at a time across instances (drain_leases).
 */
const account: FakeAccount = {
  accountId: "106540352242922",
  secrets: { accessToken: "EAAtwo-token", appSecret: "two-app-secret" },
  settings: { phoneNumberId: "106540352242922", wabaId: "102290129340398" },
  webhookUrl: "",
};

const body = (customer: number, seq: number) =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: account.settings.wabaId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001111", phone_number_id: account.accountId },
              contacts: [
                { profile: { name: `Two ${customer}` }, wa_id: `44770020${String(customer).padStart(4, "0")}` },
              ],
              messages: [
                {
                  from: `44770020${String(customer).padStart(4, "0")}`,
                  id: `wamid.two.${customer}.${seq}`,
                  timestamp: "1718000000",
                  type: "text",
                  text: { body: `c${customer} #${seq}` },
                },
              ],
            },
          },
        ],
      },
    ],
  });

describe.skipIf(!process.env.TEST_DATABASE_URL)("webhook drain across two instances on one database", () => {
  const fake = createWhatsAppFake({ accounts: async () => [account] });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    served = await serveFake(fake.router);
    const env = { WHATSAPP_API_URL: `${served.url}/v23.0` };
    a = await bootServer("postgres", env);
    const url = a.ctx.config.databaseUrl!;
    // Same data directory: both instances read the one secret key (credentials sealed by either).
    b = await bootServer("postgres", env, { dataDir: a.dataDir, url, drop: async () => {} });
    const admin = await loginAs(a.url);
    const r = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Two",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await served?.close();
  });

  it("applies each message once and each customer's messages in order, whichever instance received them", async () => {
    const CUSTOMERS = 20;
    const PER_CUSTOMER = 15;
    // Each customer writes in sequence (as a person does), alternating between the instances;
    // customers write concurrently.
    await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, c) => {
        for (let seq = 0; seq < PER_CUSTOMER; seq++) {
          const target = (c + seq) % 2 ? a : b;
          const text = body(c, seq);
          const res = await fetch(`${target.url}/webhooks/whatsapp`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-hub-signature-256": metaSignature(account.secrets.appSecret!, Buffer.from(text)),
            },
            body: text,
          });
          expect(res.status).toBe(200);
        }
      }),
    );
    const rows = async () =>
      (
        await a.ctx.database.executeSql(
          "select external_id, content, created_at from messages where direction = 'inbound' and external_id like 'wamid.two.%'",
          [],
        )
      ).rows as { external_id: string; content: string; created_at: Date }[];
    await waitFor(async () => (await rows()).length >= CUSTOMERS * PER_CUSTOMER, 30_000);
    const all = await rows();
    expect(all.length).toBe(CUSTOMERS * PER_CUSTOMER);
    expect(new Set(all.map((r) => r.external_id)).size).toBe(all.length);
    for (let c = 0; c < CUSTOMERS; c++) {
      // In sequence order, each message was stored no earlier than the one before it.
      const mine = all
        .filter((r) => r.content.startsWith(`c${c} #`))
        .sort((x, y) => Number(x.content.split("#")[1]) - Number(y.content.split("#")[1]));
      expect(mine.length).toBe(PER_CUSTOMER);
      for (let i = 1; i < mine.length; i++)
        expect(new Date(mine[i]!.created_at).getTime()).toBeGreaterThanOrEqual(
          new Date(mine[i - 1]!.created_at).getTime(),
        );
    }
  }, 90_000);
});
