/**
 * Many processes on one PostgreSQL server, as compose.yaml runs them: real child processes
 * (`tsx server/src/main.ts`) that share nothing but the database. web = HTTP/WebSocket/webhooks,
 * all = web + jobs, worker = jobs + sweepers behind a health-only listener.
 * Needs a PostgreSQL server (TEST_DATABASE_URL); PGlite is one process by definition.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake } from "../src/features/channels/whatsapp/fake";
import { migrationsFolder } from "../src/platform/db/client";
import { serveFake } from "./fakes";
import { createWebchat, freshDatabaseUrl, loginAs, socket, visitor, waitFor, Client } from "./helpers";
import { runScript, ServerProcess } from "./processes";

const account: FakeAccount = {
  accountId: "106540352242900",
  secrets: { accessToken: "EAAmulti-token", appSecret: "multi-app-secret" },
  settings: { phoneNumberId: "106540352242900", wabaId: "102290129340300", displayPhoneNumber: "+1 555 000 2222" },
  webhookUrl: "",
};

describe.skipIf(!process.env.TEST_DATABASE_URL)("many processes on one PostgreSQL", () => {
  const fake = createWhatsAppFake({ accounts: async () => [account], autoDeliver: false });
  let served: Awaited<ReturnType<typeof serveFake>>;
  let database: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let sql: pg.Client;
  let web1: ServerProcess;
  let web2: ServerProcess;
  let worker: ServerProcess;
  let admin1: Client;
  let admin2: Client;
  const q = async <T>(text: string, values: unknown[] = []) => (await sql.query(text, values)).rows as T[];

  beforeAll(async () => {
    served = await serveFake(fake.router);
    // Empty, not from the migrated template: the processes must race to migrate it.
    database = await freshDatabaseUrl({ empty: true });
    // One key for every process (compose sets SECRET_KEY): secrets sealed by one, opened by all.
    const env = {
      SECRET_KEY: "5b".repeat(32),
      DATABASE_URL: database.url,
      WHATSAPP_API_URL: `${served.url}/v23.0`,
      SANDBOX: "0",
    };
    web1 = new ServerProcess({ ...env, ROLE: "web" });
    web2 = new ServerProcess({ ...env, ROLE: "all" });
    worker = new ServerProcess({ ...env, ROLE: "worker" });
    // All three start together on an empty database: migrations and the first admin must not race.
    await Promise.all([web1.start(), web2.start(), worker.start()]);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    admin1 = await loginAs(web1.url);
    admin2 = await loginAs(web2.url);
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await Promise.all([web1?.stop(), web2?.stop(), worker?.stop()]);
    await served?.close();
    await database?.drop();
  });

  it("applies the migrations once and creates one admin when the processes start together", async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8"));
    const [applied] = await q<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(applied!.n).toBe(journal.entries.length);
    const [admins] = await q<{ n: number }>("select count(*)::int as n from users");
    expect(admins!.n).toBe(1);
  });

  it("a worker answers health checks and nothing else", async () => {
    const health = await fetch(`${worker.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, role: "worker" });
    expect(await (await fetch(`${worker.url}/readyz`)).json()).toMatchObject({ ok: true, database: "postgres" });
    const api = await fetch(`${worker.url}/api/auth/login`, { method: "POST" });
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe("not_found");
  });

  it("a widget message received by one process reaches agent sockets on the other, once each", async () => {
    const { channel } = await createWebchat(admin1);
    const agentOn2 = await socket(web2.url, { cookie: admin2.cookie });
    const agentOn1 = await socket(web1.url, { cookie: admin1.cookie });
    const v = await visitor(web1.url, channel.id);
    const sent = await v.post("/api/widget/messages", { content: "Hello from process one" });
    expect(sent.status, sent.text).toBe(201);
    const seen = await agentOn2.next(
      (e) => e.type === "message.created" && e.message.content === "Hello from process one",
    );
    expect(seen.message.conversationId).toBe(sent.body.conversationId);
    await agentOn1.next((e) => e.type === "message.created" && e.message.content === "Hello from process one");
    // And the other way round: written on process two, seen by the agent on process one.
    const v2 = await visitor(web2.url, channel.id);
    const back = await v2.post("/api/widget/messages", { content: "Hello from process two" });
    expect(back.status).toBe(201);
    await agentOn1.next((e) => e.type === "message.created" && e.message.content === "Hello from process two");
    await agentOn2.next((e) => e.type === "message.created" && e.message.content === "Hello from process two");
    // No double delivery on the origin: a later event arrives after any duplicate would have.
    await v.post("/api/widget/messages", { content: "marker" });
    await agentOn1.next((e) => e.type === "message.created" && e.message.content === "marker");
    await agentOn2.next((e) => e.type === "message.created" && e.message.content === "marker");
    for (const ws of [agentOn1, agentOn2]) {
      const copies = ws.events.filter(
        (e) => e.type === "message.created" && e.message.content === "Hello from process one",
      );
      expect(copies).toHaveLength(1);
    }
    agentOn1.close();
    agentOn2.close();
  });

  it("audiences are decided on the receiving side: a visitor on another process gets its own messages and typing", async () => {
    const { channel } = await createWebchat(admin1);
    const v = await visitor(web1.url, channel.id);
    const first = await v.post("/api/widget/messages", { content: "I am on process one" });
    const conversationId = first.body.conversationId as string;
    const visitorOn2 = await socket(web2.url, { visitorToken: v.bearer });
    const agentOn1 = await socket(web1.url, { cookie: admin1.cookie });
    const other = await visitor(web1.url, channel.id);
    const otherOn2 = await socket(web2.url, { visitorToken: other.bearer });

    const reply = await admin1.post(`/api/conversations/${conversationId}/messages`, {
      content: "Agent on process one",
    });
    expect(reply.status, reply.text).toBe(201);
    await admin1.post(`/api/conversations/${conversationId}/messages`, { content: "internal", private: true });
    const got = await visitorOn2.next(
      (e) => e.type === "message.created" && e.message.content === "Agent on process one",
    );
    expect(got.message).not.toHaveProperty("private");

    agentOn1.send({ type: "typing", conversationId, typing: true });
    const typing = await visitorOn2.next((e) => e.type === "typing");
    expect(typing).toMatchObject({ conversationId, name: "Admin", typing: true });
    visitorOn2.send({ type: "typing", conversationId, typing: false });
    const customerTyping = await agentOn1.next((e) => e.type === "typing" && e.actor.type === "customer");
    expect(customerTyping).toMatchObject({ conversationId, typing: false });

    // A marker for the other visitor proves its socket was live while none of the above reached it.
    await other.post("/api/widget/messages", { content: "other visitor" });
    await agentOn1.next((e) => e.type === "message.created" && e.message.content === "other visitor");
    const echo = await otherOn2.next((e) => e.type === "message.created" && e.message.content === "other visitor");
    expect(echo).toBeTruthy();
    expect(otherOn2.events.filter((e) => e.type === "typing")).toEqual([]);
    expect(visitorOn2.events.some((e) => e.type === "message.created" && e.message.content === "internal")).toBe(false);
    for (const ws of [visitorOn2, agentOn1, otherOn2]) ws.close();
  });

  it("an event larger than a NOTIFY payload crosses by row id", async () => {
    const { channel } = await createWebchat(admin1);
    const agentOn2 = await socket(web2.url, { cookie: admin2.cookie });
    const v = await visitor(web1.url, channel.id);
    const big = "€".repeat(4999); // about 15 kB of UTF-8, twice: message and conversation preview
    expect((await v.post("/api/widget/messages", { content: big })).status).toBe(201);
    const seen = await agentOn2.next((e) => e.type === "message.created" && e.message.content === big);
    expect(seen.message.content).toHaveLength(4999);
    const [rows] = await q<{ n: number }>("select count(*)::int as n from realtime_payloads");
    expect(rows!.n).toBeGreaterThan(0);
    agentOn2.close();
  });

  it("a signed webhook taken by a web process is applied by a job process and reaches an agent on the other web process", async () => {
    account.webhookUrl = `${web1.url}/webhooks/whatsapp`;
    const r = await admin1.post("/api/channels", {
      type: "whatsapp",
      name: "Multi number",
      settings: account.settings,
      secrets: account.secrets,
    });
    expect(r.status, r.text).toBe(201);
    const agentOn2 = await socket(web2.url, { cookie: admin2.cookie });
    const said = await fake.customerSays(account, { id: "15550001234", name: "Pat" }, "Webhook via process one");
    expect(said.status).toBe(200);
    const seen = await agentOn2.next(
      (e) => e.type === "message.created" && e.message.content === "Webhook via process one",
      15_000,
    );
    expect(seen.message.direction).toBe("inbound");
    agentOn2.close();
  });

  it("runs each job exactly once with two job processes", async () => {
    await waitFor(
      async () => (await admin1.get("/api/conversations?status=all&q=15550001234")).body.items.length > 0,
      15_000,
    );
    const conv = (await admin1.get("/api/conversations?status=all&q=15550001234")).body.items[0];
    const texts = Array.from({ length: 20 }, (_, i) => `reply ${i}`);
    for (const [i, content] of texts.entries()) {
      const res = await (i % 2 ? admin2 : admin1).post(`/api/conversations/${conv.id}/messages`, { content });
      expect(res.status, res.text).toBe(201);
    }
    const sends = () =>
      fake.calls
        .filter((c) => c.method === "POST" && c.path.endsWith("/messages"))
        .map((c) => (c.body as any)?.text?.body);
    await waitFor(() => texts.every((t) => sends().includes(t)), 30_000);
    for (const t of texts) expect(sends().filter((s) => s === t)).toHaveLength(1);
    await waitFor(async () => {
      const rows = await q<{ n: number }>(
        "select count(*)::int as n from pgboss.job where name = 'channels.deliver-message' and state = 'completed'",
      );
      return rows[0]!.n >= 20;
    });
    const jobs = await q<{ n: number; retries: number }>(
      "select count(*)::int as n, coalesce(sum(retry_count), 0)::int as retries from pgboss.job where name = 'channels.deliver-message'",
    );
    expect(jobs[0]).toEqual({ n: 20, retries: 0 });
    const statuses = await q<{ status: string; n: number }>(
      "select status, count(*)::int as n from messages where content like 'reply %' group by status",
    );
    expect(statuses).toEqual([{ status: "sent", n: 20 }]);
  });

  it("pacing holds across processes: slots reserved by two processes on one key are never closer than the limit", async () => {
    const perSecond = 50;
    await q("create table pace_probe (process text not null, slot_us bigint not null)");
    const runs = await Promise.all(
      ["p1", "p2"].map((label) =>
        runScript("server/tests/pace-child.ts", [database.url, "multi:pace", "25", String(perSecond), label]),
      ),
    );
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const slots = await q<{ process: string; slot_us: string }>(
      "select process, slot_us from pace_probe order by slot_us",
    );
    expect(slots).toHaveLength(50);
    expect(new Set(slots.map((s) => s.process))).toEqual(new Set(["p1", "p2"]));
    const gaps = slots.slice(1).map((s, i) => Number(s.slot_us) - Number(slots[i]!.slot_us));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000_000 / perSecond);
  });

  it("a file uploaded through one process downloads through the other", async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const form = new FormData();
    form.append("file", new Blob([bytes], { type: "application/pdf" }), "invoice.pdf");
    const up = await admin1.req("POST", "/api/attachments", form);
    expect(up.status, up.text).toBe(201);
    const down = await fetch(`${web2.url}${up.body.url}`, { headers: { cookie: admin2.cookie } });
    expect(down.status).toBe(200);
    expect(down.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await down.arrayBuffer()).equals(bytes)).toBe(true);
    // Nothing on either process's disk: the bytes are in PostgreSQL.
    const [stored] = await q<{ size: number }>("select size from stored_files");
    expect(stored!.size).toBe(bytes.length);
    for (const p of [web1, web2]) expect(fs.existsSync(path.join(p.dataDir, "attachments"))).toBe(false);
  });

  it("the login limit counts failures across both processes", async () => {
    // LOGIN_RATE_LIMIT defaults to 10 per email and IP. In memory each process would allow 10 of
    // its own (20 together); in PostgreSQL the two processes share one window.
    const email = "someone-guessing@example.com";
    const attempt = (base: string) => new Client(base).post("/api/auth/login", { email, password: "wrong-guess-123" });
    for (let i = 0; i < 10; i++) {
      const r = await attempt(i % 2 ? web2.url : web1.url);
      expect(r.status, r.text).toBe(401);
    }
    for (const base of [web1.url, web2.url]) {
      const blocked = await attempt(base);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe("rate_limited");
    }
  });
});
