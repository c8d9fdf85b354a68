import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "../src/features/knowledge/fetch-page";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const HELP_CENTRE = `# Acme help centre

Welcome to Acme support.

## Resetting your password
Click "Forgot password" on the login page and follow the link we email you.

### If the email never arrives
Check your spam folder, then ask us to resend it.

## Closing your account
Go to Settings, then Account, then Close account. Your data is deleted after 30 days.
`;

const PAGE = `<!doctype html><html><head><title>Warranty &amp; repairs</title><style>body{}</style>
<script>alert("x")</script></head><body><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<main><h1>Warranty and repairs</h1><p>Every device has a <strong>two-year warranty</strong> covering manufacturing faults.</p>
<h2>Sending a device for repair</h2><ul><li>Book a repair online</li><li>Pack the device safely</li></ul></main>
<footer>© Acme</footer></body></html>`;

function upload(name: string, content: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", new Blob([content], { type: "application/octet-stream" }), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

describe("SSRF guard", () => {
  it("treats loopback, private, link-local, CGNAT and IPv6 local ranges as private", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1"])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });
});

describe.each(drivers)("knowledge imports (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let site: http.Server;
  let siteUrl: string;

  beforeAll(async () => {
    site = http.createServer((req, res) => {
      if (req.url === "/warranty")
        return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
      if (req.url === "/moved") return void res.writeHead(302, { location: "/warranty" }).end();
      if (req.url === "/image") return void res.writeHead(200, { "content-type": "image/png" }).end("png");
      if (req.url === "/huge") {
        res.writeHead(200, { "content-type": "text/html" });
        const chunk = `<p>${"x".repeat(64 * 1024)}</p>`;
        for (let i = 0; i < 40; i++) res.write(chunk);
        return void res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    // The test page is on loopback: allowed explicitly, as an intranet deployment would.
    s = await bootServer(driver, { KNOWLEDGE_ALLOW_PRIVATE_URLS: "1" });
    admin = await loginAs(s.url);
  });
  afterAll(async () => {
    await s.stop();
    site.close();
  });

  it("imports Markdown split by headings: one article per section under the document title", async () => {
    const r = await admin.req(
      "POST",
      "/api/knowledge/import",
      upload("help-centre.md", HELP_CENTRE, { status: "published", tags: "Account, help" }),
    );
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ kind: "markdown", status: "done", articlesCreated: 3, qaCreated: 0, errors: [] });
    const list = (await admin.get("/api/knowledge/articles?tag=account")).body.items;
    expect(list.map((a: { title: string }) => a.title).sort()).toEqual([
      "Acme help centre",
      "Closing your account",
      "Resetting your password",
    ]);
    const reset = list.find((a: { title: string }) => a.title === "Resetting your password");
    const full = (await admin.get(`/api/knowledge/articles/${reset.id}`)).body;
    expect(full.body).toContain("### If the email never arrives");
    expect(full).toMatchObject({ status: "published", tags: ["account", "help"] });
    const hit = await admin.post("/api/knowledge/search", { query: "password reset email never arrives" });
    expect(hit.body.results[0].source.id).toBe(reset.id);
  });

  it("imports a file as one article when asked, and a text file as one article", async () => {
    const one = await admin.req("POST", "/api/knowledge/import", upload("guide.md", HELP_CENTRE, { split: "single" }));
    expect(one.body).toMatchObject({ status: "done", articlesCreated: 1 });
    const txt = await admin.req(
      "POST",
      "/api/knowledge/import",
      upload("opening-hours.txt", "Opening hours\nWe are open Monday to Friday, 9:00 to 17:00."),
    );
    expect(txt.body).toMatchObject({ kind: "text", status: "done", articlesCreated: 1 });
    const found = (await admin.get("/api/knowledge/articles?q=Monday")).body.items;
    expect(found[0]).toMatchObject({ title: "Opening hours", status: "draft" });
  });

  it("imports CSV question,answer pairs and reports bad rows by line, importing the rest", async () => {
    const csv = [
      "question,answer,alternatives",
      '"Do you ship to Canada?","Yes, in 5 to 8 business days.","Canada shipping|Deliver to Toronto"',
      ",Missing question",
      '"What payment methods do you take?",',
      '"Is there a student discount?","Yes, 15% with a valid student card."',
    ].join("\n");
    const r = await admin.req("POST", "/api/knowledge/import", upload("faq.csv", csv));
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ kind: "csv", status: "done", qaCreated: 2 });
    expect(r.body.errors).toEqual([
      { row: 3, message: "The question is empty" },
      { row: 4, message: "The answer is empty" },
    ]);
    const qa = (await admin.get("/api/knowledge/qa?q=Canada")).body.items[0];
    expect(qa).toMatchObject({
      question: "Do you ship to Canada?",
      alternatives: ["Canada shipping", "Deliver to Toronto"],
      status: "draft",
    });
  });

  it("refuses files that are not text, wrong types and a missing file, with 4xx", async () => {
    expect((await admin.req("POST", "/api/knowledge/import", upload("logo.png", "\u0000PNG"))).status).toBe(415);
    expect((await admin.req("POST", "/api/knowledge/import", upload("notes.md", "a\u0000b"))).status).toBe(415);
    expect((await admin.req("POST", "/api/knowledge/import", new FormData())).status).toBe(400);
    expect(
      (await admin.req("POST", "/api/knowledge/import", upload("a.md", "# A", { split: "chapters" }))).status,
    ).toBe(400);
    const agentless = await fetch(`${s.url}/api/knowledge/import`, { method: "POST", body: upload("a.md", "# A") });
    expect(agentless.status).toBe(401);
  });

  it("imports a web page by URL (following a redirect): main content as Markdown, furniture dropped", async () => {
    const r = await admin.post("/api/knowledge/import/url", { url: `${siteUrl}/moved`, status: "published" });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ kind: "url", status: "done", articlesCreated: 1, source: `${siteUrl}/warranty` });
    const a = (await admin.get("/api/knowledge/articles?q=warranty")).body.items[0];
    expect(a).toMatchObject({ title: "Warranty and repairs", sourceUrl: `${siteUrl}/warranty` });
    const body = (await admin.get(`/api/knowledge/articles/${a.id}`)).body.body;
    expect(body).toContain("**two-year warranty**");
    expect(body).toContain("## Sending a device for repair");
    expect(body).toMatch(/-\s+Book a repair online/);
    expect(body).not.toContain("alert");
    expect(body).not.toContain("Shop");
    expect(body).not.toContain("© Acme");
    expect((await admin.post("/api/knowledge/search", { query: "two year warranty" })).body.results[0].source.id).toBe(
      a.id,
    );
  });

  it("refuses non-pages, oversized pages and unreachable hosts with 4xx", async () => {
    expect((await admin.post("/api/knowledge/import/url", { url: `${siteUrl}/image` })).status).toBe(415);
    expect((await admin.post("/api/knowledge/import/url", { url: `${siteUrl}/huge` })).status).toBe(413);
    expect((await admin.post("/api/knowledge/import/url", { url: `${siteUrl}/missing` })).status).toBe(400);
    expect((await admin.post("/api/knowledge/import/url", { url: "ftp://example.com/x" })).status).toBe(400);
    expect((await admin.post("/api/knowledge/import/url", { url: "http://does-not-exist.invalid/" })).status).toBe(400);
  });

  describe("without the private-address flag, large imports as jobs", () => {
    let s2: TestServer;
    let admin2: Client;
    beforeAll(async () => {
      s2 = await bootServer(driver, { KNOWLEDGE_IMPORT_INLINE_KB: "1" });
      admin2 = await loginAs(s2.url);
    });
    afterAll(() => s2.stop());

    it("refuses loopback and metadata addresses (SSRF), also behind a redirect", async () => {
      const direct = await admin2.post("/api/knowledge/import/url", { url: `${siteUrl}/warranty` });
      expect(direct.status).toBe(403);
      expect(direct.body.error.message).toMatch(/private/i);
      expect(
        (await admin2.post("/api/knowledge/import/url", { url: "http://169.254.169.254/latest/meta-data" })).status,
      ).toBe(403);
      expect((await admin2.post("/api/knowledge/import/url", { url: "http://localhost:1/" })).status).toBe(403);
      expect((await admin2.get("/api/knowledge/articles")).body.total).toBe(0);
    });

    it("runs a large CSV as a job: 202 queued, then done with the count, visible in the list", async () => {
      const rows = Array.from(
        { length: 60 },
        (_, i) => `"How do I use feature ${i}?","Open the menu and pick feature ${i}."`,
      );
      const r = await admin2.req(
        "POST",
        "/api/knowledge/import",
        upload("big.csv", ["question,answer", ...rows].join("\n")),
      );
      expect(r.status, r.text).toBe(202);
      expect(r.body.status).toBe("queued");
      let result: any;
      await waitFor(async () => {
        result = (await admin2.get(`/api/knowledge/imports/${r.body.id}`)).body;
        return result.status === "done" || result.status === "failed";
      }, 30_000);
      expect(result).toMatchObject({ status: "done", qaCreated: 60, errors: [] });
      expect((await admin2.get("/api/knowledge/qa")).body.total).toBe(60);
      expect((await admin2.get("/api/knowledge/imports")).body.items[0].id).toBe(r.body.id);
    });
  });
});
