import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";

/**
 * The drain applies a round's plain customer messages together (channels/apply-batch.ts,
 * inbox/append-inbound-batch.ts). A round is made deterministic here by holding the channel's
 * drain lease while the webhooks are stored, so that the drain then reads them all at once.
 */
const wa: FakeAccount = {
  accountId: "106540352242922",
  secrets: { accessToken: "EAAtest-token", appSecret: "app-secret-123" },
  settings: { phoneNumberId: "106540352242922", wabaId: "102290129340398", displayPhoneNumber: "+1 555 000 1111" },
  webhookUrl: "",
};

type Row = Record<string, any>;
const waNumber = () => `4477009${String(crypto.randomInt(0, 99_999)).padStart(5, "0")}`;
const wamid = () => `wamid.batch-${crypto.randomBytes(6).toString("hex")}`;

describe.each(drivers)("webhook drain rounds applied together (%s)", (driver) => {
  const fake = createWhatsAppFake({ accounts: async () => [wa], autoDeliver: false });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channel: string;
  const sql = async (q: string, params: unknown[] = []) => (await s.ctx.database.executeSql(q, params)).rows as Row[];
  /** A customer's text with a given message id; `second` changes the body (a redelivery the intake cannot collapse). */
  const says = (from: string, id: string, text: string, name = "Customer", second = false) =>
    fake.rawMessage(wa, {
      contacts: [{ profile: { name }, wa_id: from }],
      messages: [
        {
          from,
          id,
          timestamp: String(Math.floor(Date.now() / 1000) - (second ? 1 : 0)),
          type: "text",
          text: { body: text },
        },
      ],
    });
  const conversationOf = async (from: string) =>
    (
      await sql(
        `select c.* from conversations c join contact_identities i on i.id = c.identity_id
          where i.channel_id = $1 and i.external_id = $2`,
        [channel, from],
      )
    )[0];
  const thread = async (from: string) => {
    const c = await conversationOf(from);
    if (!c) return [] as string[];
    return ((await admin.get(`/api/conversations/${c.id}/messages`)).body.items as Row[]).map((m) => m.content);
  };
  /** Stores webhooks while no drain can run, then lets the drain take them all in one round. */
  const oneRound = async (store: () => Promise<void>, trigger: () => Promise<unknown>) => {
    await waitFor(async () => (await sql("select 1 from drain_leases where channel_id = $1", [channel])).length === 0);
    await sql(
      "insert into drain_leases (channel_id, holder, expires_at, again) values ($1, '00000000-0000-4000-8000-00000000beef', now() + interval '60 seconds', false)",
      [channel],
    );
    await store();
    await sql("delete from drain_leases where channel_id = $1 and holder = '00000000-0000-4000-8000-00000000beef'", [
      channel,
    ]);
    await trigger(); // finds no lease: queues the drain, which reads everything stored meanwhile
  };
  const pending = async () =>
    (
      await sql("select count(*)::int as n from webhook_events where channel_id = $1 and status = 'pending'", [channel])
    )[0]!.n as number;

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    wa.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const w = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Support number",
      settings: wa.settings,
      secrets: wa.secrets,
    });
    expect(w.status, w.text).toBe(201);
    channel = w.body.channel.id;
  });
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("several customers, a status between one's messages, duplicates inside and across rounds: order, counts and names hold", async () => {
    const [a, b, d, k, n, e] = [waNumber(), waNumber(), waNumber(), waNumber(), waNumber(), waNumber()];
    const dOld = wamid();
    expect(await says(d, dOld, "D before")).toBe(200);
    expect(await says(k, wamid(), "K before", "Kim")).toBe(200);
    await waitFor(async () => (await thread(d)).length === 1 && (await thread(k)).length === 1);
    const ws = await socket(s.url, { cookie: admin.cookie });

    const b1 = wamid();
    await oneRound(
      async () => {
        expect(await says(a, wamid(), "A1")).toBe(200);
        expect(await says(b, b1, "B1")).toBe(200);
        expect(await says(a, wamid(), "A2")).toBe(200);
        // Not a plain message: applied one by one, after A1 and A2 and before A3.
        expect(await fake.sendStatus(wa, wamid(), a, "delivered")).toBe(200);
        expect(await says(a, wamid(), "A3")).toBe(200);
        expect(await says(b, b1, "B1", "Customer", true)).toBe(200); // the same message again
        expect(await says(d, dOld, "D before", "Customer", true)).toBe(200); // applied in an earlier round
        expect(await says(k, wamid(), "K1", "Kim Lee")).toBe(200); // a new profile name
        expect(await says(n, wamid(), "N1", "Nadia")).toBe(200); // first contact
      },
      () => says(e, wamid(), "E1"),
    );
    await waitFor(async () => (await thread(e)).length === 1 && (await pending()) === 0, 15_000);

    expect(await thread(a)).toEqual(["A1", "A2", "A3"]);
    expect(await thread(b)).toEqual(["B1"]);
    expect(await thread(d)).toEqual(["D before"]);
    expect(await thread(k)).toEqual(["K before", "K1"]);
    expect(await thread(n)).toEqual(["N1"]);
    const conv = await conversationOf(a);
    expect(conv).toMatchObject({ agent_unread_count: 3, last_message_preview: "A3", status: "open" });
    expect((await conversationOf(k))!.agent_unread_count).toBe(2);
    const [kim] = await sql(
      "select c.name from contacts c join contact_identities i on i.contact_id = c.id where i.external_id = $1",
      [k],
    );
    expect(kim!.name).toBe("Kim Lee");
    const [nadia] = await sql(
      `select c.name, count(*) over () as n from contacts c join contact_identities i on i.contact_id = c.id
        where i.channel_id = $1 and i.external_id = $2`,
      [channel, n],
    );
    expect(nadia).toMatchObject({ name: "Nadia", n: expect.anything() });
    expect(Number(nadia!.n)).toBe(1);
    // Every event of the round is done; the status for an id we do not know is parked, not failed.
    expect(
      await sql("select status from webhook_events where channel_id = $1 and status <> 'processed'", [channel]),
    ).toEqual([]);
    // The agent's socket saw each new message once, a customer's in order.
    await ws.next((ev) => ev.type === "message.created" && ev.message.content === "E1");
    const created = ws.events.filter((ev) => ev.type === "message.created").map((ev) => ev.message.content as string);
    expect(created.filter((c) => c.startsWith("A"))).toEqual(["A1", "A2", "A3"]);
    expect(created.filter((c) => c === "B1" || c === "D before")).toEqual(["B1"]);
    const sent = ws.events.find((ev) => ev.type === "message.created" && ev.message.content === "A1");
    expect(sent.message).toMatchObject({ direction: "inbound", senderType: "customer", status: "sent" });
    ws.close();
  }, 30_000);

  it("an event that fails in a round fails alone: the others of the round apply, its customer's later ones wait", async () => {
    await sql(`create or replace function sb_test_poison() returns trigger language plpgsql as $$
      begin if new.content like '%POISON%' then raise exception 'poisoned for this test'; end if; return new; end $$`);
    await sql("create trigger sb_test_poison before insert on messages for each row execute function sb_test_poison()");
    const [f, g, h] = [waNumber(), waNumber(), waNumber()];
    await oneRound(
      async () => {
        expect(await says(g, wamid(), "G1")).toBe(200);
        expect(await says(f, wamid(), "F1 POISON")).toBe(200);
        expect(await says(g, wamid(), "G2")).toBe(200);
        expect(await says(f, wamid(), "F2")).toBe(200);
      },
      () => says(h, wamid(), "H1"),
    );
    await waitFor(async () => (await thread(h)).length === 1 && (await thread(g)).length === 2, 15_000);
    expect(await thread(g)).toEqual(["G1", "G2"]);
    const [poisoned] = await sql("select * from webhook_events where channel_id = $1 and payload like '%F1 POISON%'", [
      channel,
    ]);
    await waitFor(
      async () => (await sql("select attempts from webhook_events where id = $1", [poisoned!.id]))[0]!.attempts >= 1,
    );
    const [p] = await sql("select * from webhook_events where id = $1", [poisoned!.id]);
    expect(p).toMatchObject({ status: "pending" });
    expect(p!.error).toContain("poisoned for this test");
    // Strict order per customer: F2 waits behind F1.
    expect(await thread(f)).toEqual([]);
    await sql("drop trigger sb_test_poison on messages");
    expect((await admin.post(`/api/channels/${channel}/events/${p!.id}/replay`)).status).toBe(204);
    await waitFor(async () => (await thread(f)).length === 2, 15_000);
    expect(await thread(f)).toEqual(["F1 POISON", "F2"]);
  }, 40_000);
});
