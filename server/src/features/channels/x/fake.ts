import crypto from "node:crypto";
import express, { type Request, type Response } from "express";
import { FakeState, postWebhook, randomDigits } from "../sandbox/fake-state";
import type { FakeAccount, ProviderFake } from "../sandbox/types";
import { xSignature } from "./adapter";

export interface XFakeOptions {
  accounts: () => Promise<FakeAccount[]>;
  /** Answer DM sends with `{data:{…}}` (default, like other v2 endpoints) or the bare `{dm_conversation_id, dm_event_id}`. */
  wrapResponse?: boolean;
  /** Emit the `message_create` webhook X sends for our own account's messages (default true). */
  echo?: boolean;
}

export type XFake = ProviderFake & {
  /** Mutable: tests switch the send response shape or echoes at run time. */
  options: XFakeOptions;
  /** Calls our GET CRC endpoint like X does and checks the answer. */
  crc(account: FakeAccount, token?: string): Promise<{ ok: boolean; status: number; responseToken: string | null }>;
  /** Someone types a DM to the customer in the X app itself: X sends us the event as our account's message. */
  appSays(
    account: FakeAccount,
    customer: { id: string; name: string },
    text: string,
  ): Promise<{ externalId: string; status: number }>;
  /** Posts a correctly signed webhook with any payload fields (for_user_id is filled in). */
  rawWebhook(account: FakeAccount, fields: Record<string, unknown>): Promise<number>;
  /** Registers a file served at `<fake>/media/<id>/<fileName>` behind the account's bearer token; returns the path. */
  addMedia(account: FakeAccount, bytes: Buffer, contentType: string, fileName?: string): string;
};

const eventId = () => `18${randomDigits(17)}`;
const problem = (status: number, title: string, detail: string) => ({ title, detail, type: "about:blank", status });
const screenName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "")
    .slice(0, 15) || "customer";

