import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake, type WhatsAppFakeOptions } from "../src/features/channels/whatsapp/fake";
import { openDatabase } from "../src/platform/db/client";
import { serveFake } from "./fakes";
import { type Client, drivers, freshDatabaseUrl, loginAs, waitFor } from "./helpers";
import { ServerProcess } from "./processes";

const RECIPIENTS = 60;

/**
 * Issue 9 §3, exactly-once for follow-ups ("no reply after N hours") under a crash, with the harness
 * of campaigns-crash.test.ts: the first messages go out, the follow-ups' time is brought forward
 * (the server stopped, its database edited), and the server is SIGKILLed while the follow-ups are at
 * the fake. After the restart every follow-up reached the fake at most once: sent ones exactly once,
 * the ones open at the crash `failed` / `in_doubt` (never repeated), nobody's first message again.
 */
describe.each(drivers)("campaign follow-ups killed mid-send (%s)", (driver) => {
  it("after the restart every follow-up is sent once; the open ones are in doubt, none is repeated", {
    timeout: 300_000,
  }, async () => {
    const account: FakeAccount = {
      accountId: "106540352249311",
      secrets: { accessToken: "EAAfollowup-crash", appSecret: "followup-crash-secret" },
      settings: { phoneNumberId: "106540352249311", wabaId: "102290129349311", displayPhoneNumber: "+1 555 000 9311" },
      webhookUrl: "",
    };
    const opts: WhatsAppFakeOptions = { accounts: async () => [account], autoDeliver: false };
    const fake = createWhatsAppFake(opts);
    const served = await serveFake(fake.router);
    const db = driver === "postgres" ? await freshDatabaseUrl() : null;
    const proc = new ServerProcess({
      DATABASE_URL: db?.url ?? "",
      WHATSAPP_API_URL: `${served.url}/v23.0`,
      CAMPAIGN_STUCK_SEND_SECONDS: "20",
    });
    const kill = async (signal: "SIGKILL" | "SIGTERM") => {
      const c = proc.child!;
      if (c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill(signal);
      await exited;
    };
    const kill9 = () => kill("SIGKILL");
    try {
      await proc.start();
      account.webhookUrl = `${proc.url}/webhooks/whatsapp`;
      let admin: Client = await loginAs(proc.url);
      const ch = await admin.post("/api/channels", {
        type: "whatsapp",
        name: "Follow-ups",
        settings: account.settings,
        secrets: account.secrets,
      });
      expect(ch.status, ch.text).toBe(201);
      const channelId = ch.body.channel.id as string;
      const synced = await admin.post("/api/templates/sync", { channelId });
      expect(synced.status, synced.text).toBe(200);
      const template = (name: string) => synced.body.items.find((t: { name: string }) => t.name === name).id;
      const people = await Promise.all(
        Array.from({ length: RECIPIENTS }, async (_, i) => {
          const phone = `+9192${String(20000000 + i)}`;
          const r = await admin.post("/api/contacts", { name: `Person ${i}`, phone });
          expect(r.status, r.text).toBe(201);
          return { id: r.body.id as string, to: phone.slice(1) };
        }),
      );
      const created = await admin.post("/api/campaigns", {
        name: "Follow-up crash",
        channelId,
        templateId: template("order_update"),
        ratePerSecond: 20,
        mapping: { body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: "#9" } } },
        audience: { contactIds: people.map((p) => p.id) },
        followUp: { templateId: template("hello_world"), afterHours: 1, when: "no_reply" },
      });
      expect(created.status, created.text).toBe(201);
      const id = created.body.id as string;
      /** The template names the fake accepted for one number, in order. */
      const got = (to: string) =>
        fake.calls
          .filter((c) => c.path.endsWith("/messages") && (c.body as { to?: string }).to === to)
          .map((c) => (c.body as { template: { name: string } }).template.name);
      const accepted = (to: string) => fake.thread(account, to).filter((m) => m.from === "business").length;
      const followUps = () => people.reduce((n, p) => n + (accepted(p.to) === 2 ? 1 : 0), 0);

      expect((await admin.post(`/api/campaigns/${id}/start`)).status).toBe(200);
      // Every first message sent schedules its follow-up (an hour after the send).
      await waitFor(
        async () => (await admin.get(`/api/campaigns/${id}/stats`)).body.followUp?.due === RECIPIENTS,
        60_000,
      );
      // An hour can't be waited for: the server stops (cleanly: PGlite's files are then the test's to
      // open), the follow-ups (and the first sends, else the 6 s pair-rate rule holds the numbers)
      // move an hour back, and the server starts again.
      await kill("SIGTERM");
      const direct = await openDatabase({ url: db?.url, dataDir: proc.dataDir });
      await direct.executeSql(
        `update campaign_recipients set sending_at = sending_at - interval '1 hour', sent_at = sent_at - interval '1 hour'
         where campaign_id = $1 and step = 'first'`,
        [id],
      );
      await direct.executeSql(
        `update campaign_recipients set next_attempt_at = now() where campaign_id = $1 and step = 'follow_up'`,
        [id],
      );
      await direct.close();
      await proc.start();
      // The dispatcher's own wake-up (a run queued for the follow-ups' old due time) may be an hour
      // away: pause + resume queues one now, as an admin would.
      admin = await loginAs(proc.url);
      expect((await admin.post(`/api/campaigns/${id}/pause`)).status).toBe(200);
      expect((await admin.post(`/api/campaigns/${id}/resume`)).status).toBe(200);
      await waitFor(() => followUps() >= 15, 60_000);
      // From now on the fake accepts and never answers: the open follow-ups are at the provider.
      opts.hangAfterAccept = true;
      const before = followUps();
      await waitFor(() => followUps() > before, 30_000);
      await kill9();
      expect(followUps()).toBeLessThan(RECIPIENTS);
      opts.hangAfterAccept = false;

      await proc.start();
      admin = await loginAs(proc.url);
      await waitFor(async () => (await admin.get(`/api/campaigns/${id}`)).body.status === "completed", 90_000);
      // The recipients API lists first messages: the follow-ups are read from the stats and the wire.
      const stats = (await admin.get(`/api/campaigns/${id}/stats`)).body;
      let onWire = 0;
      for (const p of people) {
        const names = got(p.to);
        // Nobody's first message again, and each follow-up on the wire at most once.
        expect(
          names.filter((n) => n === "order_update"),
          p.to,
        ).toHaveLength(1);
        expect(names.filter((n) => n === "hello_world").length, p.to).toBeLessThanOrEqual(1);
        onWire += names.includes("hello_world") ? 1 : 0;
      }
      const f = stats.followUp;
      // Every follow-up ends sent or in doubt; only those that had taken their pacing slot (one per
      // lane at 20/s) can be in doubt, and a sent one reached the fake exactly once.
      expect(f).toMatchObject({ due: RECIPIENTS, pending: 0, skipped: 0 });
      expect(f.sent + f.failed).toBe(RECIPIENTS);
      expect(f.failed).toBeGreaterThanOrEqual(1);
      expect(f.failed).toBeLessThanOrEqual(8);
      expect(onWire).toBeGreaterThanOrEqual(f.sent);
      expect(onWire).toBeLessThanOrEqual(RECIPIENTS);
      expect(followUps()).toBe(onWire);
      if (process.env.TEST_VERBOSE) console.log({ followUp: f, onWire });
    } finally {
      await kill9().catch(() => {});
      fs.rmSync(proc.dataDir, { recursive: true, force: true });
      await served.close();
      await db?.drop();
    }
  });
});
