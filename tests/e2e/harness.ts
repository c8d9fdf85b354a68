import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { postgresTemplate, seedPglite } from "../../server/tests/template-db";

const root = path.resolve(import.meta.dirname, "../..");
export const ADMIN = { email: "admin@example.com", password: "correct-horse-battery" };

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Which database the running Playwright project puts the server on (`metadata.database` in the config). */
function projectDatabase(): "pglite" | "postgres" {
  try {
    return test.info().project.metadata?.database === "postgres" ? "postgres" : "pglite";
  } catch {
    return "pglite"; // not inside a test or hook
  }
}

/**
 * A new database on the PostgreSQL server (TEST_DATABASE_URL), so each journey starts clean: a copy
 * of the migrated template the integration tests use (server/tests/template-db.ts), so the journey's
 * server boots without replaying every migration. Bootstrap (admin, default flow, pg-boss) still runs.
 */
async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base)
    throw new Error("the postgres project needs TEST_DATABASE_URL (a PostgreSQL server to create databases on)");
  const template = await postgresTemplate(base);
  const name = `sb_e2e_${crypto.randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`create database ${name} template ${template}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/**
 * The real server as a child process (`tsx server/src/main.ts`), restartable on the same data: on
 * embedded PGlite in its data dir, or on a database of its own on the PostgreSQL server when the
 * Playwright project says so.
 */
export class SwitchboardProcess {
  child?: ChildProcess;
  port = 0;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-e2e-"));
  log = "";
  private database?: { url: string; drop: () => Promise<void> };
  get url() {
    return `http://localhost:${this.port}`;
  }

  async start() {
    // The hook or test that starts a server gets the time a slow first start needs (see the deadline below).
    try {
      test.setTimeout(Math.max(test.info().timeout, 240_000));
    } catch {}
    this.port ||= await freePort();
    if (!this.database && projectDatabase() === "postgres") this.database = await createDatabase();
    // PGlite: a first start opens a copy of the migrated template (a restart keeps its own data).
    else if (!this.database && !fs.existsSync(path.join(this.dataDir, "pglite"))) await seedPglite(this.dataDir);
    this.child = spawn(path.join(root, "node_modules/.bin/tsx"), ["server/src/main.ts"], {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH}`,
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        DEMO: "0",
        LOG_LEVEL: "warn",
        DATABASE_URL: this.database?.url ?? "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (d) => (this.log += d));
    this.child.stderr!.on("data", (d) => (this.log += d));
    // Generous: a first start compiles the server (and builds the migrated template once), slow on a busy 2-core machine.
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/readyz`)).ok) return;
      } catch {}
      if (this.child.exitCode !== null) throw new Error(`server exited:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server did not start:\n${this.log}`);
  }

  async stop() {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGTERM");
    await exited;
  }

  async restart() {
    await this.stop();
    await this.start();
  }

  async destroy() {
    await this.stop();
    await this.database?.drop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** An API session for setup steps the journeys are not about. */
  async api() {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    });
    const cookie = res.headers.getSetCookie()[0]!.split(";")[0]!;
    const call = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(this.url + p, {
        method,
        headers: { cookie, origin: this.url, "content-type": "application/json" },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: r.status, body: r.status === 204 ? undefined : await r.json() };
    };
    return call;
  }
}

/** A third-party site on another origin, embedding the widget with the documented snippet. */
export async function hostSite(widgetOrigin: string, channelId: string) {
  const html = fs
    .readFileSync(path.join(import.meta.dirname, "fixtures/host-page.html"), "utf8")
    .replace("<!--WIDGET-->", `<script src="${widgetOrigin}/widget.js" data-channel="${channelId}" async></script>`);
  const server = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * Closes every browser context a spec opened (specs open their own, for viewports and second
 * users): left open, their pages keep reconnecting to servers that have stopped and keep Chromium's
 * GPU process busy for the rest of the run.
 */
export async function closeContexts(browser: import("@playwright/test").Browser) {
  await Promise.all(browser.contexts().map((c) => c.close().catch(() => {})));
}

/** Signs in through the login form (the real one: cookie, redirect) and waits for the inbox. */
export async function signIn(page: Page, baseUrl: string, who: { email: string; password: string }) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId("login-email").fill(who.email);
  await page.getByTestId("login-password").fill(who.password);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(/\/inbox/);
}
