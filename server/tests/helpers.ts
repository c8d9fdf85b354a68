import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import WebSocket from "ws";
import { type RunningServer, startServer } from "../src/app";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/platform/logger";
import { postgresTemplate, seedPglite } from "./template-db";

export type Driver = "pglite" | "postgres";
// CI sets REQUIRE_POSTGRES=1: there, a missing server must fail every integration file, not quietly
// shrink the matrix to PGlite (a green run would then say nothing about PostgreSQL).
if (process.env.REQUIRE_POSTGRES === "1" && !process.env.TEST_DATABASE_URL)
  throw new Error("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL server suites cannot run");
/** Integration suites run on embedded PGlite always, and on the PostgreSQL server when TEST_DATABASE_URL is set. */
export const drivers: Driver[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export const ADMIN = { email: "admin@example.com", password: "correct-horse-battery" };

/** Boot options. `empty`: an empty database the server migrates itself (tests of migrations and first boot). */
export interface BootOptions {
  empty?: boolean;
}

/**
 * A fresh database of its own on the server, so files run in parallel: a copy of the migrated
 * template (see template-db.ts), or with `{ empty: true }` an empty one.
 */
export async function freshDatabaseUrl(opts: BootOptions = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `sb_test_${crypto.randomBytes(6).toString("hex")}`;
  const template = opts.empty ? undefined : await postgresTemplate(base);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestServer extends RunningServer {
  dataDir: string;
  restart(): Promise<TestServer>;
  stop(): Promise<void>;
}

export async function bootServer(
  driver: Driver,
  env: Record<string, string> = {},
  reuse?: { dataDir: string; url?: string; drop?: () => Promise<void> },
  opts: BootOptions = {},
): Promise<TestServer> {
  const dataDir = reuse?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "sb-test-"));
  // A new PGlite database starts as a copy of the migrated template, unless asked to be empty.
  if (driver === "pglite" && !reuse && !opts.empty) await seedPglite(dataDir);
  const db = reuse?.url
    ? { url: reuse.url, drop: reuse.drop! }
    : driver === "postgres"
      ? await freshDatabaseUrl(opts)
      : undefined;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: "silent",
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  const server = await startServer(config, { log: createLogger(process.env.TEST_LOG ?? "silent") });
  const self: TestServer = {
    ...server,
    dataDir,
    restart: async () => {
      await server.close();
      return bootServer(driver, env, { dataDir, url: db?.url, drop: db?.drop });
    },
    stop: async () => {
      await server.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return self;
}

/**
 * Two servers on one PostgreSQL database in this test process (each with its own pool, bus, hub and
 * relay: what they share is the database alone). Registers beforeAll/afterAll; read `p.a` and `p.b`.
 * `secretKey`: the SECRET_KEY both use (they must agree to read each other's sessions).
 */
export function useTwoServers(secretKey: string) {
  const p = { a: undefined as unknown as TestServer, b: undefined as unknown as TestServer };
  const env = { SECRET_KEY: secretKey };
  beforeAll(async () => {
    p.a = await bootServer("postgres", env);
    p.b = await bootServer("postgres", env, {
      dataDir: `${p.a.dataDir}-b`,
      url: p.a.ctx.config.databaseUrl!,
      drop: async () => {},
    });
  });
  afterAll(async () => {
    await p.b?.stop();
    await p.a?.stop();
  });
  return p;
}

/** An HTTP client that keeps cookies and sends our Origin, like the console in a browser. */
export class Client {
  cookie = "";
  constructor(
    public base: string,
    public origin: string | null = base,
    public bearer?: string,
  ) {}

  async req(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.origin) h.origin = this.origin;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (typeof body === "string") {
      payload = body;
      h["content-type"] ??= "application/json";
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      h["content-type"] = "application/json";
    }
    const res = await fetch(this.base + p, { method, headers: h, body: payload });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(";");
      if (pair?.startsWith("sb_session=")) this.cookie = pair.endsWith("=") ? "" : pair;
    }
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  }
  get = (p: string) => this.req("GET", p);
  post = (p: string, b?: unknown) => this.req("POST", p, b ?? {});
  patch = (p: string, b?: unknown) => this.req("PATCH", p, b);
  del = (p: string) => this.req("DELETE", p);
}

export async function loginAs(base: string, email = ADMIN.email, password = ADMIN.password) {
  const c = new Client(base);
  const r = await c.post("/api/auth/login", { email, password });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  return c;
}

export async function createWebchat(admin: Client, settings: Record<string, unknown> = {}) {
  const r = await admin.post("/api/channels", { type: "webchat", name: "Site", settings });
  if (r.status !== 201) throw new Error(`channel create failed: ${r.status} ${r.text}`);
  return r.body as { channel: { id: string }; revealedSecrets: { identitySecret: string } };
}

export async function visitor(
  base: string,
  channelId: string,
  body: Record<string, unknown> = {},
  origin = "http://shop.test",
) {
  const c = new Client(base, origin);
  const r = await c.post(`/api/widget/${channelId}/session`, body);
  if (r.status !== 200) throw new Error(`session failed: ${r.status} ${r.text}`);
  c.bearer = r.body.visitorToken;
  return c;
}

/** A WebSocket that records every event, with a helper to wait for one matching a predicate. */
export async function socket(url: string, opts: { cookie?: string; visitorToken?: string } = {}) {
  const wsUrl = `${url.replace("http", "ws")}/ws${opts.visitorToken ? `?visitorToken=${encodeURIComponent(opts.visitorToken)}` : ""}`;
  const ws = new WebSocket(wsUrl, { headers: opts.cookie ? { cookie: opts.cookie } : {} });
  const events: any[] = [];
  const waiters: { pred: (e: any) => boolean; resolve: (e: any) => void }[] = [];
  ws.on("message", (d) => {
    const e = JSON.parse(String(d));
    events.push(e);
    for (const w of [...waiters])
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(new Error(`ws refused: ${res.statusCode}`)));
    ws.once("error", reject);
  });
  await waitFor(() => events.some((e) => e.type === "hello"));
  return {
    ws,
    events,
    send: (e: unknown) => ws.send(JSON.stringify(e)),
    next: (pred: (e: any) => boolean, ms = 5000) =>
      new Promise<any>((resolve, reject) => {
        const found = events.find(pred);
        if (found) return resolve(found);
        const t = setTimeout(() => reject(new Error("timed out waiting for ws event")), ms);
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      }),
    close: () => ws.close(),
  };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not met in time");
}
