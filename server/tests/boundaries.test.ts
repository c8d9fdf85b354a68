import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootServer, Client, createWebchat, drivers, loginAs, type TestServer, visitor } from "./helpers";

const ZERO = "00000000-0000-4000-8000-000000000000";

async function count(s: TestServer, table: string) {
  const r = await s.ctx.database.executeSql(`select count(*)::int as n from ${table}`, []);
  return (r.rows[0] as { n: number }).n;
}

describe.each(drivers)("boundaries: guards, bad input, files, widget security (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channel: Awaited<ReturnType<typeof createWebchat>>;
  beforeAll(async () => {
    s = await bootServer(driver, { MAX_UPLOAD_MB: "1" });
    admin = await loginAs(s.url);
    channel = await createWebchat(admin);
  });
  afterAll(() => s.stop());

  it("registers every /api route through defineRoute with a guard", () => {
    const registered = new Set(s.routes.map((r) => `${r.method} ${r.path}`));
    for (const r of s.routes)
      expect(["public", "agent", "admin", "visitor", "agent_or_visitor"], r.path).toContain(r.guard);
    const stack = (
      s.app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }
    ).router.stack;
    const mounted = stack
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m} ${l.route!.path}`));
    const nested = stack.filter((l) => !l.route && (l as { handle?: { stack?: unknown[] } }).handle?.stack);
    const inner = nested.flatMap((l) =>
      (
        (l as unknown as { handle: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).handle
          .stack ?? []
      )
        .filter((x) => x.route)
        .flatMap((x) => Object.keys(x.route!.methods).map((m) => `${m} ${x.route!.path}`)),
    );
    const apiRoutes = [...mounted, ...inner].filter(
      (r) => r.split(" ")[1]!.startsWith("/api/") && r !== "get /api/openapi.json",
    );
    expect(apiRoutes.length).toBeGreaterThan(20);
    for (const r of apiRoutes) expect(registered, `${r} has no declared guard`).toContain(r);
    // And the other way round: every declared route is really mounted (a declaration alone serves nothing).
    const served = new Set(apiRoutes);
    for (const r of s.routes)
      expect(served, `${r.method} ${r.path} is declared but not mounted`).toContain(`${r.method} ${r.path}`);
  });

  it("documents every route in the OpenAPI document", async () => {
    const doc = (await new Client(s.url).get("/api/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    for (const r of s.routes) {
      const p = r.path.replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[p]?.[r.method], `${r.method} ${p}`).toBeDefined();
    }
    expect(
      doc.paths["/api/auth/login"].post.requestBody.content["application/json"].schema.properties.email,
    ).toBeDefined();
  });

  it("answers bad bodies with 400 and field errors, never 500", async () => {
    const r = await admin.post("/api/agents", { name: "", email: "not-an-email", role: "boss" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(Object.keys(r.body.error.details.fieldErrors).sort()).toEqual(["email", "name", "role"]);
    expect((await admin.req("POST", "/api/auth/login", "{not json")).body.error.code).toBe("bad_request");
    expect((await admin.req("POST", "/api/auth/login", "{not json")).status).toBe(400);
    expect((await admin.get("/api/conversations?status=weird")).status).toBe(400);
    expect((await admin.get("/api/conversations?limit=1000")).status).toBe(400);
    expect((await admin.patch(`/api/conversations/${ZERO}`, {})).status).toBe(400);
  });

  it("answers unknown ids with 404 and unknown routes with a JSON 404", async () => {
    for (const p of [
      `/api/conversations/${ZERO}`,
      `/api/conversations/${ZERO}/messages`,
      `/api/contacts/${ZERO}`,
      `/api/channels/${ZERO}`,
      "/api/conversations/not-a-uuid",
      "/api/nope",
    ]) {
      const r = await admin.get(p);
      expect(r.status, p).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
    expect((await admin.post(`/api/conversations/${ZERO}/messages`, { content: "hi" })).status).toBe(404);
    expect((await admin.post(`/api/conversations/${ZERO}/assign`, { assigneeId: null })).status).toBe(404);
  });

  it("answers oversized bodies with 413", async () => {
    const r = await admin.post("/api/auth/login", { email: "a@b.co", password: "x".repeat(2 * 1024 * 1024) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("payload_too_large");
  });

  it("writes nothing when a reply names an attachment it may not use", async () => {
    const v = await visitor(s.url, channel.channel.id);
    const convId = (await v.post("/api/widget/messages", { content: "hi" })).body.conversationId;
    const before = await count(s, "messages");
    const r = await admin.post(`/api/conversations/${convId}/messages`, { content: "see file", attachmentIds: [ZERO] });
    expect(r.status).toBe(400);
    expect(await count(s, "messages")).toBe(before);
  });

  it("uploads, serves and protects attachments", async () => {
    const form = new FormData();
    form.append("file", new Blob([Buffer.from("%PDF-1.4 test")], { type: "application/pdf" }), "invoice.pdf");
    const up = await admin.req("POST", "/api/attachments", form);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: "invoice.pdf", contentType: "application/pdf", size: 13 });

    const v = await visitor(s.url, channel.channel.id);
    const convId = (await v.post("/api/widget/messages", { content: "send me the invoice" })).body.conversationId;
    const sent = await admin.post(`/api/conversations/${convId}/messages`, {
      content: "",
      attachmentIds: [up.body.id],
    });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments[0].id).toBe(up.body.id);
    expect((await admin.get(up.body.url)).text).toBe("%PDF-1.4 test");
    expect((await fetch(`${s.url}${up.body.url}?token=${encodeURIComponent(v.bearer!)}`)).status).toBe(200);
    const other = await visitor(s.url, channel.channel.id);
    expect((await fetch(`${s.url}${up.body.url}?token=${encodeURIComponent(other.bearer!)}`)).status).toBe(404);
    expect((await fetch(`${s.url}${up.body.url}`)).status).toBe(401);
    // Reusing an attachment is refused.
    expect(
      (await admin.post(`/api/conversations/${convId}/messages`, { content: "again", attachmentIds: [up.body.id] }))
        .status,
    ).toBe(400);

    const svg = new FormData();
    svg.append("file", new Blob(["<svg onload=alert(1)>"], { type: "image/svg+xml" }), "x.svg");
    expect((await admin.req("POST", "/api/attachments", svg)).status).toBe(415);
    const big = new FormData();
    big.append("file", new Blob([Buffer.alloc(1.5 * 1024 * 1024)], { type: "application/pdf" }), "big.pdf");
    expect((await admin.req("POST", "/api/attachments", big)).status).toBe(413);

    const vf = new FormData();
    vf.append("file", new Blob([Buffer.from("fake png")], { type: "image/png" }), "photo.png");
    const vup = await v.req("POST", "/api/widget/attachments", vf);
    expect(vup.status).toBe(201);
    expect((await other.post("/api/widget/messages", { content: "", attachmentIds: [vup.body.id] })).status).toBe(400);
    const withFile = await v.post("/api/widget/messages", {
      conversationId: convId,
      content: "",
      attachmentIds: [vup.body.id],
    });
    expect(withFile.status).toBe(201);
    expect(withFile.body.attachments[0].fileName).toBe("photo.png");
  });

  it("refuses unsigned or wrongly signed identities when the channel requires verification", async () => {
    const strict = await createWebchat(admin, {
      requireIdentityVerification: true,
      allowedOrigins: ["https://shop.example"],
    });
    const id = strict.channel.id;
    const hash = crypto.createHmac("sha256", strict.revealedSecrets.identitySecret).update("user-42").digest("hex");
    const c = new Client(s.url, "https://shop.example");
    expect((await c.post(`/api/widget/${id}/session`, { userId: "user-42" })).body.error.code).toBe(
      "identity_verification_failed",
    );
    const bad = await c.post(`/api/widget/${id}/session`, { userId: "user-42", userHash: "0".repeat(64) });
    expect(bad.status).toBe(403);
    const ok = await c.post(`/api/widget/${id}/session`, { userId: "user-42", userHash: hash, name: "Verified Vera" });
    expect(ok.status).toBe(200);
    // Same verified user on another device is the same contact.
    const again = await c.post(`/api/widget/${id}/session`, { userId: "user-42", userHash: hash });
    expect(again.body.visitor.id).toBe(ok.body.visitor.id);
    const wrongSite = await new Client(s.url, "https://evil.example").post(`/api/widget/${id}/session`, {});
    expect(wrongSite.status).toBe(403);
    expect(wrongSite.body.error.code).toBe("origin_not_allowed");
    // A token from one channel does not open another channel's conversations.
    const vera = new Client(s.url, "https://shop.example", ok.body.visitorToken);
    const veraConv = (await vera.post("/api/widget/messages", { content: "verified hello" })).body.conversationId;
    const v = await visitor(s.url, channel.channel.id);
    expect((await v.get(`/api/widget/conversations/${veraConv}/messages`)).status).toBe(404);
  });

  it("never returns channel secrets in clear, and encrypts them at rest", async () => {
    const secret = channel.revealedSecrets.identitySecret;
    const list = await admin.get("/api/channels");
    expect(list.text).not.toContain(secret);
    expect(list.body.items[0].secrets.identitySecret).toMatch(/^••••/);
    const raw = await s.ctx.database.executeSql("select secrets_sealed from channels", []);
    expect(JSON.stringify(raw.rows)).not.toContain(secret);
    const rotated = await admin.patch(`/api/channels/${channel.channel.id}`, { rotateSecret: true });
    expect(rotated.body.revealedSecrets.identitySecret).not.toBe(secret);
  });

  it("soft-deletes channels: the widget stops, conversations stay", async () => {
    const ch = await createWebchat(admin);
    const v = await visitor(s.url, ch.channel.id);
    const convId = (await v.post("/api/widget/messages", { content: "before delete" })).body.conversationId;
    expect((await admin.del(`/api/channels/${ch.channel.id}`)).status).toBe(204);
    expect((await admin.get(`/api/channels/${ch.channel.id}`)).status).toBe(404);
    expect((await new Client(s.url, "http://x.test").post(`/api/widget/${ch.channel.id}/session`, {})).status).toBe(
      404,
    );
    expect((await admin.get(`/api/conversations/${convId}/messages`)).body.items[0].content).toBe("before delete");
  });

  it("validates channel settings on update", async () => {
    const r = await admin.patch(`/api/channels/${channel.channel.id}`, { settings: { allowedOrigins: ["not a url"] } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
  });
});

describe.each(drivers)("hostile input and cross-site requests (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  beforeAll(async () => {
    s = await bootServer(driver);
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin, { allowedOrigins: ["https://shop.example"] })).channel.id;
  });
  afterAll(() => s.stop());

  it("answers a NUL character in any string field with 400 validation_failed, writing nothing", async () => {
    const NUL = "a\u0000b";
    const v = await visitor(s.url, channelId, {}, "https://shop.example");
    const conv = (await v.post("/api/widget/messages", { content: "hello" })).body.conversationId;
    const contactId = (await admin.get(`/api/conversations/${conv}`)).body.contact.id;
    const agent = (await admin.post("/api/agents", { name: "Nia", email: "nia@example.com" })).body.agent.id;
    const fresh = new Client(s.url, "https://shop.example");
    const before = await count(s, "messages");
    const cases: [string, () => Promise<{ status: number; body: any }>][] = [
      ["create agent", () => admin.post("/api/agents", { name: NUL, email: "x@example.com" })],
      ["update agent", () => admin.patch(`/api/agents/${agent}`, { name: NUL })],
      ["update me", () => admin.patch("/api/me", { name: NUL })],
      ["update contact", () => admin.patch(`/api/contacts/${contactId}`, { name: NUL })],
      ["contact notes", () => admin.patch(`/api/contacts/${contactId}`, { notes: NUL })],
      ["reply", () => admin.post(`/api/conversations/${conv}/messages`, { content: NUL })],
      ["create channel", () => admin.post("/api/channels", { type: "webchat", name: NUL })],
      ["rename channel", () => admin.patch(`/api/channels/${channelId}`, { name: NUL })],
      ["channel settings", () => admin.patch(`/api/channels/${channelId}`, { settings: { welcomeMessage: NUL } })],
      ["widget session name", () => fresh.post(`/api/widget/${channelId}/session`, { name: NUL })],
      ["widget session user id", () => fresh.post(`/api/widget/${channelId}/session`, { userId: NUL })],
      ["widget message", () => v.post("/api/widget/messages", { content: NUL })],
    ];
    for (const [what, call] of cases) {
      const r = await call();
      expect(r.status, what).toBe(400);
      expect(r.body.error.code, what).toBe("validation_failed");
    }
    expect(await count(s, "messages")).toBe(before);
  });

  it("answers multipart/form-data without a boundary with 400 on both upload routes", async () => {
    const v = await visitor(s.url, channelId, {}, "https://shop.example");
    for (const [c, p] of [
      [admin, "/api/attachments"],
      [v, "/api/widget/attachments"],
    ] as const) {
      const r = await c.req("POST", p, "--x\r\n", { "content-type": "multipart/form-data" });
      expect(r.status, p).toBe(400);
      expect(r.body.error.code, p).toBe("bad_request");
    }
  });

  it("refuses to send another agent's unsent upload", async () => {
    const pw = "another-long-password";
    await admin.post("/api/agents", { name: "Omar", email: "omar@example.com", password: pw });
    const omar = await loginAs(s.url, "omar@example.com", pw);
    const form = new FormData();
    form.append("file", new Blob([Buffer.from("%PDF-1.4 omar")], { type: "application/pdf" }), "omar.pdf");
    const up = await omar.req("POST", "/api/attachments", form);
    expect(up.status).toBe(201);
    const v = await visitor(s.url, channelId, {}, "https://shop.example");
    const conv = (await v.post("/api/widget/messages", { content: "hi" })).body.conversationId;
    const before = await count(s, "messages");
    const stolen = await admin.post(`/api/conversations/${conv}/messages`, {
      content: "",
      attachmentIds: [up.body.id],
    });
    expect(stolen.status).toBe(400);
    expect(await count(s, "messages")).toBe(before);
    const own = await omar.post(`/api/conversations/${conv}/messages`, { content: "", attachmentIds: [up.body.id] });
    expect(own.status).toBe(201);
  });

  it("checks the channel's allowed origins on the widget's read routes too", async () => {
    const v = await visitor(s.url, channelId, {}, "https://shop.example");
    const conv = (await v.post("/api/widget/messages", { content: "hello" })).body.conversationId;
    expect((await v.get("/api/widget/conversations")).status).toBe(200);
    const evil = new Client(s.url, "https://evil.example", v.bearer);
    for (const r of [
      await evil.get("/api/widget/conversations"),
      await evil.get(`/api/widget/conversations/${conv}/messages`),
      await evil.post(`/api/widget/conversations/${conv}/read`),
    ]) {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("origin_not_allowed");
    }
  });

  it("refuses WebSocket upgrades from foreign origins (agents: our origin; visitors: the channel's)", async () => {
    const WebSocket = (await import("ws")).default;
    const open = (query: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${s.url.replace("http", "ws")}/ws${query}`, { headers });
        ws.once("open", () => {
          ws.close();
          resolve(101);
        });
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("error", () => resolve(-1));
      });
    expect(await open("", { cookie: admin.cookie, origin: s.url })).toBe(101);
    expect(await open("", { cookie: admin.cookie, origin: "https://evil.example" })).toBe(403);
    expect(await open("", { cookie: admin.cookie, origin: "null" })).toBe(403);
    const v = await visitor(s.url, channelId, {}, "https://shop.example");
    const q = `?visitorToken=${encodeURIComponent(v.bearer!)}`;
    expect(await open(q, { origin: "https://shop.example" })).toBe(101);
    expect(await open(q, { origin: "https://evil.example" })).toBe(403);
  });

  it("sends a Content-Security-Policy with frame-ancestors 'none' on the console, not on the widget API", async () => {
    const page = await fetch(`${s.url}/settings`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const api = await fetch(`${s.url}/api/me`);
    expect(api.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const widget = await fetch(`${s.url}/api/widget/conversations`, { headers: { origin: "https://shop.example" } });
    expect(widget.headers.get("content-security-policy")).toBeNull();
    expect(widget.headers.get("x-frame-options")).toBeNull();
  });
});
