import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

// Campaign audiences beyond tags and ids: saved segments (including engagement in another
// campaign) and uploaded lists (contact imports), their union materialised once per contact,
// opted-out contacts skipped. Campaigns are scheduled a day ahead so start only materialises.
const account: FakeAccount = {
  accountId: "106540352249202",
  secrets: { accessToken: "EAAaudience-token", appSecret: "aud-app-secret" },
  settings: {
    phoneNumberId: "106540352249202",
    wabaId: "102290129349202",
    appId: "301234567890202",
    displayPhoneNumber: "+1 555 000 9202",
  },
  webhookUrl: "",
};

function csvForm(content: string) {
  const form = new FormData();
  form.set("file", new Blob([content], { type: "text/csv" }), "list.csv");
  return form;
}

describe.each(drivers)("campaign audiences (%s)", (driver) => {
  const fake = createWhatsAppFake({ accounts: async () => [account], autoDeliver: false });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let s: TestServer;
  let admin: Client;
  let channelId = "";
  let templateId = "";
  let seq = 0;
  const sql = (q: string, p: unknown[] = []) => s.ctx.database.executeSql(q, p);
  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

  const contact = async (name: string, consent = "opted_in") => {
    const phone = `+9197${String(10000000 + seq++)}`;
    const r = await sql("insert into contacts (name, phone, consent_status) values ($1, $2, $3) returning id", [
      name,
      phone,
      consent,
    ]);
    return (r.rows[0] as { id: string }).id;
  };
  const post = (audience: Record<string, unknown>, scheduledAt: string | undefined = tomorrow()) =>
    admin.post("/api/campaigns", { name: `Audience ${seq++}`, channelId, templateId, audience, scheduledAt });
  const create = async (audience: Record<string, unknown>, scheduledAt?: string) => {
    const r = await post(audience, scheduledAt);
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  const start = async (id: string) => {
    const r = await admin.post(`/api/campaigns/${id}/start`);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const recipients = async (id: string) =>
    (await sql("select contact_id, status, error_class from campaign_recipients where campaign_id = $1", [id]))
      .rows as { contact_id: string; status: string; error_class: string | null }[];
  const segment = async (conditions: unknown[], match = "all") => {
    const r = await admin.post("/api/segments", { name: `Seg ${seq++}`, definition: { match, conditions } });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  const importCsv = async (csv: string) => {
    const up = await admin.req("POST", "/api/contacts/imports", csvForm(csv));
    expect(up.status, up.text).toBe(201);
    const id = up.body.id as string;
    const st = await admin.post(`/api/contacts/imports/${id}/start`, {
      mapping: { name: "Name", phone: "Phone" },
      defaultCountry: "es",
    });
    expect(st.status, st.text).toBe(200);
    await waitFor(async () => (await admin.get(`/api/contacts/imports/${id}`)).body.status === "done", 20_000);
    return id;
  };

  beforeAll(async () => {
    served = await serveFake(fake.router);
    s = await bootServer(driver, { WHATSAPP_API_URL: `${served.url}/v23.0` });
    account.webhookUrl = `${s.url}/webhooks/whatsapp`;
    admin = await loginAs(s.url);
    const r = await admin.post("/api/channels", {
      type: "whatsapp",
      name: "Audience number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    channelId = r.body.channel.id;
    const synced = await admin.post("/api/templates/sync", { channelId });
    expect(synced.status, synced.text).toBe(200);
    templateId = synced.body.items.find((t: { name: string }) => t.name === "order_update").id;
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    await served?.close();
  });

  it("an import records the contacts it created and merged into", async () => {
    const existing = await sql("insert into contacts (name, phone) values ('Old', '+34612000001') returning id");
    const oldId = (existing.rows[0] as { id: string }).id;
    const id = await importCsv("Name,Phone\nOld again,612000001\nNew one,612000002\nNew one twin,612000002\n");
    const touched = (
      await sql(
        "select c.phone from contact_import_contacts ic join contacts c on c.id = ic.contact_id where ic.import_id = $1 order by c.phone",
        [id],
      )
    ).rows as { phone: string }[];
    expect(touched.map((r) => r.phone)).toEqual(["+34612000001", "+34612000002"]);
    expect(
      (await sql("select count(*)::int as n from contact_import_contacts where contact_id = $1", [oldId])).rows[0],
    ).toEqual({ n: 1 });
  });

  it("unions tags, ids, segments and imports, each contact once; opted-out contacts are skipped", async () => {
    const label = await admin.post("/api/labels", { name: `aud-${seq++}`, color: "#336699" });
    expect(label.status, label.text).toBe(201);
    const tagged = await contact("Tagged");
    const everywhere = await contact("Everywhere");
    const listed = await contact("Listed");
    const segOnly = await contact("Seg only");
    const segOut = await contact("Seg opted out", "opted_out");
    await contact("Nobody");
    for (const c of [tagged, everywhere])
      expect((await admin.post(`/api/contacts/${c}/labels`, { labelId: label.body.id })).status).toBe(200);
    const field = await admin.post("/api/contact-fields", { key: "tier", label: "Tier", type: "text" });
    expect(field.status, field.text).toBe(201);
    for (const c of [segOnly, segOut, everywhere])
      await sql(`update contacts set attributes = '{"tier":"gold"}' where id = $1`, [c]);
    const gold = await segment([{ type: "text", key: "tier", op: "equals", value: "gold" }]);
    const importId = await importCsv("Name,Phone\nFrom list,612000101\nFrom list 2,612000102\n");
    const fromList = (
      (await sql("select contact_id from contact_import_contacts where import_id = $1", [importId])).rows as {
        contact_id: string;
      }[]
    ).map((r) => r.contact_id);
    await sql("update contacts set consent_status = 'opted_out' where id = $1", [fromList[1]]);
    // "everywhere" is tagged, listed, in the segment and in the import: one recipient.
    await sql("insert into contact_import_contacts (import_id, contact_id) values ($1, $2)", [importId, everywhere]);

    const id = await create({
      labelIds: [label.body.id],
      contactIds: [listed, everywhere],
      segmentIds: [gold],
      importIds: [importId],
    });
    expect((await admin.get(`/api/campaigns/${id}`)).body.audience).toEqual({
      labelIds: [label.body.id],
      contactIds: [listed, everywhere],
      segmentIds: [gold],
      importIds: [importId],
    });
    const started = await start(id);
    expect(started.status).toBe("scheduled");
    const rows = await recipients(id);
    const expected = [tagged, everywhere, listed, segOnly, segOut, ...fromList];
    expect(rows.map((r) => r.contact_id).sort()).toEqual([...expected].sort());
    const skipped = rows.filter((r) => r.status === "skipped");
    expect(skipped.map((r) => r.contact_id).sort()).toEqual([segOut, fromList[1]].sort());
    expect(skipped.every((r) => r.error_class === "opted_out")).toBe(true);
    expect(rows.filter((r) => r.status === "pending")).toHaveLength(5);
  });

  it("a segment over engagement in an earlier campaign: 'received X but did not read it'", async () => {
    const a = await contact("Read it");
    const b = await contact("Did not read");
    const c = await contact("Failed");
    const x = await create({ contactIds: [a, b, c] });
    await start(x);
    const set = (who: string, status: string) =>
      sql("update campaign_recipients set status = $3 where campaign_id = $1 and contact_id = $2", [x, who, status]);
    await set(a, "read");
    await set(b, "delivered");
    await set(c, "failed");
    const followUp = await segment([
      { type: "campaign", campaignId: x, step: "sent" },
      { type: "campaign", campaignId: x, step: "read", negate: true },
    ]);
    const retry = await segment([{ type: "campaign", campaignId: x, step: "failed" }]);
    const id = await create({ segmentIds: [followUp, retry] });
    await start(id);
    expect((await recipients(id)).map((r) => r.contact_id).sort()).toEqual([b, c].sort());
  });

  it("refuses an empty audience, or a segment or import that does not exist, with a 400 on audience", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const empty = await post({ labelIds: [], contactIds: [], segmentIds: [], importIds: [] });
    expect(empty.status).toBe(400);
    for (const audience of [{ segmentIds: [missing] }, { importIds: [missing] }]) {
      const r = await post(audience);
      expect(r.status, r.text).toBe(400);
      expect(r.body.error.details.fieldErrors.audience[0]).toMatch(/no longer exists/);
    }
    // Deleted between draft and start: the start refuses rather than sending to fewer people.
    const gone = await segment([{ type: "consent", status: "opted_in" }]);
    const id = await create({ segmentIds: [gone] });
    expect((await admin.del(`/api/segments/${gone}`)).status).toBe(204);
    const r = await admin.post(`/api/campaigns/${id}/start`);
    expect(r.status, r.text).toBe(400);
    expect((await admin.get(`/api/campaigns/${id}`)).body.status).toBe("draft");
  });

  // The 100,000 of the issue on the server; on PGlite, which runs inside the test's process and
  // serialises everything on one connection, 20,000 of the same shape (the embedded 100,000 are
  // measured in `npm run bench`, not here, where a loaded CI machine made it outlast its timeout).
  const N = driver === "postgres" ? 100_000 : 20_000;
  it(`materialises ${N.toLocaleString("en")} contacts from an import and an overlapping segment in one statement`, async () => {
    const imp = await sql(
      `insert into contact_imports (file_name, size, columns, preview, total_rows, status)
       values ('big.csv', 1, '[]', '[]', $1, 'done') returning id`,
      [N],
    );
    const importId = (imp.rows[0] as { id: string }).id;
    // PGlite runs in the test's process: slices of 10,000 keep each statement short.
    for (let from = 1; from <= N; from += 10_000) {
      await sql(
        `insert into contacts (name, phone, consent_status, attributes)
         select 'Bulk ' || g, '+9196' || lpad(g::text, 8, '0'),
                case when g % 100 = 0 then 'opted_out' else 'opted_in' end,
                jsonb_build_object('bulk', case when g <= $2::int then 'yes' else 'no' end)
           from generate_series($1::int, $1::int + 9999) g`,
        [from, N / 2],
      );
      if (from > N / 2)
        await sql(
          `insert into contact_import_contacts (import_id, contact_id)
           select $1, id from contacts where name in (select 'Bulk ' || g from generate_series($2::int, $2::int + 9999) g)`,
          [importId, from],
        );
    }
    // Those statements held the event loop: pooled keep-alive sockets the server has since timed
    // out may answer a reset once. Wait until a request goes through before the ones under test.
    await waitFor(async () => (await admin.get("/api/contact-fields").catch(() => null))?.status === 200);
    const field = await admin.post("/api/contact-fields", { key: "bulk", label: "Bulk", type: "text" });
    expect(field.status, field.text).toBe(201);
    const half = await segment([{ type: "text", key: "bulk", op: "equals", value: "yes" }]);
    const id = await create({ segmentIds: [half], importIds: [importId] });
    const t0 = performance.now();
    const started = await start(id);
    const ms = Math.round(performance.now() - t0);
    console.log(`[campaigns-audience ${driver}] start materialised ${started.counts.total} recipients in ${ms} ms`);
    expect(started.counts.total).toBe(N);
    expect(started.counts.skipped).toBe(N / 100);
  }, 120_000);
});
