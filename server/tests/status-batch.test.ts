import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { applyParkedStatuses, applyStatusesBatch } from "../src/features/inbox";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";

/**
 * A drain round's delivery statuses are applied together (inbox/apply-statuses-batch.ts): many
 * messages, many customers, out of order and redelivered, in one statement, with the outcome of
 * applying them one by one. A round is made deterministic by holding the channel's drain lease while
 * the webhooks are stored (as in drain-batch.test.ts).
 */
const wa: FakeAccount = {
  accountId: "106540352242933",
  secrets: { accessToken: "EAAtest-token", appSecret: "app-secret-456" },
  settings: { phoneNumberId: "106540352242933", wabaId: "102290129340399", displayPhoneNumber: "+1 555 000 2222" },
  webhookUrl: "",
};

type Row = Record<string, any>;
const waNumber = () => `4477008${String(crypto.randomInt(0, 99_999)).padStart(5, "0")}`;
const wamid = () => `wamid.status-${crypto.randomBytes(6).toString("hex")}`;

describe.each(drivers)("delivery statuses applied in batches (%s)", (driver) => {
  const fake = createWhatsAppFake({ accounts: async () => [wa], autoDeliver: false });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channel: string;
  const sql = async (q: string, params: unknown[] = []) => (await s.ctx.database.executeSql(q, params)).rows as Row[];
  const says = (from: string, text: string) =>
    fake.rawMessage(wa, {
      contacts: [{ profile: { name: "Customer" }, wa_id: from }],
      messages: [
        { from, id: wamid(), timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } },
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
  /** A customer with a conversation and `n` of our messages to them, already sent (provider ids known). */
  const customerWithSent = async (n: number) => {
    const who = waNumber();
    expect(await says(who, "Hello")).toBe(200);
    await waitFor(async () => !!(await conversationOf(who)));
    const conv = await conversationOf(who);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const ext = wamid();
      await sql(
        `insert into messages (conversation_id, channel_id, direction, sender_type, content, external_id, status)
         values ($1, $2, 'outbound', 'agent', $3, $4, 'sent')`,
        [conv!.id, channel, `Our message ${i}`, ext],
      );
      ids.push(ext);
    }
    return { who, ids };
  };
  const statusOf = async (ext: string) =>
    (await sql("select status, error_code, error_message from messages where external_id = $1", [ext]))[0];
  const oneRound = async (store: () => Promise<void>, trigger: () => Promise<unknown>) => {
    await waitFor(async () => (await sql("select 1 from drain_leases where channel_id = $1", [channel])).length === 0);
    await sql(
      "insert into drain_leases (channel_id, holder, expires_at, again) values ($1, '00000000-0000-4000-8000-00000000cafe', now() + interval '60 seconds', false)",
      [channel],
    );
    await store();
    await sql("delete from drain_leases where channel_id = $1 and holder = '00000000-0000-4000-8000-00000000cafe'", [
      channel,
    ]);
    await trigger();
  };
  const pending = async () =>
    (
      await sql("select count(*)::int as n from webhook_events where channel_id = $1 and status = 'pending'", [channel])
    )[0]!.n as number;
  const failure = { code: 131026, title: "Message undeliverable" };

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    wa.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const w = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Campaign number",
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

  it("out-of-order and duplicate statuses of many messages and customers end in the right state, one event per change", async () => {
    const a = await customerWithSent(4);
    const b = await customerWithSent(3);
    const ws = await socket(s.url, { cookie: admin.cookie });
    const unknown = wamid();
    // Per message, in the order Meta sends them here, and the state that applying them one by one gives.
    const script: [string, string, string[], string][] = [
      [a.who, a.ids[0]!, ["read", "delivered", "sent"], "read"], // read may come first; nothing moves back
      [a.who, a.ids[1]!, ["delivered", "delivered", "read", "read"], "read"], // redelivered
      [a.who, a.ids[2]!, ["sent", "failed", "delivered"], "failed"], // failed is final
      [a.who, a.ids[3]!, ["sent"], "sent"], // no change at all
      [b.who, b.ids[0]!, ["delivered", "failed"], "delivered"], // a failure after delivery is ignored
      [b.who, b.ids[1]!, ["sent", "delivered"], "delivered"],
      [b.who, b.ids[2]!, ["failed", "read"], "failed"],
    ];
    const later = waNumber();
    await oneRound(
      async () => {
        // Interleaved across messages and customers, each message's statuses in script order, and a
        // customer's own message between their statuses.
        for (let step = 0; step < 4; step++) {
          for (const [who, ext, seq] of script) {
            const st = seq[step];
            if (st) expect(await fake.sendStatus(wa, ext, who, st, st === "failed" ? failure : undefined)).toBe(200);
          }
          if (step === 1) expect(await says(a.who, "Did you get my order?")).toBe(200);
        }
        expect(await fake.sendStatus(wa, unknown, b.who, "delivered")).toBe(200);
      },
      () => says(later, "Hi"),
    );
    await waitFor(async () => !!(await conversationOf(later)) && (await pending()) === 0, 15_000);
    for (const [, ext, , final] of script) expect((await statusOf(ext))!.status, ext).toBe(final);
    expect(await statusOf(a.ids[2]!)).toMatchObject({ error_code: "131026" });
    expect(await statusOf(b.ids[2]!)).toMatchObject({ error_code: "131026" });
    expect(await statusOf(b.ids[0]!)).toMatchObject({ error_code: null });
    expect(await sql("select status from parked_statuses where external_id = $1", [unknown])).toEqual([
      { status: "delivered" },
    ]);
    expect(
      await sql("select status from webhook_events where channel_id = $1 and status <> 'processed'", [channel]),
    ).toEqual([]);
    // The customer's message shows, in its conversation.
    const thread = (await admin.get(`/api/conversations/${(await conversationOf(a.who))!.id}/messages`)).body.items;
    expect(thread.map((m: Row) => m.content)).toContain("Did you get my order?");

    // One message.updated per message that changed, carrying its final state; none for the unchanged one.
    await ws.next((ev) => ev.type === "message.created" && ev.message.content === "Hi");
    await waitFor(() => ws.events.filter((ev) => ev.type === "message.updated").length >= 6);
    const rows = await sql("select id, external_id from messages where external_id = any($1)", [
      script.map((x) => x[1]),
    ]);
    const idOf = new Map(rows.map((r) => [r.external_id as string, r.id as string]));
    for (const [, ext, , final] of script) {
      const seen = ws.events.filter((ev) => ev.type === "message.updated" && ev.message.id === idOf.get(ext));
      if (ext === a.ids[3]) expect(seen).toEqual([]);
      else
        expect(
          seen.map((ev) => ev.message.status),
          ext,
        ).toEqual([final]);
    }
    ws.close();
  }, 40_000);

  it("a backlog larger than a round: rounds grow (200, 400, ...), each status applied once, none moves back across rounds", async () => {
    const customers = [await customerWithSent(0), await customerWithSent(0), await customerWithSent(0)];
    const all: { ext: string; who: string; i: number }[] = [];
    for (const c of customers) {
      const conv = await conversationOf(c.who);
      const made = await sql(
        `insert into messages (conversation_id, channel_id, direction, sender_type, content, external_id, status)
         select $1, $2, 'outbound', 'agent', 'Our message ' || g, $3 || '.' || g, 'sent' from generate_series(0, 69) g
         returning external_id`,
        [conv!.id, channel, wamid()],
      );
      for (const [i, m] of made.entries()) all.push({ ext: String(m.external_id), who: c.who, i });
    }
    const before = (await sql("select count(*)::int as n from webhook_events where channel_id = $1", [channel]))[0]!
      .n as number;
    // Waves in this order, so the 630 events are received sent..., read..., then late delivered or
    // failed: with rounds of 200, then 400, then the rest, most messages' read and late status
    // fall in different rounds.
    const wave = async (status: (m: (typeof all)[number]) => string) => {
      for (let k = 0; k < all.length; k += 40)
        await Promise.all(
          all.slice(k, k + 40).map(async (m) => {
            const st = status(m);
            expect(await fake.sendStatus(wa, m.ext, m.who, st, st === "failed" ? failure : undefined)).toBe(200);
          }),
        );
    };
    await oneRound(
      async () => {
        await wave(() => "sent");
        await wave(() => "read");
        await wave((m) => (m.i % 4 === 0 ? "failed" : "delivered"));
      },
      () => says(customers[0]!.who, "Still there?"),
    );
    await waitFor(async () => (await pending()) === 0, 60_000);
    const events = await sql(
      "select status, processed_at::text as processed_at from webhook_events where channel_id = $1 order by received_at, id offset $2",
      [channel, before],
    );
    // 630 statuses and the customer's message: every one stored once and processed.
    expect(events.length).toBe(all.length * 3 + 1);
    expect(events.every((e) => e.status === "processed")).toBe(true);
    // One processed_at per round's UPDATE: 200 + 400 + the remaining 30 (the message that
    // triggered the drain was stored after the lease was let go: a round of its own, or the third).
    const statusRounds = new Set(events.slice(0, all.length * 3).map((e) => e.processed_at));
    expect(statusRounds.size).toBe(3);
    const rows = await sql(
      "select status, count(*)::int as n from messages where external_id = any($1) group by status",
      [all.map((m) => m.ext)],
    );
    // Read stays read: a late delivered changes nothing, and a failed after delivery is ignored (Meta's rule).
    expect(rows).toEqual([{ status: "read", n: all.length }]);
  }, 180_000);

  it("a status for an unknown message is parked, then applied when the message gets that id", async () => {
    const c = await customerWithSent(0);
    const ext = wamid();
    await oneRound(
      async () => {
        for (const st of ["delivered", "sent", "read", "read"])
          expect(await fake.sendStatus(wa, ext, c.who, st)).toBe(200);
      },
      () => says(c.who, "Anyone?"),
    );
    await waitFor(async () => (await pending()) === 0, 15_000);
    const parked = await sql("select status from parked_statuses where external_id = $1 order by status", [ext]);
    expect(parked.map((p) => p.status)).toEqual(["delivered", "read", "sent"]);
    // Our send's answer arrives: the message carries the id (as deliver-message records it).
    const conv = await conversationOf(c.who);
    await sql(
      `insert into messages (conversation_id, channel_id, direction, sender_type, content, external_id, status)
       values ($1, $2, 'outbound', 'agent', 'Late answer', $3, 'sent')`,
      [conv!.id, channel, ext],
    );
    const ws = await socket(s.url, { cookie: admin.cookie });
    expect(await applyParkedStatuses(s.ctx, channel, ext)).toBe(1);
    expect((await statusOf(ext))!.status).toBe("read");
    expect(await sql("select 1 from parked_statuses where external_id = $1", [ext])).toEqual([]);
    const upd = await ws.next((ev) => ev.type === "message.updated" && ev.message.content === "Late answer");
    expect(upd.message.status).toBe("read");
    // Released once: a second look finds nothing.
    expect(await applyParkedStatuses(s.ctx, channel, ext)).toBe(0);
    ws.close();
  }, 30_000);

  it("a failure inside the batch leaves nothing half-applied, and the replay converges", async () => {
    const d = await customerWithSent(3);
    const poisoned = `wamid.POISON-${crypto.randomBytes(4).toString("hex")}`;
    // A fault of our own making inside the real database: parking this id fails.
    await sql(`create or replace function sb_test_poison_status() returns trigger language plpgsql as $$
      begin if new.external_id like '%POISON%' then raise exception 'poisoned for this test'; end if; return new; end $$`);
    await sql(
      "create trigger sb_test_poison_status before insert on parked_statuses for each row execute function sb_test_poison_status()",
    );
    // Straight at the batch: the statement fails as a whole, no message changed.
    const items = [
      { externalId: d.ids[0]!, status: "delivered" as const },
      { externalId: poisoned, status: "delivered" as const },
      { externalId: d.ids[1]!, status: "read" as const },
    ];
    const err = await applyStatusesBatch(s.ctx, channel, items).then(
      () => null,
      (e: Error & { cause?: Error }) => e,
    );
    expect(err?.cause?.message ?? err?.message).toContain("poisoned for this test");
    for (const ext of d.ids) expect((await statusOf(ext))!.status).toBe("sent");

    // Through the drain: the round's batch fails, the events go one by one; the poisoned one fails alone.
    const other = waNumber();
    await oneRound(
      async () => {
        expect(await fake.sendStatus(wa, d.ids[0]!, d.who, "delivered")).toBe(200);
        expect(await fake.sendStatus(wa, poisoned, other, "delivered")).toBe(200);
        expect(await fake.sendStatus(wa, d.ids[1]!, d.who, "read")).toBe(200);
        expect(await fake.sendStatus(wa, d.ids[2]!, d.who, "delivered")).toBe(200);
      },
      () => says(other, "Hi there"),
    );
    await waitFor(async () => (await statusOf(d.ids[2]!))!.status === "delivered", 15_000);
    expect((await statusOf(d.ids[0]!))!.status).toBe("delivered");
    expect((await statusOf(d.ids[1]!))!.status).toBe("read");
    const [bad] = await sql("select * from webhook_events where channel_id = $1 and payload like '%POISON%'", [
      channel,
    ]);
    await waitFor(
      async () => (await sql("select attempts from webhook_events where id = $1", [bad!.id]))[0]!.attempts >= 1,
    );
    const [p] = await sql("select status, error from webhook_events where id = $1", [bad!.id]);
    expect(p!.error).toContain("poisoned for this test");

    // Fixed: the retry of the failed event and a replay of the whole batch converge, changing nothing twice.
    await sql("drop trigger sb_test_poison_status on parked_statuses");
    await waitFor(
      async () => (await sql("select status from webhook_events where id = $1", [bad!.id]))[0]!.status === "processed",
      15_000,
    );
    const before = await sql("select id, status, updated_at from messages where external_id = any($1) order by id", [
      d.ids,
    ]);
    expect((await applyStatusesBatch(s.ctx, channel, items)).updated).toBe(0);
    expect(
      await sql("select id, status, updated_at from messages where external_id = any($1) order by id", [d.ids]),
    ).toEqual(before);
    expect(await sql("select status from parked_statuses where external_id = $1", [poisoned])).toEqual([
      { status: "delivered" },
    ]);
    await waitFor(async () => !!(await conversationOf(other)));
  }, 40_000);
});