/** An X API v2 + Account Activity API stand-in: DM send, users/me, media, signed webhooks and CRC. */
export function createXFake(opts: XFakeOptions): XFake {
  const options = opts;
  const state = new FakeState();
  const names = new Map<string, string>();
  const media = new Map<string, { bytes: Buffer; type: string; token: string }>();
  const router = express.Router();

  const byToken = async (req: Request) => {
    const auth = req.headers.authorization ?? "";
    return (await options.accounts()).find((a) => auth === `Bearer ${a.secrets.accessToken}`) ?? null;
  };
  const deny = (res: Response) =>
    res.status(401).json({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" });

  const user = (id: string, name: string) => ({ id, name, screen_name: screenName(name) });
  const ownUser = (a: FakeAccount) => ({
    id: a.accountId,
    name: "Support",
    screen_name: String(a.settings.username || "sandbox_support"),
  });

  function webhook(a: FakeAccount, fields: Record<string, unknown>) {
    const body = JSON.stringify({ for_user_id: a.accountId, ...fields });
    return postWebhook(a.webhookUrl, body, {
      "x-twitter-webhooks-signature": xSignature(a.secrets.consumerSecret ?? "", body),
    });
  }

  function dmEvent(a: FakeAccount, from: string, to: string, customer: string, text: string, id = eventId()) {
    const own = ownUser(a);
    return {
      id,
      body: {
        direct_message_events: [
          {
            type: "message_create",
            id,
            created_timestamp: String(Date.now()),
            message_create: {
              target: { recipient_id: to },
              sender_id: from,
              message_data: { text, entities: { hashtags: [], symbols: [], urls: [], user_mentions: [] } },
            },
          },
        ],
        users: {
          [customer]: user(customer, names.get(`${a.accountId}:${customer}`) ?? customer),
          [a.accountId]: own,
        },
      },
    };
  }

  router.post("/2/dm_conversations/with/:participantId/messages", express.json({ limit: "1mb" }), async (req, res) => {
    state.record("POST", req.path, req.body);
    const a = await byToken(req);
    if (!a) return void deny(res);
    const failure = state.takeFailure();
    if (failure)
      return void res
        .status(failure.status)
        .set(failure.headers ?? {})
        .json(failure.body);
    const to = String(req.params.participantId);
    const text = typeof req.body?.text === "string" ? req.body.text : "";
    if (!text && !Array.isArray(req.body?.attachments))
      return void res.status(400).json({
        ...problem(400, "Invalid Request", "One or more parameters to your request was invalid."),
        type: "https://api.twitter.com/2/problems/invalid-request",
        errors: [{ parameters: { text: [] }, message: "text or attachments is required" }],
      });
    if (to === a.accountId)
      return void res.status(403).json(problem(403, "Forbidden", "You cannot send messages to yourself."));
    const id = eventId();
    const conversationId = [a.accountId, to].sort().join("-");
    state.add(a.accountId, to, { id, from: "business", text, status: "sent" });
    const result = { dm_conversation_id: conversationId, dm_event_id: id };
    res.status(201).json(options.wrapResponse === false ? result : { data: result });
    // X tells the subscribed account about the DMs it sends too.
    if (options.echo !== false) setTimeout(() => void webhook(a, dmEvent(a, a.accountId, to, to, text, id).body), 30);
  });

  router.get("/2/users/me", async (req, res) => {
    const a = await byToken(req);
    state.record("GET", req.path, null);
    if (!a) return void deny(res);
    const own = ownUser(a);
    res.json({ data: { id: own.id, name: own.name, username: own.screen_name } });
  });

  router.get("/media/:id/:name", (req, res) => {
    const m = media.get(String(req.params.id));
    if (!m) return void res.status(404).json(problem(404, "Not Found Error", "Media not found"));
    if (req.headers.authorization !== `Bearer ${m.token}`) return void deny(res);
    res.type(m.type).send(m.bytes);
  });

  return {
    router,
    options,
    get calls() {
      return state.calls;
    },
    async customerSays(a, customer, text) {
      names.set(`${a.accountId}:${customer.id}`, customer.name);
      const { id, body } = dmEvent(a, customer.id, a.accountId, customer.id, text);
      state.add(a.accountId, customer.id, { id, from: "customer", text, status: "read" });
      return { externalId: id, status: await webhook(a, body) };
    },
    async appSays(a, customer, text) {
      names.set(`${a.accountId}:${customer.id}`, customer.name);
      const { id, body } = dmEvent(a, a.accountId, customer.id, customer.id, text);
      state.add(a.accountId, customer.id, { id, from: "business", text, status: "sent" });
      return { externalId: id, status: await webhook(a, body) };
    },
    async markRead(a, customerId) {
      const thread = state.thread(a.accountId, customerId);
      const ours = thread.filter((m) => m.from === "business" && m.status === "sent");
      if (!ours.length) return;
      for (const m of ours) m.status = "read";
      await webhook(a, {
        direct_message_mark_read_events: [
          {
            created_timestamp: String(Date.now()),
            sender_id: customerId,
            target: { recipient_id: a.accountId },
            last_read_event_id: ours[ours.length - 1]!.id,
          },
        ],
        users: { [customerId]: user(customerId, names.get(`${a.accountId}:${customerId}`) ?? customerId) },
      });
    },
    thread: (a, customerId) => state.thread(a.accountId, customerId),
    failNext(n, failure) {
      for (let i = 0; i < n; i++) state.failures.push(failure);
    },
    async crc(a, token = crypto.randomBytes(24).toString("base64url")) {
      const expected = xSignature(a.secrets.consumerSecret ?? "", token);
      try {
        const r = await fetch(`${a.webhookUrl}?crc_token=${encodeURIComponent(token)}`, {
          signal: AbortSignal.timeout(3000),
        });
        const body = (await r.json().catch(() => null)) as { response_token?: unknown } | null;
        const responseToken = typeof body?.response_token === "string" ? body.response_token : null;
        return { ok: r.status === 200 && responseToken === expected, status: r.status, responseToken };
      } catch {
        return { ok: false, status: 0, responseToken: null };
      }
    },
    rawWebhook: (a, fields) => webhook(a, fields),
    addMedia(a, bytes, contentType, fileName = "photo.jpg") {
      const id = randomDigits(12);
      media.set(id, { bytes, type: contentType, token: a.secrets.accessToken ?? "" });
      return `/media/${id}/${encodeURIComponent(fileName)}`;
    },
  };
}
