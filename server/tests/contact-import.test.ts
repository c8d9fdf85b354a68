import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importSchema } from "../src/features/inbox/contact-import/jobs";
import { runContactImport } from "../src/features/inbox/contact-import/run-import";
import { count, signedInAgent } from "./contacts-helpers";
import { bootServer, type Client, drivers, loginAs, socket, type TestServer, waitFor } from "./helpers";

function csvForm(content: string, name = "contacts.csv", type = "text/csv") {
  const form = new FormData();
  form.set("file", new Blob([content], { type }), name);
  return form;
}
/** n valid Spanish mobiles written locally ("6xx…"), read with the default country ES. */
const bulk = (n: number, from = 0) =>
  ["Name,Phone", ...Array.from({ length: n }, (_, i) => `Person ${from + i},6${String(10_000_000 + from + i)}`)].join(
    "\n",
  );

describe.each(drivers)("contact imports (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
  }, 180_000);
  afterAll(async () => {
    await s?.stop();
  });

  const upload = async (content: string, name?: string, type?: string) => {
    const r = await admin.req("POST", "/api/contacts/imports", csvForm(content, name, type));
    return r;
  };
  const phoneCount = async (phone: string) => count(s, "contacts where phone = $1", [phone]);
  const imp = async (id: string) => (await admin.get(`/api/contacts/imports/${id}`)).body;

  it("refuses what is not an importable CSV with a 4xx naming the problem", async () => {
    expect((await upload("")).status).toBe(400);
    const headerOnly = await upload("name,phone\n");
    expect(headerOnly.status).toBe(400);
    expect(headerOnly.body.error.message).toMatch(/no rows/);
    const binary = await upload("PK\u0000\u0003binary", "sheet.xlsx", "application/zip");
    expect(binary.status).toBe(415);
    const tooMany = await upload(bulk(100_001));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/more than 100,000 rows/);
    // The route's own limit: above the server's MAX_UPLOAD_MB (10 MB) up to 50 MB.
    const wide = [
      "Name,Phone,Notes",
      ...Array.from({ length: 20_000 }, (_, i) => `P${i},+3461${String(1_000_000 + i)},${"x".repeat(600)}`),
    ];
    const twelve = await upload(wide.join("\n"));
    expect(twelve.status, twelve.text).toBe(201);
    expect(twelve.body.totalRows).toBe(20_000);
    const huge = await upload("Name,Phone\n" + "y".repeat(51 * 1024 * 1024));
    expect(huge.status).toBe(413);
    // An upload never started and then cancelled leaves no file behind.
    expect((await admin.post(`/api/contacts/imports/${twelve.body.id}/cancel`)).body.status).toBe("cancelled");
    const agent = await signedInAgent(s, admin, "import-agent@example.com");
    expect((await agent.req("POST", "/api/contacts/imports", csvForm(bulk(2)))).status).toBe(403);
    expect(await count(s, "contact_imports where status <> 'cancelled'")).toBe(0);
    expect(await count(s, "stored_files")).toBe(0);
  }, 120_000);

  it("imports with a mapping: E.164 with the default country, row errors, de-dup in the file and against contacts, typed fields, tags, consent; progress over the WebSocket; the error report", async () => {
    for (const f of [
      { key: "orders", label: "Orders", type: "number" },
      { key: "birthday", label: "Birthday", type: "date" },
      { key: "plan", label: "Plan", type: "choice", options: ["Basic", "Pro"] },
    ])
      expect((await admin.post("/api/contact-fields", f)).status).toBe(201);
    expect((await admin.post("/api/contact-fields", { key: "plan", label: "Again", type: "text" })).status).toBe(409);
    expect((await admin.post("/api/contact-fields", { key: "tier", label: "Tier", type: "choice" })).status).toBe(400);
    const existing = await admin.post("/api/contacts", { name: "Lucía (CRM)", phone: "+34 612 345 678" });
    expect(existing.status, existing.text).toBe(201);

    const csv = [
      "Full name,Mobile,E-mail,Tags,Orders,Birthday,Plan,Marketing,Zone,Mobile",
      "Lucía García,612 345 678,lucia@example.com,vip; madrid,3,1990-05-01,pro,yes,,x", // existing contact by phone
      "Ana,+34 622 111 222,,madrid,1,,Basic,no,Atlantic/Canary,", // new
      "Ana Torres,622111222,ana@example.com,lead,,,,,,", // same number as the row before: merged
      "Bad number,12345,,,,,,,,", // invalid phone
      "No number,,,,,,,,,", // empty phone
      "Typo,623 000 111,,,three,,,,,", // not a number
      "Typo 2,623 000 112,,,,01/02/1990,,,,", // not an ISO date
      "Typo 3,623 000 113,,,,,Gold,,,", // not a choice
      "Typo 4,623 000 114,,,,,,maybe,,", // consent not yes/no
      "=cmd|' /C calc'!A0,623 000 115,not-an-email,,,,,,,", // bad email, formula-looking value
      ",,,,,,,,,", // blank line: ignored
      "Bob,+1 415 555 2671,bob@example.com,,,,,,,", // international
    ].join("\r\n");
    const up = await upload(csv, "crm.csv");
    expect(up.status, up.text).toBe(201);
    expect(up.body).toMatchObject({ status: "uploaded", fileName: "crm.csv", totalRows: 12, processedRows: 0 });
    expect(up.body.columns).toEqual([
      "Full name",
      "Mobile",
      "E-mail",
      "Tags",
      "Orders",
      "Birthday",
      "Plan",
      "Marketing",
      "Zone",
      "Mobile (2)",
    ]);
    expect(up.body.preview).toHaveLength(5);
    expect(up.body.preview[0][0]).toBe("Lucía García");
    const id = up.body.id as string;
    expect((await admin.get("/api/contacts/imports")).body.items.map((i: { id: string }) => i.id)).toContain(id);

    const mapping = {
      name: "Full name",
      phone: "Mobile",
      email: "E-mail",
      tags: "Tags",
      consent: "Marketing",
      timeZone: "Zone",
      fields: { orders: "Orders", birthday: "Birthday", plan: "Plan" },
    };
    const wrong = await admin.post(`/api/contacts/imports/${id}/start`, {
      mapping: { ...mapping, phone: "Telephone", fields: { nope: "Plan" } },
    });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.error.details.fieldErrors).sort()).toEqual(["mapping.fields.nope", "mapping.phone"]);

    const ws = await socket(s.url, { cookie: admin.cookie });
    const start = await admin.post(`/api/contacts/imports/${id}/start`, {
      mapping,
      defaultCountry: "es",
      tags: ["Spring fair"],
    });
    expect(start.status, start.text).toBe(200);
    expect(start.body.status).toBe("queued");
    expect((await admin.post(`/api/contacts/imports/${id}/start`, { mapping })).status).toBe(409);
    const done = await ws.next(
      (e) => e.type === "contact_import.updated" && e.import.id === id && e.import.status === "done",
      20_000,
    );
    ws.close();
    expect(done.import).toMatchObject({
      totalRows: 12,
      processedRows: 12,
      createdRows: 2,
      updatedRows: 2,
      failedRows: 7,
    });
    expect((await imp(id)).status).toBe("done");

    // One contact per number: the CRM's Lucía was updated, Ana's two rows made one contact.
    expect(await phoneCount("+34612345678")).toBe(1);
    expect(await phoneCount("+34622111222")).toBe(1);
    const lucia = (await s.ctx.database.executeSql("select * from contacts where phone = '+34612345678'"))
      .rows[0] as Record<string, any>;
    expect(lucia).toMatchObject({ id: existing.body.id, name: "Lucía García", email: "lucia@example.com" });
    expect(lucia.attributes).toEqual({ orders: 3, birthday: "1990-05-01", plan: "Pro" });
    expect(lucia).toMatchObject({ consent_status: "opted_in", consent_source: "import", time_zone: "Europe/Madrid" });
    const ana = (await s.ctx.database.executeSql("select * from contacts where phone = '+34622111222'"))
      .rows[0] as Record<string, any>;
    expect(ana).toMatchObject({
      name: "Ana Torres",
      email: "ana@example.com",
      consent_status: "opted_out",
      time_zone: "Atlantic/Canary",
    });
    expect(ana.attributes).toEqual({ orders: 1, plan: "Basic" });
    const labels = async (contactId: string) =>
      (
        await s.ctx.database.executeSql(
          "select l.name from contact_labels cl join labels l on l.id = cl.label_id where cl.contact_id = $1 order by lower(l.name)",
          [contactId],
        )
      ).rows.map((r) => (r as { name: string }).name);
    expect(await labels(ana.id)).toEqual(["lead", "madrid", "Spring fair"]);
    expect(await labels(lucia.id)).toEqual(["madrid", "Spring fair", "vip"]);
    expect(await phoneCount("+14155552671")).toBe(1);
    const history = (await admin.get(`/api/contacts/${ana.id}/consent`)).body.history;
    expect(history).toEqual([
      expect.objectContaining({ status: "opted_out", source: "import", reason: "Import of crm.csv" }),
    ]);

    const report = await admin.get(`/api/contacts/imports/${id}/errors.csv`);
    expect(report.status).toBe(200);
    expect(report.headers.get("content-disposition")).toContain("crm-errors.csv");
    const lines = report.text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("Row,Column,Value,Reason");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["5", "6", "7", "8", "9", "10", "11"]);
    expect(lines[1]).toMatch(/^5,Mobile,12345,.*(possible|short|valid)/i);
    expect(lines[2]).toBe("6,Mobile,,Phone number is empty");
    expect(lines[3]).toBe("7,Orders,three,Orders: not a number");
    expect(lines[4]).toMatch(/^8,Birthday,01\/02\/1990,Birthday: not a date/);
    expect(lines[5]).toMatch(/^9,Plan,Gold,"Plan: ""Gold"" is not one of Basic, Pro"$/);
    expect(lines[6]).toMatch(/^10,Marketing,maybe,Consent must be yes\/no/);
    expect(lines[7]).toBe("11,E-mail,not-an-email,Not an email address");
    expect(await count(s, "stored_files")).toBe(0);
  }, 60_000);

  it("resumes after the job is killed between batches (no row twice, none lost), across a restart", async () => {
    const up = await upload(bulk(2500, 1000));
    expect(up.status, up.text).toBe(201);
    const id = up.body.id as string;
    // Queued without a job, so the test runs the import itself and stops it after the first batch
    // (what a lost claim or a killed worker does); the real job then resumes it after a restart.
    await s.ctx.database.executeSql(
      `update contact_imports set status = 'queued', default_country = 'ES', mapping = $2 where id = $1`,
      [id, JSON.stringify({ name: "Name", phone: "Phone", fields: {} })],
    );
    const killed = new AbortController();
    s.ctx.bus.on("contact_import.updated", ({ import: i }) => {
      if (i.id === id && i.processedRows >= 1000) killed.abort();
    });
    expect(await runContactImport(s.ctx, id, { signal: killed.signal })).toBe("interrupted");
    expect(await imp(id)).toMatchObject({ status: "running", processedRows: 1000, createdRows: 1000 });
    expect(await count(s, "contacts where name like 'Person %'")).toBe(1000);

    s = await s.restart();
    admin = await loginAs(s.url);
    await s.ctx.jobs.send({ name: "contacts.import", schema: importSchema }, { importId: id });
    await waitFor(async () => (await imp(id)).status === "done", 30_000);
    expect(await imp(id)).toMatchObject({ processedRows: 2500, createdRows: 2500, updatedRows: 0, failedRows: 0 });
    expect(await count(s, "contacts where name like 'Person %'")).toBe(2500);
    expect(
      await count(s, "(select phone from contacts where name like 'Person %' group by phone having count(*) > 1) d"),
    ).toBe(0);
  }, 60_000);

  it("cancel is applied at the next batch; what was committed stays", async () => {
    const up = await upload(bulk(2500, 10_000));
    const id = up.body.id as string;
    await s.ctx.database.executeSql(
      `update contact_imports set status = 'queued', default_country = 'ES', mapping = $2 where id = $1`,
      [id, JSON.stringify({ name: "Name", phone: "Phone", fields: {} })],
    );
    const paused = new AbortController();
    s.ctx.bus.on("contact_import.updated", ({ import: i }) => {
      if (i.id === id && i.processedRows >= 1000) paused.abort();
    });
    expect(await runContactImport(s.ctx, id, { signal: paused.signal })).toBe("interrupted");
    const cancel = await admin.post(`/api/contacts/imports/${id}/cancel`);
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body).toMatchObject({ status: "running", cancelRequested: true });
    expect(await runContactImport(s.ctx, id)).toBe("cancelled");
    expect(await imp(id)).toMatchObject({ status: "cancelled", processedRows: 1000 });
    expect(await count(s, "contacts where name like 'Person 1____'")).toBe(1000);
    expect((await admin.post(`/api/contacts/imports/${id}/cancel`)).status).toBe(409);

    const notStarted = await upload(bulk(3));
    const c = await admin.post(`/api/contacts/imports/${notStarted.body.id}/cancel`);
    expect(c.body.status).toBe("cancelled");
    expect(
      (await admin.post(`/api/contacts/imports/${notStarted.body.id}/start`, { mapping: { phone: "Phone" } })).status,
    ).toBe(409);
  }, 60_000);
});
