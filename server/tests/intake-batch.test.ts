import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntakeBatcher, type IntakeRow } from "../src/features/channels/intake-batch";
import { metaSignature } from "../src/features/channels/meta-signature";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { bootServer, drivers, loginAs, type TestServer } from "./helpers";

/**
 * Webhook intake's group commit (intake-batch.ts): a burst shares INSERTs, yet every caller learns
 * exactly whether its own row was new, duplicates in one batch count once, and a row the database
 * refuses fails only its own request.
 */
describe.each(drivers)("webhook intake group commit (%s)", (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await bootServer(driver);
  });
  afterAll(() => s?.stop());

  const row = (key: string, extra: Partial<IntakeRow> = {}): IntakeRow => ({
    channelType: "whatsapp",
    channelId: null,
    eventKey: key,
    status: "orphan",
    payload: `{"k":"${key}"}`,
    summary: "test",
    orderingKey: "",
    ...extra,
  });
  const stored = async (prefix: string) =>
    (
      await s.ctx.database.executeSql(
        "select event_key from webhook_events where event_key like $1 || '%' order by event_key",
        [prefix],
      )
    ).rows.map((r) => (r as { event_key: string }).event_key);

  it("stores a burst of 1,000 with fewer statements than rows; each new row is reported new once", async () => {
    let statements = 0;
    const batcher = new IntakeBatcher(async (text, values) => {
      statements++;
      return s.ctx.database.intakeSql(text, values);
    });
    // 800 distinct events, 200 of them sent twice in the same burst (a provider's retry racing it).
    const keys = Array.from({ length: 800 }, (_, i) => `burst-${String(i).padStart(4, "0")}`);
    const sent = [...keys, ...keys.slice(0, 200)];
    const results = await Promise.all(sent.map((k) => batcher.store(row(k))));
    expect(results.filter(Boolean)).toHaveLength(800);
    // Exactly one copy of each repeated key is new. Which one is not fixed: the two copies sit in
    // different statements in flight at once, and the one PostgreSQL commits first wins.
    expect(results.slice(200, 800).every(Boolean)).toBe(true);
    const bothOrNeither = keys.slice(0, 200).filter((_, i) => results[i] === results[800 + i]);
    expect(bothOrNeither).toEqual([]);
    expect(await stored("burst-")).toEqual(keys);
    expect(statements).toBeLessThan(sent.length / 10);
    // Sent again later: all duplicates, nothing stored twice.
    const again = await Promise.all(keys.slice(0, 50).map((k) => batcher.store(row(k))));
    expect(again.some(Boolean)).toBe(false);
    expect(await stored("burst-")).toHaveLength(800);
  });

  it("a row the database refuses fails only its own request; the rest of its batch is stored", async () => {
    const batcher = new IntakeBatcher(s.ctx.database.intakeSql);
    const keys = Array.from({ length: 40 }, (_, i) => `mixed-${String(i).padStart(2, "0")}`);
    // A NUL character is not storable in a text column: PostgreSQL refuses that one row.
    const outcomes = await Promise.allSettled(
      keys.map((k, i) => batcher.store(row(k, i === 7 ? { payload: "bad\u0000payload" } : {}))),
    );
    expect(outcomes[7]!.status).toBe("rejected");
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === true)).toHaveLength(39);
    expect(await stored("mixed-")).toEqual(keys.filter((_, i) => i !== 7));
  });
});

/**
 * The same over HTTP, as Meta delivers a campaign's statuses: a burst of signed webhooks (each sent
 * twice at once, a retry racing the original). Every 200 means the row is already committed: it is
 * read, on another connection, the moment the answer arrives; and each event is stored once.
 */
describe.each(drivers)("webhook intake over HTTP (%s)", (driver) => {
  const wa: FakeAccount = {
    accountId: "106540352242977",
    secrets: { accessToken: "EAAtest-token", appSecret: "app-secret-intake" },
    settings: { phoneNumberId: "106540352242977", wabaId: "102290129340377", displayPhoneNumber: "+1 555 000 1177" },
    webhookUrl: "",
  };
  const fake = createWhatsAppFake({ accounts: async () => [wa], autoDeliver: false });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    wa.webhookUrl = `${s.url}/webhooks/whatsapp`;
    const admin = await loginAs(s.url);
    const w = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Intake number",
      settings: wa.settings,
      secrets: wa.secrets,
    });
    expect(w.status, w.text).toBe(201);
  });
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("a burst of signed statuses: each answered only once its row is stored, each stored once", async () => {
    const bodies = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: wa.settings.wabaId,
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "15550001177", phone_number_id: wa.accountId },
                  statuses: [
                    {
                      id: `wamid.intake-${crypto.randomBytes(6).toString("hex")}`,
                      status: ["sent", "delivered", "read"][i % 3],
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      recipient_id: `4477006${String(i % 50).padStart(5, "0")}`,
                    },
                  ],
                },
              },
            ],
          },
        ],
      }),
    );
    const rowsOf = async (key: string) =>
      (
        await s.ctx.database.executeSql(
          "select count(*)::int as n from webhook_events where channel_type = 'whatsapp' and event_key = $1",
          [key],
        )
      ).rows[0] as { n: number };
    const post = async (body: string) => {
      const r = await fetch(wa.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": metaSignature(wa.secrets.appSecret!, Buffer.from(body)),
        },
        body,
      });
      await r.arrayBuffer();
      // Read at once on the main pool (the intake has its own): the row is there, once.
      const found = r.status === 200 ? (await rowsOf(crypto.createHash("sha256").update(body).digest("hex"))).n : -1;
      return { status: r.status, found };
    };
    const results = await Promise.all([...bodies, ...bodies].map(post));
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(results.filter((r) => r.found !== 1)).toEqual([]);
    const keys = bodies.map((b) => crypto.createHash("sha256").update(b).digest("hex"));
    const stored = (
      await s.ctx.database.executeSql(
        "select count(*)::int as n from webhook_events where channel_type = 'whatsapp' and event_key = any($1)",
        [keys],
      )
    ).rows[0] as { n: number };
    expect(stored.n).toBe(bodies.length);
  }, 120_000);
});
