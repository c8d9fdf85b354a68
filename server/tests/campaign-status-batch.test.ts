import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCampaignStatus, applyCampaignStatusesBatch } from "../src/features/campaigns/apply-status";
import type { ProviderStatus } from "../src/features/channels";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

/**
 * Campaign statuses of a drain round in one statement (campaigns/apply-status.ts
 * applyCampaignStatusesBatch): the outcome must be that of applyCampaignStatus on each, in order.
 * Each script runs twice, on two recipients: one applied batched, one applied one by one; the rows
 * must agree, and match the expected final state.
 */
const wa: FakeAccount = {
  accountId: "106540352242977",
  secrets: { accessToken: "EAAtest-token", appSecret: "app-secret-789" },
  settings: { phoneNumberId: "106540352242977", wabaId: "102290129340377", displayPhoneNumber: "+1 555 000 3333" },
  webhookUrl: "",
};
type Row = Record<string, any>;
const wamid = () => `wamid.camp-${crypto.randomBytes(6).toString("hex")}`;
const number = () => `4477009${String(crypto.randomInt(0, 99_999)).padStart(5, "0")}`;

describe.each(drivers)("campaign statuses applied in batches (%s)", (driver) => {
  const fake = createWhatsAppFake({ accounts: async () => [wa], autoDeliver: false });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channel: string;
  let campaign: string;
  const sql = async (q: string, params: unknown[] = []) => (await s.ctx.database.executeSql(q, params)).rows as Row[];
  /** A recipient whose send is recorded (`status`, Meta's id known unless `withId` is false). */
  const recipient = async (status: string, opts: { withId?: boolean; errorClass?: string } = {}) => {
    const ext = wamid();
    const attempt = crypto.randomUUID();
    const [r] = await sql(
      `insert into campaign_recipients (campaign_id, contact_id, phone, status, attempts, attempt_id, provider_message_id,
                                        sent_at, error_class)
       values ($1, $2, $3, $4, 1, $5, $6, case when $4 in ('sent','delivered','read') then '2026-01-01T00:00:00Z'::timestamptz end, $7)
       returning id`,
      [
        campaign,
        crypto.randomUUID(),
        number(),
        status,
        attempt,
        opts.withId === false ? null : ext,
        opts.errorClass ?? null,
      ],
    );
    return { id: r!.id as string, ext, attempt };
  };
  const status = (
    who: { ext: string; attempt: string },
    st: ProviderStatus["status"],
    at: number,
    byAttempt = false,
  ): ProviderStatus => ({
    kind: "status",
    externalId: byAttempt ? wamid() : who.ext,
    status: st,
    timestamp: new Date(1_790_000_000_000 + at * 1000),
    callbackData: who.attempt,
    ...(st === "failed" ? { error: { code: "131026", message: "Message undeliverable" } } : {}),
  });
  const rowOf = async (id: string) =>
    (
      await sql(
        `select status, error_class, error_code, sent_at, delivered_at, read_at,
                provider_message_id is not null as has_id
           from campaign_recipients where id = $1`,
        [id],
      )
    )[0]!;

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
    // Running, not completed: a failure's retry does not reopen anything here.
    const [c] = await sql(
      `insert into campaigns (name, channel_id, template_id, template_name, template_language, audience, status)
       values ('Test', $1, $2, 'hello', 'en', '{"labelIds":[],"contactIds":[]}', 'running') returning id`,
      [channel, crypto.randomUUID()],
    );
    campaign = c!.id;
  });
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("forward only, out of order, failed after sent: the same rows as one by one", async () => {
    // start status, statuses in arrival order (status, seconds), expected final status
    const scripts: [string, [ProviderStatus["status"], number][], string][] = [
      [
        "sent",
        [
          ["read", 3],
          ["delivered", 2],
          ["sent", 1],
        ],
        "read",
      ], // read first: nothing moves back
      [
        "sent",
        [
          ["delivered", 2],
          ["delivered", 2],
          ["read", 3],
          ["read", 3],
        ],
        "read",
      ], // redelivered
      ["read", [["delivered", 2]], "read"], // a late delivered never undoes read
      [
        "replied",
        [
          ["read", 3],
          ["delivered", 2],
        ],
        "replied",
      ], // replied is never undone
      [
        "sent",
        [
          ["sent", 1],
          ["failed", 2],
        ],
        "failed",
      ], // failed after sent goes through the error table
      [
        "delivered",
        [
          ["failed", 3],
          ["read", 4],
        ],
        "failed",
      ],
      ["sending", [["sent", 1]], "sent"],
    ];
    const batched: string[] = [];
    const single: string[] = [];
    const round: ProviderStatus[] = [];
    const oneByOne: ProviderStatus[] = [];
    for (const [start, seq] of scripts) {
      const a = await recipient(start);
      const b = await recipient(start);
      batched.push(a.id);
      single.push(b.id);
      for (const [st, at] of seq) {
        round.push(status(a, st, at));
        oneByOne.push(status(b, st, at));
      }
    }
    // In doubt (the process died before recording Meta's id): the status, matched by our attempt id,
    // is the evidence of the send.
    const doubtA = await recipient("failed", { withId: false, errorClass: "in_doubt" });
    const doubtB = await recipient("failed", { withId: false, errorClass: "in_doubt" });
    round.push(status(doubtA, "delivered", 2, true));
    oneByOne.push(status(doubtB, "delivered", 2, true));
    // Failed for good stays failed.
    const deadA = await recipient("failed", { errorClass: "permanent" });
    const deadB = await recipient("failed", { errorClass: "permanent" });
    round.push(status(deadA, "read", 3));
    oneByOne.push(status(deadB, "read", 3));
    // Not a campaign's: not claimed.
    const stranger: ProviderStatus = { ...status({ ext: wamid(), attempt: "" }, "read", 3), callbackData: undefined };
    round.push(stranger);

    const claimed = await applyCampaignStatusesBatch(s.ctx, channel, round);
    for (const st of oneByOne) await applyCampaignStatus(s.ctx, channel, st);

    expect(claimed.has(stranger.externalId)).toBe(false);
    for (const st of round.slice(0, -1)) expect(claimed.has(st.externalId) || claimed.has(st.callbackData!)).toBe(true);
    batched.push(doubtA.id, deadA.id);
    single.push(doubtB.id, deadB.id);
    const finals = [...scripts.map((x) => x[2]), "delivered", "failed"];
    for (let i = 0; i < batched.length; i++) {
      const a = await rowOf(batched[i]!);
      const b = await rowOf(single[i]!);
      expect(a, `script ${i}`).toEqual(b);
      expect(a.status, `script ${i}`).toBe(finals[i]);
    }
    // Timestamps are the first status that reached them, whatever the arrival order.
    const first = await rowOf(batched[0]!);
    expect(new Date(first.delivered_at).getTime()).toBe(1_790_000_000_000 + 3000); // read (3 s) came first
    expect(new Date(first.read_at).getTime()).toBe(1_790_000_000_000 + 3000);
    const doubt = await rowOf(doubtA.id);
    expect(doubt).toMatchObject({ error_class: null, has_id: true });
    expect((await rowOf(batched[4]!)).error_code).toBe("131026");
  });

  it("a drain round hands campaign statuses to the batch, not to the inbox", async () => {
    const a = await recipient("sent");
    const b = await recipient("sent");
    const c = await recipient("sent");
    const to = number();
    await waitFor(async () => (await sql("select 1 from drain_leases where channel_id = $1", [channel])).length === 0);
    await sql(
      "insert into drain_leases (channel_id, holder, expires_at, again) values ($1, '00000000-0000-4000-8000-00000000beef', now() + interval '60 seconds', false)",
      [channel],
    );
    for (const [who, st] of [
      [a, "read"],
      [a, "delivered"],
      [b, "delivered"],
      [c, "sent"],
      [c, "read"],
    ] as const)
      expect(await fake.sendStatus(wa, who.ext, to, st)).toBe(200);
    await sql("delete from drain_leases where channel_id = $1 and holder = '00000000-0000-4000-8000-00000000beef'", [
      channel,
    ]);
    // Any new webhook asks for a drain (a customer's message here).
    expect(
      await fake.rawMessage(wa, {
        contacts: [{ profile: { name: "Customer" }, wa_id: to }],
        messages: [
          {
            from: to,
            id: wamid(),
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: "text",
            text: { body: "Hi" },
          },
        ],
      }),
    ).toBe(200);
    await waitFor(
      async () => (await rowOf(c.id)).status === "read" && (await rowOf(b.id)).status === "delivered",
      15_000,
    );
    expect((await rowOf(a.id)).status).toBe("read");
    // Nothing was parked as a status of an unknown inbox message.
    expect(await sql("select 1 from parked_statuses where channel_id = $1", [channel])).toEqual([]);
    await waitFor(
      async () =>
        (
          await sql("select count(*)::int as n from webhook_events where channel_id = $1 and status = 'pending'", [
            channel,
          ])
        )[0]!.n === 0,
    );
  });
});
