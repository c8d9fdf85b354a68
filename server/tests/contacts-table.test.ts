import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactCsvRecord } from "../src/features/inbox/export-contacts";
import { auditRows, signedInAgent } from "./contacts-helpers";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

type Row = Record<string, any>;

// The contacts table: filters, sorts, keyset pages; and its CSV export, which must be the filtered
// table cell for cell (commas, quotes, newlines, formula-looking cells made safe).
describe.each(drivers)("contacts table and CSV export (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await bootServer(driver, { DEFAULT_COUNTRY: "US" });
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
    const people: Row[] = [
      { name: 'Smith, "Jr"', email: "smith@example.com", phone: "+1 415 555 0101" },
      { name: "Line\nBreak", email: "lb@example.com" },
      { name: '=HYPERLINK("http://evil")', email: "formula@example.com" },
      { name: "+cmd|' /C calc'!A0", phone: "+44 20 7946 0001" },
      { name: "-2+3", email: "minus@example.com" },
      { name: "@SUM(A1)", email: "at@example.com", phone: "212 555 0102" },
      { name: "Zoë Ångström", email: "zoe@example.com" },
    ];
    for (const p of people) {
      const r = await admin.post("/api/contacts", p);
      expect(r.status, r.text).toBe(201);
      ids[p.name] = r.body.id;
    }
    // Two website visitors with conversations (channel icon, last seen, count).
    for (const [name, n] of [
      ["Visitor Vera", 2],
      ["Visitor Vic", 1],
    ] as const) {
      const v = await visitor(s.url, channelId, { name, email: `${name.split(" ")[1]!.toLowerCase()}@example.com` });
      for (let i = 0; i < n; i++) await v.post("/api/widget/messages", { content: `hi ${i}` });
    }
  }, 180_000);
  afterAll(() => s?.stop());

  async function all(query: string, limit = 3) {
    const out: Row[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const r = await admin.get(`/api/contacts?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status, r.text).toBe(200);
      out.push(...r.body.items);
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    return out;
  }

  it("pages by keyset in every sort, both directions, without gaps or repeats", async () => {
    const everyone = await all("sort=createdAt&dir=desc", 100);
    expect(everyone).toHaveLength(9);
    for (const sort of ["name", "createdAt", "lastSeen", "conversations"])
      for (const dir of ["asc", "desc"]) {
        const paged = await all(`sort=${sort}&dir=${dir}`);
        expect(new Set(paged.map((r) => r.id)).size, `${sort} ${dir}`).toBe(9);
      }
    const byName = (await all("sort=name&dir=asc")).map((r) => r.name as string);
    expect(byName).toEqual([...byName].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    const byCount = await all("sort=conversations&dir=desc");
    expect(byCount[0]).toMatchObject({ conversationsCount: 1, channelTypes: ["webchat"] });
    expect(byCount.filter((r) => r.conversationsCount === 0)).toHaveLength(7);
    const seen = await all("sort=lastSeen&dir=desc");
    expect(seen.slice(0, 2).every((r) => r.lastSeenAt)).toBe(true);
    expect(seen.slice(2).every((r) => r.lastSeenAt === null)).toBe(true);
    expect((await admin.get("/api/contacts?cursor=bm9wZQ")).status).toBe(400);
  });

  it("filters by channel, phone, email and search", async () => {
    const web = await all("channel=webchat");
    expect(web.map((r) => r.name).sort()).toEqual(["Visitor Vera", "Visitor Vic"]);
    expect((await all("channel=whatsapp")).length).toBe(0);
    const phones = await all("hasPhone=true");
    expect(phones.map((r) => r.phone).sort()).toEqual(["+12125550102", "+14155550101", "+442079460001"]);
    expect((await all("hasEmail=false")).map((r) => r.name)).toEqual(["+cmd|' /C calc'!A0"]);
    expect((await all("q=example.com&hasPhone=true")).length).toBe(2);
    expect((await all(`q=${encodeURIComponent("(212) 555-0102")}`)).map((r) => r.id)).toEqual([ids["@SUM(A1)"]]);
  });

  it("shows each row's labels and filters by label", async () => {
    const vip = await admin.post("/api/labels", { name: "VIP", color: "#f59e0b" });
    expect(vip.status, vip.text).toBe(201);
    const zoe = ids["Zoë Ångström"]!;
    expect((await admin.post(`/api/contacts/${zoe}/labels`, { labelId: vip.body.id })).status).toBeLessThan(300);
    const labelled = await all(`label=${vip.body.id}`);
    expect(labelled.map((r) => r.id)).toEqual([zoe]);
    expect(labelled[0]!.labels).toEqual([{ id: vip.body.id, name: "VIP", color: "#f59e0b" }]);
    const everyone = await all("sort=createdAt", 100);
    expect(everyone.filter((r) => r.labels.length > 0).map((r) => r.id)).toEqual([zoe]);
    expect((await admin.get("/api/contacts?label=not-a-uuid")).status).toBe(400);
    await admin.del(`/api/contacts/${zoe}/labels/${vip.body.id}`);
  });

  it("exports the filtered table as CSV, cell for cell, formula-safe, audited; agents get 403", async () => {
    const query = "hasEmail=true&sort=name&dir=asc";
    const table = await all(query, 100);
    const res = await fetch(`${s.url}/api/contacts/export?${query}`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"/);
    const csv = Buffer.from(await res.arrayBuffer()).toString("utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true); // the BOM Excel needs for UTF-8
    // Quotes doubled, cells with commas/newlines quoted, formula cells prefixed with '.
    expect(csv).toContain('"Smith, ""Jr"""');
    expect(csv).toContain('"Line\nBreak"');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`"'-2+3"`);
    expect(csv).toContain(`"'@SUM(A1)"`);
    expect(csv).toContain(`"'+14155550101"`);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    const [header, ...rows] = parsed;
    expect(header).toEqual(["Name", "Email", "Phone", "Channels", "Labels", "Last seen", "Conversations", "Created"]);
    const safe = (v: string | number) => (/^[=+\-@\t\r]/.test(String(v)) ? `'${v}` : String(v));
    expect(rows).toEqual(table.map((r) => contactCsvRecord(r as never).map(safe)));
    expect(rows.map((r) => r[0])).not.toContain("+cmd|' /C calc'!A0"); // no email: filtered out

    const [entry, ...more] = await auditRows(s, "export.contacts");
    expect(more).toHaveLength(0);
    expect(entry!.details.filter).toMatchObject({ hasEmail: true, sort: "name", dir: "asc" });
    const agent = await signedInAgent(s, admin, "erik@example.com");
    expect((await agent.get("/api/contacts/export")).status).toBe(403);
    expect((await agent.get("/api/contacts")).status).toBe(200);
  });
});
