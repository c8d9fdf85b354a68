import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaSignature } from "../src/features/channels/meta-signature";
import { SecretBox } from "../src/platform/secret-box";
import {
  ADMIN,
  bootServer,
  Client,
  type Driver,
  drivers,
  freshDatabaseUrl,
  loginAs,
  type TestServer,
  waitFor,
} from "./helpers";

const K1 = crypto.randomBytes(32).toString("hex");
const K2 = crypto.randomBytes(32).toString("hex");
// A sandbox channel generates its own account and app secret; read back after creation.
const wa = { phoneNumberId: "", wabaId: "", appSecret: "" };

const hook = (phoneNumberId: string) =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: wa.wabaId || "1",
        changes: [{ field: "messages", value: { metadata: { phone_number_id: phoneNumberId }, statuses: [] } }],
      },
    ],
  });

/** Runs `npm run admin -- ...`'s entry point against the same database and data directory. */
function admin(args: string[], env: Record<string, string>) {
  const tsx = path.resolve(import.meta.dirname, "../../node_modules/tsx/dist/cli.mjs");
  return spawnSync(process.execPath, [tsx, path.resolve(import.meta.dirname, "../src/cli/admin.ts"), ...args], {
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
  });
}

describe.each(drivers)("secret key rotation and operator commands (%s)", (driver: Driver) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-keys-"));
  let db: { url?: string; drop?: () => Promise<void> } = {};
  let s: TestServer | undefined;
  const boot = async (env: Record<string, string>) => {
    await s?.close();
    s = await bootServer(driver, env, { dataDir, url: db.url, drop: db.drop });
    return s;
  };
  const envFor = (keys: Record<string, string>) => ({
    DATA_DIR: dataDir,
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...keys,
  });
  let whatsappId = "";
  let webchatId = "";
  let visitorToken = "";
  let whatsappConversation = "";

  beforeAll(async () => {
    if (driver === "postgres") db = await freshDatabaseUrl();
    const first = await boot({ SECRET_KEY: K1 });
    const a = await loginAs(first.url);
    const w = await a.post("/api/channels", {
      type: "whatsapp",
      name: "Support",
      sandbox: true,
    });
    expect(w.status, w.text).toBe(201);
    whatsappId = w.body.channel.id;
    wa.phoneNumberId = w.body.channel.settings.phoneNumberId;
    wa.wabaId = w.body.channel.settings.wabaId;
    const sealed = (
      await first.ctx.database.executeSql("select secrets_sealed from channels where id = $1", [whatsappId])
    ).rows[0] as { secrets_sealed: string };
    wa.appSecret = first.ctx.secrets.openJson<{ appSecret: string }>(sealed.secrets_sealed).appSecret;
    webchatId = (await a.post("/api/channels", { type: "webchat", name: "Site" })).body.channel.id;
    const v = new Client(first.url, "http://shop.test");
    visitorToken = (await v.post(`/api/widget/${webchatId}/session`, { name: "Vi" })).body.visitorToken;
    v.bearer = visitorToken;
    expect((await v.post("/api/widget/messages", { content: "before the rotation" })).status).toBe(201);
    // A WhatsApp customer writes before the rotation, so an agent can answer after it.
    const inbound = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: wa.wabaId,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: { phone_number_id: wa.phoneNumberId, display_phone_number: "15550000000" },
                contacts: [{ wa_id: "15557654321", profile: { name: "Rita" } }],
                messages: [
                  {
                    from: "15557654321",
                    id: "wamid.keys-before-rotation",
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: "text",
                    text: { body: "hello before the rotation" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const posted = await fetch(`${first.url}/webhooks/whatsapp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": metaSignature(wa.appSecret, Buffer.from(inbound)),
      },
      body: inbound,
    });
    expect(posted.status).toBe(200);
    await waitFor(async () => {
      const r = await first.ctx.database.executeSql(
        "select conversation_id from messages where external_id = 'wamid.keys-before-rotation'",
        [],
      );
      whatsappConversation = (r.rows[0] as { conversation_id: string } | undefined)?.conversation_id ?? "";
      return whatsappConversation !== "";
    }, 20_000);
  });
  afterAll(async () => {
    await s?.close();
    await db.drop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const webhook = (srv: TestServer) => {
    const body = hook(wa.phoneNumberId);
    return fetch(`${srv.url}/webhooks/whatsapp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": metaSignature(wa.appSecret, Buffer.from(body)),
      },
      body,
    });
  };

  it("with a different SECRET_KEY: channels say 'credentials unreadable', webhooks answer 401, nothing 500s", async () => {
    const srv = await boot({ SECRET_KEY: K2 });
    const a = await loginAs(srv.url);
    const list = await a.get("/api/channels");
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items.map((c: { id: string }) => [c.id, c]));
    expect((byId.get(whatsappId) as any).health.credentialsUnreadable).toBe(true);
    expect((byId.get(webchatId) as any).health.credentialsUnreadable).toBe(true);
    expect((await a.get(`/api/channels/${whatsappId}`)).status).toBe(200);
    const r = await webhook(srv);
    expect(r.status).toBe(401);
    expect(
      (await fetch(`${srv.url}/webhooks/whatsapp/${whatsappId}`, { method: "POST", body: "{}" })).status,
    ).toBeLessThan(500);
    // Visitor tokens are signed with a key derived from the secret key: without the old key they stop.
    const v = new Client(srv.url, "http://shop.test", visitorToken);
    expect((await v.get("/api/widget/conversations")).status).toBe(401);
    // A reply on that channel fails with the real reason, not "disabled or removed".
    const reply = await a.post(`/api/conversations/${whatsappConversation}/messages`, {
      content: "after the rotation",
    });
    expect(reply.status, reply.text).toBe(201);
    let errorCode: string | undefined;
    await waitFor(async () => {
      const r = await srv.ctx.database.executeSql(
        "select error_code from messages where id = $1 and status = 'failed'",
        [reply.body.id],
      );
      errorCode = (r.rows[0] as { error_code: string } | undefined)?.error_code;
      return errorCode !== undefined;
    }, 20_000);
    expect(errorCode).toBe("credentials_unreadable");
  });

  it("with SECRET_KEYS=new,old: everything opens again, is re-sealed with the new key on access, old visitor tokens work", async () => {
    const srv = await boot({ SECRET_KEYS: `${K2},${K1}` });
    const a = await loginAs(srv.url);
    const list = await a.get("/api/channels");
    expect(list.body.items.every((c: any) => c.health.credentialsUnreadable === false)).toBe(true);
    expect((await webhook(srv)).status).toBe(200);
    const v = new Client(srv.url, "http://shop.test", visitorToken);
    const convs = await v.get("/api/widget/conversations");
    expect(convs.status).toBe(200);
    expect(convs.body.items).toHaveLength(1);
    // The webhook loaded the WhatsApp channel: its credentials are now sealed with K2 alone.
    const row = (await srv.ctx.database.executeSql("select secrets_sealed from channels where id = $1", [whatsappId]))
      .rows[0] as { secrets_sealed: string };
    expect(new SecretBox(Buffer.from(K2, "hex")).openJson<{ appSecret: string }>(row.secrets_sealed).appSecret).toBe(
      wa.appSecret,
    );
  });

  it("re-seals everything with `admin reseal-secrets`, after which the old key can go", {
    timeout: 90_000,
  }, async () => {
    // Back to K1 as the newest key: loading the channels (a webhook) seals both with K1 again.
    const back = await boot({ SECRET_KEY: K1, SECRET_KEYS: K2 });
    expect((await webhook(back)).status).toBe(200);
    await s!.close();
    s = undefined;
    const out = admin(["reseal-secrets"], envFor({ SECRET_KEYS: `${K2},${K1}` }));
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/Re-sealed 2 channel/);
    const srv = await boot({ SECRET_KEY: K2 });
    const a = await loginAs(srv.url);
    expect((await a.get("/api/channels")).body.items.every((c: any) => !c.health.credentialsUnreadable)).toBe(true);
    expect((await webhook(srv)).status).toBe(200);
  });

  it("entering credentials again makes an unreadable channel work", async () => {
    const K3 = crypto.randomBytes(32).toString("hex");
    const srv = await boot({ SECRET_KEY: K3 });
    const a = await loginAs(srv.url);
    expect((await a.get(`/api/channels/${whatsappId}`)).body.health.credentialsUnreadable).toBe(true);
    const renamed = await a.patch(`/api/channels/${whatsappId}`, { name: "Support (renamed)" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.channel.health.credentialsUnreadable).toBe(true);
    const fixed = await a.patch(`/api/channels/${whatsappId}`, {
      secrets: { accessToken: "EAA-again", appSecret: wa.appSecret },
    });
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.body.channel.health.credentialsUnreadable).toBe(false);
    expect((await webhook(srv)).status).toBe(200);
    const site = await a.patch(`/api/channels/${webchatId}`, { rotateSecret: true });
    expect(site.body.channel.health.credentialsUnreadable).toBe(false);
  });

  it("resets a locked-out user's password with `admin reset-password EMAIL`", { timeout: 90_000 }, async () => {
    await s!.close();
    s = undefined;
    const out = admin(["reset-password", ADMIN.email], envFor({}));
    expect(out.status, out.stderr).toBe(0);
    const temp = /Temporary password for \S+: (\S+)/.exec(out.stdout)?.[1];
    expect(temp).toBeTruthy();
    const srv = await boot({});
    expect((await new Client(srv.url).post("/api/auth/login", ADMIN)).status).toBe(401);
    const c = await loginAs(srv.url, ADMIN.email, temp!);
    expect((await c.get("/api/channels")).body.error.code).toBe("password_change_required");
    expect((await c.post("/api/me/password", { currentPassword: temp, newPassword: ADMIN.password })).status).toBe(200);
  });
});
