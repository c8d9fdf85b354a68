import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake, type WhatsAppFakeOptions } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { type Client, drivers, freshDatabaseUrl, loginAs, waitFor } from "./helpers";
import { ServerProcess } from "./processes";

const RECIPIENTS = 240;

/**
 * Issue 9 §3, exactly-once under a crash: the server (its own process, killed with SIGKILL) runs a
 * campaign against the fake served here. A few sends are at the fake when it dies: accepted there,
 * answer never read. After the restart the campaign completes and outcome.ts's promise holds: no
 * recipient gets a second message; a recipient whose send was open at the crash ends `failed` /
 * `in_doubt` (it may have been delivered) instead of being sent again; everyone else is `sent` once.
 */
describe.each(drivers)("campaign killed mid-send (%s)", (driver) => {
  it("after the restart the campaign completes; nobody is messaged twice, open sends are in doubt", {
    timeout: 300_000,
  }, async () => {
    const account: FakeAccount = {
      accountId: "106540352249301",
      secrets: { accessToken: "EAAcrash-token", appSecret: "camp-crash-secret" },
      settings: { phoneNumberId: "106540352249301", wabaId: "102290129349301", displayPhoneNumber: "+1 555 000 9301" },
      webhookUrl: "",
    };
    const opts: WhatsAppFakeOptions = { accounts: async () => [account], autoDeliver: false };
    const fake = createWhatsAppFake(opts);
    const served = await serveFake(fake.router);
    const db = driver === "postgres" ? await freshDatabaseUrl() : null;
    // DATABASE_URL empty: PGlite in the process's DATA_DIR, which survives the kill.
    // The open sends are settled after CAMPAIGN_STUCK_SEND_SECONDS: its minimum keeps the wait short.
    const proc = new ServerProcess({
      DATABASE_URL: db?.url ?? "",
      WHATSAPP_API_URL: `${served.url}/v23.0`,
      CAMPAIGN_STUCK_SEND_SECONDS: "20",
    });
    const kill9 = async () => {
      const c = proc.child!;
      // A child killed by a signal keeps exitCode null: signalCode says it is gone.
      if (c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      await exited;
    };
    try {
      await proc.start();
      account.webhookUrl = `${proc.url}/webhooks/whatsapp`;
      let admin: Client = await loginAs(proc.url);
      const ch = await admin.post("/api/channels", {
        type: "whatsapp",
        name: "Outreach",
        settings: account.settings,
        secrets: account.secrets,
      });
      expect(ch.status, ch.text).toBe(201);
      const channelId = ch.body.channel.id as string;
      const synced = await admin.post("/api/templates/sync", { channelId });
      expect(synced.status, synced.text).toBe(200);
      const templateId = synced.body.items.find((t: { name: string }) => t.name === "order_update").id;

      const people: { id: string; to: string }[] = [];
      for (let i = 0; i < RECIPIENTS; i += 20) {
        const batch = await Promise.all(
          Array.from({ length: 20 }, async (_, j) => {
            const phone = `+9198${String(20000000 + i + j)}`;
            const r = await admin.post("/api/contacts", { name: `Person ${i + j}`, phone });
            expect(r.status, r.text).toBe(201);
            return { id: r.body.id as string, to: phone.slice(1) };
          }),
        );
        people.push(...batch);
      }
      const created = await admin.post("/api/campaigns", {
        name: "Crash campaign",
        channelId,
        templateId,
        ratePerSecond: 40,
        mapping: { body: { "1": { field: "first_name", fallback: "there" }, "2": { field: "text", value: "#7" } } },
        audience: { contactIds: people.map((p) => p.id) },
      });
      expect(created.status, created.text).toBe(201);
      const id = created.body.id as string;
      const business = (to: string) => fake.thread(account, to).filter((m) => m.from === "business").length;
      const received = () => people.reduce((n, p) => n + business(p.to), 0);

      expect((await admin.post(`/api/campaigns/${id}/start`)).status).toBe(200);
      await waitFor(() => received() >= 60, 60_000);
      // From now on the fake accepts and never answers: the open sends are at the provider when we kill.
      opts.hangAfterAccept = true;
      const before = received();
      await waitFor(() => received() > before, 30_000);
      await kill9();
      const atKill = received();
      expect(atKill).toBeLessThan(RECIPIENTS);
      opts.hangAfterAccept = false;

      await proc.start();
      admin = await loginAs(proc.url);
      // The open sends wait out CAMPAIGN_STUCK_SEND_SECONDS (20 s here) before they are settled.
      await waitFor(async () => (await admin.get(`/api/campaigns/${id}`)).body.status === "completed", 180_000);

      const rows: Record<string, any>[] = [];
      let cursor: string | null = null;
      do {
        const r = await admin.get(`/api/campaigns/${id}/recipients?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
        expect(r.status, r.text).toBe(200);
        rows.push(...r.body.items);
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(rows).toHaveLength(RECIPIENTS);
      const sendsTo = new Map<string, number>();
      for (const c of fake.calls)
        if (c.path.endsWith("/messages")) {
          const to = String((c.body as { to?: string }).to);
          sendsTo.set(to, (sendsTo.get(to) ?? 0) + 1);
        }
      const inDoubt = rows.filter((r) => r.errorClass === "in_doubt");
      for (const r of rows) {
        const p = people.find((x) => x.id === r.contactId)!;
        // At most once, at the fake and on the wire (no request was repeated after the crash).
        expect(business(p.to), p.to).toBeLessThanOrEqual(1);
        expect(sendsTo.get(p.to) ?? 0, p.to).toBeLessThanOrEqual(1);
        if (r.status === "sent") {
          expect(business(p.to), p.to).toBe(1);
          expect(fake.thread(account, p.to)[0]!.id).toBe(r.providerMessageId);
        } else {
          // The only other end: in doubt, said so, never silently repeated and never left `sending`.
          expect(r, p.to).toMatchObject({ status: "failed", errorClass: "in_doubt" });
          expect(r.errorReason).toMatch(/may have been delivered/);
        }
      }
      // The sends hung at the fake when the process died are among the in-doubt ones, received once.
      const hung = inDoubt.filter((r) => business(people.find((x) => x.id === r.contactId)!.to) === 1);
      expect(hung.length).toBeGreaterThanOrEqual(1);
      // Only sends that had taken their pacing slot may be in doubt: at most one per lane (8), not
      // the whole claimed batch; the claimed rest is sent after the restart.
      expect(inDoubt.length).toBeLessThanOrEqual(8);
      const sent = rows.filter((r) => r.status === "sent").length;
      expect(sent + inDoubt.length).toBe(RECIPIENTS);
      expect(received()).toBe(sent + hung.length);
      // Everyone not open at the crash got the message, exactly once.
      expect(sent).toBeGreaterThanOrEqual(RECIPIENTS - inDoubt.length);
      const stats = (await admin.get(`/api/campaigns/${id}/stats`)).body;
      expect(stats.byErrorClass).toEqual({ in_doubt: inDoubt.length });
      if (process.env.TEST_VERBOSE) console.log({ atKill, sent, inDoubt: inDoubt.length, hung: hung.length });
    } finally {
      await kill9().catch(() => {});
      fs.rmSync(proc.dataDir, { recursive: true, force: true });
      await served.close();
      await db?.drop();
    }
  });
});
