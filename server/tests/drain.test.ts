import crypto from "node:crypto";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createTelegramFake } from "../src/features/channels/telegram/fake";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { dropExpiredParkedStatuses, PARKED_STATUS_TTL_MS } from "../src/features/inbox/update-delivery-status";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

/**
 * The webhook drain (channels/ingest-event.ts) under events that cannot be applied: statuses for
 * message ids we do not know, an event that keeps failing, texts PostgreSQL cannot store. None of
 * them may hold back another customer, or the same customer's messages longer than needed.
 */
const wa: FakeAccount = {
  accountId: "106540352242922",
  secrets: { accessToken: "EAAtest-token", appSecret: "app-secret-123" },
  settings: { phoneNumberId: "106540352242922", wabaId: "102290129340398", displayPhoneNumber: "+1 555 000 1111" },
  webhookUrl: "",
};
const BOT_ID = "7012345678";
const tg: FakeAccount = {
  accountId: BOT_ID,
  secrets: { botToken: `${BOT_ID}:AAH-test_token-abcdefghijklmnopqrstuvw` },
  settings: { botUsername: "acme_support_bot" },
  webhookUrl: "",
};

type Row = Record<string, any>;
const uniq = () => crypto.randomBytes(4).toString("hex");
const waNumber = () => `4477009${String(crypto.randomInt(0, 99_999)).padStart(5, "0")}`;

