import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertPublicUrl, isPrivateAddress } from "../src/features/integrations/safe-address";
import { bootServer, type Client, createWebchat, drivers, loginAs, type TestServer, visitor, waitFor } from "./helpers";

/** The receiver an integrator would write: verifies Switchboard-Signature exactly as docs/webhooks.md says. */
function verify(secret: string, header: string, rawBody: string, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = crypto.createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === 32 && crypto.timingSafeEqual(given, Buffer.from(expected, "hex"));
}

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: { id: string; type: string; createdAt: string; data: any };
}

describe("webhook URLs are checked against private addresses (SSRF)", () => {
  it("refuses loopback, private, link-local and metadata addresses unless allowed", async () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "::ffff:127.0.0.1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
    await expect(assertPublicUrl("http://127.0.0.1:8080/hook", false)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(assertPublicUrl("http://localhost/hook", false)).rejects.toMatchObject({ code: "validation_failed" });
    await expect(assertPublicUrl("http://[::1]/hook", false)).rejects.toMatchObject({ code: "validation_failed" });
    await expect(assertPublicUrl("http://127.0.0.1/hook", true)).resolves.toBeUndefined();
  });
});

describe.each(drivers)("outgoing webhooks (%s)", (driver) => {
  let s: TestServer;
  let admin: Client;
  let channelId: string;
  let receiver: http.Server;
  let hookUrl: string;
  const received: Received[] = [];
  /** Status codes to answer with, in order; 200 once they run out. */
  let plan: number[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ headers: req.headers, raw, json: JSON.parse(raw) });
        const status = plan.shift() ?? 200;
        res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : `nope ${"x".repeat(3000)}`);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    s = await bootServer(driver, {
      WEBHOOKS_ALLOW_PRIVATE: "1",
      WEBHOOK_RETRY_BASE_SECONDS: "0.05",
      WEBHOOK_MAX_ATTEMPTS: "3",
      WEBHOOK_DISABLE_AFTER_FAILURES: "4",
    });
    admin = await loginAs(s.url);
    channelId = (await createWebchat(admin)).channel.id;
  });
  afterAll(async () => {
    await s.stop();
    await new Promise((r) => receiver.close(r));
  });
  beforeEach(() => {
    plan = [];
  });

  const subscribe = async (events: string[], extra: Record<string, unknown> = {}) => {
    const r = await admin.post("/api/webhooks", { name: `hook ${events.join(" ")}`, url: hookUrl, events, ...extra });
    expect(r.status).toBe(201);
    return r.body as { subscription: { id: string }; secret: string };
  };
  const deliveries = async (id: string) => (await admin.get(`/api/webhooks/${id}/deliveries`)).body.items as any[];
  const receivedFor = (type: string, pred: (r: Received) => boolean = () => true) =>
    received.filter((r) => r.json.type === type && pred(r));

  it("signs every delivery; conversation, contact and message events reach the receiver with the documented shape", async () => {
    const { subscription, secret } = await subscribe([
      "conversation.created",
      "message.created",
      "contact.created",
      "conversation.resolved",
    ]);
    expect(secret).toMatch(/^whsec_/);
    const stored = await s.ctx.database.executeSql("select secret_sealed from webhook_subscriptions where id = $1", [
      subscription.id,
    ]);
    expect(JSON.stringify(stored.rows)).not.toContain(secret.slice(6));

    const v = await visitor(s.url, channelId, { name: "Hook Customer", email: "hook@example.com" });
    const convId = (await v.post("/api/widget/messages", { content: "hello hooks" })).body.conversationId;
    await waitFor(
      () => receivedFor("message.created", (r) => r.json.data.message.conversationId === convId).length === 1,
    );
    await waitFor(
      () => receivedFor("conversation.created", (r) => r.json.data.conversation.id === convId).length === 1,
    );
    const contactId = (await admin.get(`/api/conversations/${convId}`)).body.contact.id;
    await waitFor(() => receivedFor("contact.created", (r) => r.json.data.contact.id === contactId).length === 1);

    const msg = receivedFor("message.created", (r) => r.json.data.message.conversationId === convId)[0]!;
    expect(msg.json).toMatchObject({ type: "message.created", data: { message: { content: "hello hooks" } } });
    expect(msg.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(msg.json.createdAt))).toBe(false);
    expect(msg.headers["switchboard-event"]).toBe("message.created");
    expect(msg.headers["switchboard-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(msg.headers["switchboard-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(secret, String(msg.headers["switchboard-signature"]), msg.raw)).toBe(true);
    // A tampered body, another secret, or an old timestamp fail verification.
    expect(verify(secret, String(msg.headers["switchboard-signature"]), `${msg.raw} `)).toBe(false);
    expect(verify("whsec_other", String(msg.headers["switchboard-signature"]), msg.raw)).toBe(false);
    const t = Number(/t=(\d+)/.exec(String(msg.headers["switchboard-signature"]))![1]);
    const old = `t=${t - 600},v1=${crypto
      .createHmac("sha256", secret)
      .update(`${t - 600}.${msg.raw}`)
      .digest("hex")}`;
    expect(verify(secret, old, msg.raw)).toBe(false);

    // Private notes are internal: not sent unless the subscription asks for them.
    await admin.post(`/api/conversations/${convId}/messages`, { content: "internal only", private: true });
    await admin.post(`/api/conversations/${convId}/messages`, { content: "public reply" });
    await waitFor(
      () => receivedFor("message.created", (r) => r.json.data.message.content === "public reply").length === 1,
    );
    expect(receivedFor("message.created", (r) => r.json.data.message.content === "internal only")).toHaveLength(0);

    expect((await admin.patch(`/api/conversations/${convId}`, { status: "resolved" })).status).toBe(200);
    await waitFor(
      () => receivedFor("conversation.resolved", (r) => r.json.data.conversation.id === convId).length === 1,
    );
    // The receiver has every event; each delivery's row records its answer just after.
    await waitFor(async () => (await deliveries(subscription.id)).every((d) => d.state === "succeeded"));
    const log = await deliveries(subscription.id);
    expect(log.every((d) => d.state === "succeeded")).toBe(true);
    expect(log[0].attemptLog[0]).toMatchObject({ attempt: 1, status: 200, responseBody: "ok", error: null });
    await admin.del(`/api/webhooks/${subscription.id}`);
  });

  it("retries a 500 with backoff until it succeeds, logging every attempt's status and first 2 KB", async () => {
    const { subscription } = await subscribe(["contact.updated"]);
    plan = [500, 503];
    const v = await visitor(s.url, channelId, { name: "Retry Person" });
    const convId = (await v.post("/api/widget/messages", { content: "hi" })).body.conversationId;
    const contactId = (await admin.get(`/api/conversations/${convId}`)).body.contact.id;
    expect((await admin.patch(`/api/contacts/${contactId}`, { notes: "VIP" })).status).toBe(200);
    await waitFor(async () => (await deliveries(subscription.id))[0]?.state === "succeeded");
    const [d] = await deliveries(subscription.id);
    expect(d.attempts).toBe(3);
    expect(d.attemptLog.map((a: { status: number }) => a.status)).toEqual([500, 503, 200]);
    expect(d.attemptLog[0].error).toBe("HTTP 500");
    expect(d.attemptLog[0].responseBody.length).toBe(2048);
    // Every attempt carried the same body and event id.
    const got = receivedFor("contact.updated", (r) => r.json.data.contact.id === contactId);
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.raw)).size).toBe(1);
    // The receiver answered after each delay: the attempts are spread in time, in order.
    const times = d.attemptLog.map((a: { at: string }) => Date.parse(a.at));
    expect(times[1]).toBeGreaterThan(times[0]);
    expect(times[2]).toBeGreaterThan(times[1]);
    await admin.del(`/api/webhooks/${subscription.id}`);
  });

  it("sends a test event, and redelivers an event with the same id as a new delivery", async () => {
    const { subscription, secret } = await subscribe(["contact.updated"]);
    const test = await admin.post(`/api/webhooks/${subscription.id}/test`);
    expect(test.status).toBe(201);
    await waitFor(
      () => receivedFor("webhook.test", (r) => r.json.data.subscription.id === subscription.id).length === 1,
    );
    const t = receivedFor("webhook.test", (r) => r.json.data.subscription.id === subscription.id)[0]!;
    expect(verify(secret, String(t.headers["switchboard-signature"]), t.raw)).toBe(true);
    await waitFor(async () => (await deliveries(subscription.id))[0]?.state === "succeeded");

    const again = await admin.post(`/api/webhook-deliveries/${test.body.delivery.id}/redeliver`);
    expect(again.status).toBe(201);
    expect(again.body.delivery.id).not.toBe(test.body.delivery.id);
    await waitFor(
      () => receivedFor("webhook.test", (r) => r.json.data.subscription.id === subscription.id).length === 2,
    );
    const both = receivedFor("webhook.test", (r) => r.json.data.subscription.id === subscription.id);
    expect(both[1]!.json.id).toBe(both[0]!.json.id);
    expect(both[1]!.headers["switchboard-delivery"]).not.toBe(both[0]!.headers["switchboard-delivery"]);

    // Rotating the secret returns a new one; later deliveries are signed with it.
    const rotated = await admin.post(`/api/webhooks/${subscription.id}/rotate-secret`);
    expect(rotated.body.secret).not.toBe(secret);
    await admin.post(`/api/webhooks/${subscription.id}/test`);
    await waitFor(
      () => receivedFor("webhook.test", (r) => r.json.data.subscription.id === subscription.id).length === 3,
    );
    const third = receivedFor("webhook.test", (r) => r.json.data.subscription.id === subscription.id)[2]!;
    expect(verify(rotated.body.secret, String(third.headers["switchboard-signature"]), third.raw)).toBe(true);
    await admin.del(`/api/webhooks/${subscription.id}`);
  });

  it("turns an endpoint off after repeated failures, with a notice and an audit entry", async () => {
    const { subscription } = await subscribe(["message.created"]);
    plan = Array(50).fill(500);
    const v = await visitor(s.url, channelId, { name: "Failing" });
    const convId = (await v.post("/api/widget/messages", { content: "one" })).body.conversationId;
    await v.post("/api/widget/messages", { conversationId: convId, content: "two" });
    // 2 deliveries × 3 attempts ≥ 4 consecutive failures.
    await waitFor(async () => {
      const list = (await admin.get("/api/webhooks")).body.items;
      return list.find((x: { id: string }) => x.id === subscription.id)?.enabled === false;
    }, 15_000);
    const sub = (await admin.get("/api/webhooks")).body.items.find((x: { id: string }) => x.id === subscription.id);
    expect(sub.disabledReason).toMatch(/failed deliveries in a row/);
    expect(sub.disabledAt).not.toBeNull();
    const audit = await admin.get(`/api/audit-log?action=webhook.auto_disabled&targetId=${subscription.id}`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].actor.type).toBe("system");
    // Nothing further is sent while off; turning it on clears the notice.
    await waitFor(async () => (await deliveries(subscription.id)).every((d) => d.state !== "pending"));
    plan = [];
    // A second, healthy subscription is the witness: once it has "three", the off one would have too.
    const witness = await subscribe(["message.created"]);
    await v.post("/api/widget/messages", { conversationId: convId, content: "three" });
    await waitFor(async () => (await deliveries(witness.subscription.id)).some((d) => d.state === "succeeded"));
    expect((await deliveries(subscription.id)).some((d) => d.requestBody.includes('"three"'))).toBe(false);
    await admin.del(`/api/webhooks/${witness.subscription.id}`);
    const on = await admin.patch(`/api/webhooks/${subscription.id}`, { enabled: true });
    expect(on.body.subscription).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
  });

  it("also turns an endpoint off when every attempt failed for 24 hours, whatever the count", async () => {
    const { subscription } = await subscribe(["contact.updated"]);
    // A run of failures that began a day ago (one failure so far: far below the count threshold).
    await s.ctx.database.executeSql(
      "update webhook_subscriptions set consecutive_failures = 1, failing_since = now() - interval '25 hours' where id = $1",
      [subscription.id],
    );
    plan = [500, 500, 500];
    const v = await visitor(s.url, channelId, { name: "Day Long" });
    const convId = (await v.post("/api/widget/messages", { content: "hi" })).body.conversationId;
    const contactId = (await admin.get(`/api/conversations/${convId}`)).body.contact.id;
    await admin.patch(`/api/contacts/${contactId}`, { notes: "x" });
    await waitFor(async () => {
      const list = (await admin.get("/api/webhooks")).body.items;
      return list.find((x: { id: string }) => x.id === subscription.id)?.enabled === false;
    }, 15_000);
    const sub = (await admin.get("/api/webhooks")).body.items.find((x: { id: string }) => x.id === subscription.id);
    expect(sub.disabledReason).toMatch(/24 hours/);
    plan = [];
    await admin.del(`/api/webhooks/${subscription.id}`);
  });

  it("validates input: bad URLs and unknown events are 400s, unknown ids 404", async () => {
    expect(
      (await admin.post("/api/webhooks", { name: "x", url: "ftp://x.test", events: ["message.created"] })).status,
    ).toBe(400);
    expect((await admin.post("/api/webhooks", { name: "x", url: hookUrl, events: ["nope"] })).status).toBe(400);
    expect(
      (await admin.post("/api/webhooks", { name: "x\u0000", url: hookUrl, events: ["message.created"] })).status,
    ).toBe(400);
    expect((await admin.patch(`/api/webhooks/${crypto.randomUUID()}`, { enabled: false })).status).toBe(404);
    expect((await admin.post(`/api/webhook-deliveries/${crypto.randomUUID()}/redeliver`)).status).toBe(404);
  });
});
