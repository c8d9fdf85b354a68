import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeAccount } from "../src/features/channels/sandbox/types";
import { createWhatsAppFake, type WhatsAppFakeOptions } from "../src/features/channels/whatsapp/fake";
import { serveFake } from "./fakes";
import { ADMIN, drivers, freshDatabaseUrl, loginAs, waitFor } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The real server as a child process, so it can be killed with SIGKILL mid-send and restarted on the
 * same data. Node itself with tsx's loader, not the `tsx` command: that one runs the server as its own
 * child, and a SIGKILL (which it cannot relay) would leave the server running behind it.
 */
class ServerProcess {
  child?: ChildProcess;
  log = "";
  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start() {
    this.child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH}`,
        PORT: String(this.port),
        HOST: "127.0.0.1",
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        DEMO: "0",
        LOG_LEVEL: "warn",
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (d) => (this.log += d));
    this.child.stderr!.on("data", (d) => (this.log += d));
    await waitFor(async () => {
      if (this.child?.exitCode !== null) throw new Error(`server exited:\n${this.log}`);
      return fetch(`${this.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    }, 90_000);
  }
  async kill9() {
    const c = this.child!;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGKILL");
    await exited;
  }
}

async function freePort() {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Issue 6, outbound, the reproduction: the server is killed (SIGKILL) while WhatsApp holds our reply
 * (accepted, answer not yet received). After the restart the send is settled from WhatsApp's status
 * webhook, which names our message id in biz_opaque_callback_data: the customer gets it once.
 */
describe.each(drivers)("kill -9 while a reply is at the provider (%s)", (driver) => {
  it("after the restart WhatsApp's status settles the send; the customer receives it once", {
    timeout: 300_000,
  }, async () => {
    const account: FakeAccount = {
      accountId: "106540352242955",
      secrets: { accessToken: "EAAkill-token", appSecret: "wa-kill-secret" },
      settings: { phoneNumberId: "106540352242955", wabaId: "102290129340355", displayPhoneNumber: "+1 555 000 5555" },
      webhookUrl: "",
    };
    const opts: WhatsAppFakeOptions = { accounts: async () => [account], autoDeliver: false };
    const fake = createWhatsAppFake(opts);
    const served = await serveFake(fake.router);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-kill-"));
    const db = driver === "postgres" ? await freshDatabaseUrl() : null;
    const proc = new ServerProcess(await freePort(), {
      DATA_DIR: dataDir,
      DATABASE_URL: db?.url ?? "",
      WHATSAPP_API_URL: `${served.url}/v23.0`,
    });
    try {
      await proc.start();
      account.webhookUrl = `${proc.url}/webhooks/whatsapp`;
      let admin = await loginAs(proc.url);
      const ch = await admin.post("/api/channels", {
        type: "whatsapp",
        name: "Support",
        settings: account.settings,
        secrets: account.secrets,
      });
      expect(ch.status, ch.text).toBe(201);
      const customer = "447700900555";
      await fake.customerSays(account, { id: customer, name: "Dana Reyes" }, "Where is my refund?");
      let conversationId = "";
      await waitFor(async () => {
        conversationId = (await admin.get(`/api/conversations?status=all&q=${customer}`)).body.items[0]?.id ?? "";
        return !!conversationId;
      }, 30_000);

      opts.hangAfterAccept = true;
      const r = await admin.post(`/api/conversations/${conversationId}/messages`, {
        content: "Your refund was issued today.",
        attachmentIds: [],
      });
      expect(r.status, r.text).toBe(201);
      const id = r.body.id as string;
      const business = () => fake.thread(account, customer).filter((m) => m.from === "business");
      await waitFor(() => business().length === 1, 30_000);
      const wamid = business()[0]!.id;

      await proc.kill9();
      opts.hangAfterAccept = false;
      await proc.start();
      admin = await loginAs(proc.url);
      // WhatsApp reports what it accepted; its status webhook names our message id.
      expect(await fake.sendStatus(account, wamid, customer, "sent")).toBe(200);
      const statusOf = async () =>
        (
          (await admin.get(`/api/conversations/${conversationId}/messages`)).body.items as {
            id: string;
            status: string;
          }[]
        ).find((m) => m.id === id)?.status;
      await waitFor(async () => ["sent", "delivered"].includes((await statusOf()) ?? ""), 60_000);
      expect(business()).toHaveLength(1);
      const sends = fake.calls.filter(
        (c) => c.path.endsWith("/messages") && (c.body as { to?: string }).to === customer,
      );
      expect(sends).toHaveLength(1);
      expect(sends[0]!.body).toMatchObject({ biz_opaque_callback_data: id });
    } finally {
      if (proc.child && proc.child.exitCode === null) await proc.kill9();
      await served.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