describe.each(drivers)("webhook drain (%s)", (driver) => {
  const waFake = createWhatsAppFake({ accounts: async () => [wa], autoDeliver: false });
  const tgFake = createTelegramFake({ accounts: async () => [tg], autoDeliver: true });
  /** When set, the next WhatsApp send answers only after a status for it was stored: the status overtakes the answer. */
  let overtake: null | ((id: string) => Promise<void>) = null;
  let waServed: Awaited<ReturnType<typeof serveFake>>;
  let tgServed: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let waChannel: string;
  let tgChannel: string;
  const sql = async (q: string, params: unknown[] = []) => (await s.ctx.database.executeSql(q, params)).rows as Row[];
  /** What an agent sees of a customer's thread, through the API. */
  const thread = async (channelId: string, externalId: string) => {
    const [c] = await sql(
      `select c.id from conversations c join contact_identities i on i.id = c.identity_id
        where i.channel_id = $1 and i.external_id = $2`,
      [channelId, externalId],
    );
    if (!c) return [] as Row[];
    return (await admin.get(`/api/conversations/${c.id}/messages`)).body.items as Row[];
  };
  const sees = async (channelId: string, externalId: string, text: string) =>
    (await thread(channelId, externalId)).some((m) => m.content === text);

  beforeAll(async () => {
    const front = express.Router();
    front.post("/:version/:phoneNumberId/messages", (_req, res, next) => {
      const hold = overtake;
      if (!hold) return next();
      overtake = null;
      const json = res.json.bind(res);
      res.json = ((body: { messages?: { id: string }[] }) => {
        void hold(body.messages?.[0]?.id ?? "").then(() => json(body));
        return res;
      }) as typeof res.json;
      next();
    });
    front.use(waFake.router);
    waServed = await serveFake(front);
    tgServed = await serveFake(tgFake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${waServed.url}/v23.0`, TELEGRAM_API_URL: tgServed.url });
    wa.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const w = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Support number",
      settings: wa.settings,
      secrets: wa.secrets,
    });
    expect(w.status, w.text).toBe(201);
    waChannel = w.body.channel.id;
    const t = await admin.post("/api/channels", { type: "telegram", name: "Bot", secrets: tg.secrets });
    expect(t.status, t.text).toBe(201);
    tgChannel = t.body.channel.id;
  });
  afterAll(async () => {
    await s?.stop();
    await waServed?.close();
    await tgServed?.close();
  });

  it("parks statuses for unknown message ids: the customer's reply shows at once, a parked status applies when its id appears", async () => {
    const customer = waNumber();
    const unknown = [1, 2, 3].map((i) => `wamid.other-tool-${uniq()}-${i}`);
    for (const id of unknown) expect(await waFake.sendStatus(wa, id, customer, "delivered")).toBe(200);
    await waFake.customerSays(wa, { id: customer, name: "Noor" }, "Is anyone there?");
    // Today these statuses were retried six times and held the reply back for ~31 s.
    await waitFor(() => sees(waChannel, customer, "Is anyone there?"), 5000);
    // The statuses are parked by their own batch, which may finish just after the reply shows.
    const parkedIds = async () =>
      (await sql("select external_id from parked_statuses where channel_id = $1", [waChannel])).map(
        (p) => p.external_id,
      );
    await waitFor(async () => {
      const ids = await parkedIds();
      return unknown.every((id) => ids.includes(id));
    }, 5000);
    expect(await parkedIds()).toEqual(expect.arrayContaining(unknown));

    // Our own reply: the provider's "delivered" arrives before its answer to our send.
    let overtaken = "";
    overtake = async (id) => {
      overtaken = id;
      expect(await waFake.sendStatus(wa, id, customer, "delivered")).toBe(200);
      // Taken in hand before our send's answer: parked, or (WhatsApp echoes our message id in
      // biz_opaque_callback_data) settled at once as evidence of the send in flight.
      await waitFor(
        async () =>
          (
            await sql(
              "select 1 from parked_statuses where external_id = $1 union all select 1 from message_parts where external_id = $1",
              [id],
            )
          ).length > 0,
      );
    };
    const [conv] = await sql(
      "select c.id from conversations c join contact_identities i on i.id = c.identity_id where i.external_id = $1",
      [customer],
    );
    const sent = await admin.post(`/api/conversations/${conv!.id}/messages`, { content: "Yes, how can I help?" });
    expect(sent.status, sent.text).toBe(201);
    await waitFor(
      async () =>
        (await thread(waChannel, customer)).some(
          (m) => m.content === "Yes, how can I help?" && m.status === "delivered",
        ),
      10_000,
    );
    expect(overtaken).toMatch(/^wamid\./);
    expect(await sql("select 1 from parked_statuses where external_id = $1", [overtaken])).toEqual([]);
    // The other tool's statuses stay parked (until their time limit), touching nothing.
    expect((await sql("select 1 from messages where external_id = any($1)", [unknown])).length).toBe(0);
    // After their time limit (the sweeper's pass, a day later) they are dropped.
    expect(
      await dropExpiredParkedStatuses(s.ctx.db, Date.now() + PARKED_STATUS_TTL_MS + 60_000),
    ).toBeGreaterThanOrEqual(3);
    expect(await sql("select 1 from parked_statuses where external_id = any($1)", [unknown])).toEqual([]);
  });

  it("an event that keeps failing holds back only its own customer; another customer's message appears at once", async () => {
    // A fault of our own making inside the real database: any message containing POISON fails to insert.
    await sql(`create or replace function sb_test_poison() returns trigger language plpgsql as $$
      begin if new.content like '%POISON%' then raise exception 'poisoned for this test'; end if; return new; end $$`);
    await sql("create trigger sb_test_poison before insert on messages for each row execute function sb_test_poison()");
    const a = waNumber();
    const b = waNumber();
    await waFake.customerSays(wa, { id: a, name: "Ana" }, "POISON order 1");
    await waFake.customerSays(wa, { id: a, name: "Ana" }, "Ana again");
    const poison = async () =>
      (
        await sql("select * from webhook_events where channel_id = $1 and payload like '%POISON order 1%'", [waChannel])
      )[0]!;
    // Several attempts: its retry now waits seconds (backoff), long enough to show whether it blocks others.
    await waitFor(async () => (await poison()).attempts >= 4, 30_000);
    await waFake.customerSays(wa, { id: b, name: "Ben" }, "Ben here");
    await waitFor(() => sees(waChannel, b, "Ben here"), 3000);
    const p = await poison();
    expect(p.status).toBe("pending");
    expect(p.error).toContain("poisoned for this test");
    // Strict order per customer: Ana's second message waits behind her first.
    expect(await sees(waChannel, a, "Ana again")).toBe(false);

    await sql("drop trigger sb_test_poison on messages");
    expect((await admin.post(`/api/channels/${waChannel}/events/${p.id}/replay`)).status).toBe(204);
    await waitFor(() => sees(waChannel, a, "Ana again"), 10_000);
    const contents = (await thread(waChannel, a)).map((m) => m.content);
    expect(contents).toEqual(["POISON order 1", "Ana again"]);
  }, 60_000);

  it.each([
    [
      "WhatsApp",
      () => waChannel,
      (id: string, text: string) => waFake.customerSays(wa, { id, name: "Nul" }, text),
      waNumber,
    ],
    [
      "Telegram",
      () => tgChannel,
      (id: string, text: string) => tgFake.customerSays(tg, { id, name: "Nul" }, text),
      () => String(crypto.randomInt(100_000_000, 999_999_999)),
    ],
  ] as const)(
    "texts with NUL on %s never stop the channel: failures are recorded with a safe reason",
    async (_n, channel, says, newId) => {
      const c = newId();
      const d = newId();
      for (let i = 0; i < 4; i++) expect((await says(c, `a\u0000b ${i}`)).status).toBe(200);
      await says(c, "valid after the NULs");
      await says(d, "another customer");
      await waitFor(() => sees(channel(), c, "valid after the NULs"), 10_000);
      await waitFor(() => sees(channel(), d, "another customer"), 10_000);
      const nulEvents = () =>
        sql(`select status, error from webhook_events where channel_id = $1 and payload like '%a\\\\u0000b%'`, [
          channel(),
        ]);
      // Their outcome is written when the drain's round ends, just after the messages became visible.
      await waitFor(async () => (await nulEvents()).every((e) => e.status !== "pending"), 10_000);
      const events = await nulEvents();
      expect(events.length).toBe(4);
      // Either the text was cleaned and stored, or the event failed with a reason PostgreSQL could store.
      for (const e of events) {
        expect(["processed", "failed"]).toContain(e.status);
        if (e.status === "failed") {
          expect(e.error.length).toBeGreaterThan(0);
          expect(e.error.length).toBeLessThanOrEqual(1000);
        }
      }
    },
    30_000,
  );
});
