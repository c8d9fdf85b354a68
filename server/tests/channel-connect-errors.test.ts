import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidateChannels } from "../src/features/channels/configs";
import { ProviderError, providerFetch } from "../src/features/channels/provider-http";
import { SecretBox } from "../src/platform/secret-box";
import { bootServer, type Client, type Driver, drivers, loginAs, type TestServer } from "./helpers";

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function reasonOf(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe.each(drivers)("connecting a channel whose provider cannot be reached (%s)", (driver: Driver) => {
  let srv: TestServer;
  let admin: Client;
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
    srv = await bootServer(driver, { TELEGRAM_API_URL: `http://127.0.0.1:${port}` });
    admin = await loginAs(srv.url);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("answers 502 provider_unavailable with the host and the reason, not 'fetch failed', and stores nothing", async () => {
    const r = await admin.post("/api/channels", {
      type: "telegram",
      name: "Support bot",
      secrets: { botToken: "1111111111:AAFakeFakeFakeFakeFakeFakeFakeFake0" },
    });
    expect(r.status, r.text).toBe(502);
    expect(r.body.error.code).toBe("provider_unavailable");
    expect(r.body.error.message).toBe(
      `Couldn't reach 127.0.0.1:${port}: connection refused. Check the network or the base URL.`,
    );
    expect(r.body.error.details).toEqual({ reason: "connection_refused" });
    expect(r.text).not.toMatch(/fetch failed/);
    const rows = await srv.ctx.database.executeSql("select count(*)::int as n from channels where type = 'telegram'");
    expect((rows.rows[0] as { n: number }).n).toBe(0);
  });

  it("lists a sandbox channel whose credentials no key opens, marked, instead of hiding it", async () => {
    const created = await admin.post("/api/channels", { type: "whatsapp", name: "WA sandbox", sandbox: true });
    expect(created.status, created.text).toBe(201);
    const id = created.body.channel.id as string;
    const before = await admin.get("/api/sandbox");
    expect(before.body.channels).toContainEqual({
      id,
      type: "whatsapp",
      name: "WA sandbox",
      credentialsUnreadable: false,
    });
    // What a changed SECRET_KEY leaves behind: credentials sealed under a key the server does not have.
    const other = new SecretBox(crypto.randomBytes(32));
    await srv.ctx.database.executeSql("update channels set secrets_sealed = $1 where id = $2", [
      other.sealJson({ appSecret: "x", accessToken: "y", verifyToken: "z" }),
      id,
    ]);
    invalidateChannels(srv.ctx); // a key change comes with a restart, which starts with no cache
    const after = await admin.get("/api/sandbox");
    expect(after.status).toBe(200);
    expect(after.body.channels).toContainEqual({
      id,
      type: "whatsapp",
      name: "WA sandbox",
      credentialsUnreadable: true,
    });
    const thread = await admin.get(`/api/sandbox/${id}/thread?customerId=15550001111`);
    expect(thread.status).toBe(422);
    expect(thread.body.error.message).toMatch(/credentials are unreadable: enter them again/);
  });
});

describe("provider requests that never get an answer say why", () => {
  it("DNS: the host name could not be resolved", async () => {
    const e = await reasonOf(providerFetch("http://no-such-host.invalid/bot/getMe", { timeoutMs: 10_000 }));
    expect(e.info.network).toBe(true);
    expect(e.info.reason).toBe("dns");
    expect(e.message).toMatch(
      /^Couldn't reach no-such-host\.invalid: the (host name could not be resolved|DNS lookup failed)/,
    );
  });

  it("TLS: https to a plain HTTP server", async () => {
    const plain = http.createServer((_q, s) => s.end("plain"));
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
    const p = (plain.address() as AddressInfo).port;
    try {
      const e = await reasonOf(providerFetch(`https://127.0.0.1:${p}/v23.0/me`));
      expect(e.info.reason).toBe("tls");
      expect(e.message).toMatch(
        new RegExp(`^Couldn't reach 127\\.0\\.0\\.1:${p}: the secure connection \\(TLS\\) failed`),
      );
    } finally {
      plain.close();
    }
  });

  it("timeout: a server that accepts and never answers", async () => {
    const hang = http.createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", r));
    const p = (hang.address() as AddressInfo).port;
    try {
      const e = await reasonOf(providerFetch(`http://127.0.0.1:${p}/`, { timeoutMs: 300 }));
      expect(e.info.timeout).toBe(true);
      expect(e.info.reason).toBe("timeout");
      expect(e.message).toBe(
        `Couldn't reach 127.0.0.1:${p}: no answer within 300 ms. Check the network or the base URL.`,
      );
    } finally {
      hang.closeAllConnections();
      hang.close();
    }
  });
});
