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
  const uploads = new Map<
    string,
    {
      owner: string;
      type: string;
      total: number;
      fileName: string;
      chunks: Map<number, Buffer>;
      finalized: boolean;
      /** Videos and GIFs process after finalize: ready after one STATUS check, like X's async finalize. */
      processing: boolean;
      bytes: () => Buffer;
    }
  >();
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

  function dmEvent(
    a: FakeAccount,
    from: string,
    to: string,
    customer: string,
    text: string,
    id = eventId(),
    attachment?: Record<string, unknown>,
  ) {
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
              message_data: {
                text,
                entities: { hashtags: [], symbols: [], urls: [], user_mentions: [] },
                ...(attachment ? { attachment } : {}),
              },
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
    const attachments: unknown[] = Array.isArray(req.body?.attachments) ? req.body.attachments : [];
    if (attachments.length > 1)
      return void res.status(400).json(problem(400, "Invalid Request", "A DM takes at most one attachment."));
    const mediaId = attachments.length ? String((attachments[0] as { media_id?: unknown })?.media_id ?? "") : null;
    const upload = mediaId === null ? null : uploads.get(mediaId);
    if (mediaId !== null && (!upload || upload.owner !== a.accountId || !upload.finalized || upload.processing))
      return void res
        .status(400)
        .json(
          problem(400, "Invalid Request", `The media_id ${mediaId} is not an uploaded, finalized media of this user.`),
        );
    if (!text && !upload)
      return void res.status(400).json({
        ...problem(400, "Invalid Request", "One or more parameters to your request was invalid."),
        type: "https://api.twitter.com/2/problems/invalid-request",
        errors: [{ parameters: { text: [] }, message: "text or attachments is required" }],
      });
    if (to === a.accountId)
      return void res.status(403).json(problem(403, "Forbidden", "You cannot send messages to yourself."));
    const id = eventId();
    const conversationId = [a.accountId, to].sort().join("-");
    state.add(a.accountId, to, {
      id,
      from: "business",
      text,
      status: "sent",
      ...(upload ? { attachments: [{ fileName: upload.fileName, contentType: upload.type }] } : {}),
    });
    const result = { dm_conversation_id: conversationId, dm_event_id: id };
    res.status(201).json(options.wrapResponse === false ? result : { data: result });
    // X tells the subscribed account about the DMs it sends too; media shows as a t.co link in the text.
    let attachment: Record<string, unknown> | undefined;
    let echoed = text;
    if (upload && mediaId) {
      const path = `/media/${mediaId}/${encodeURIComponent(upload.fileName)}`;
      media.set(mediaId, { bytes: upload.bytes(), type: upload.type, token: a.secrets.accessToken ?? "" });
      const link = `https://t.co/${randomDigits(10)}`;
      echoed = [text, link].filter(Boolean).join(" ");
      attachment = {
        type: "media",
        media: {
          id: Number(mediaId),
          id_str: mediaId,
          type: upload.type.startsWith("video/") ? "video" : upload.type === "image/gif" ? "animated_gif" : "photo",
          media_url_https: `${req.protocol}://${req.get("host")}${req.baseUrl}${path}`,
          url: link,
        },
      };
    }
    if (options.echo !== false)
      setTimeout(() => void webhook(a, dmEvent(a, a.accountId, to, to, echoed, id, attachment).body), 30);
  });

  // Media upload (X API v2): initialize -> append chunks -> finalize -> (status). Media belongs to the uploader.
  router.post("/2/media/upload/initialize", express.json(), async (req, res) => {
    state.record("POST", req.path, req.body);
    const a = await byToken(req);
    if (!a) return void deny(res);
    const failure = state.takeFailure();
    if (failure)
      return void res
        .status(failure.status)
        .set(failure.headers ?? {})
        .json(failure.body);
    const { media_type: type, total_bytes: total, media_category: category } = req.body ?? {};
    if (typeof type !== "string" || !Number.isInteger(total) || total <= 0)
      return void res.status(400).json(problem(400, "Invalid Request", "media_type and total_bytes are required"));
    if (
      category !== undefined &&
      !["dm_image", "dm_gif", "dm_video", "tweet_image", "tweet_gif", "tweet_video"].includes(category)
    )
      return void res.status(400).json(problem(400, "Invalid Request", `Unknown media_category ${category}`));
    const id = `19${randomDigits(17)}`;
    const chunks = new Map<number, Buffer>();
    uploads.set(id, {
      owner: a.accountId,
      type,
      total,
      fileName: "media",
      chunks,
      finalized: false,
      processing: false,
      bytes: () => Buffer.concat([...chunks.entries()].sort((x, y) => x[0] - y[0]).map(([, b]) => b)),
    });
    res.json({ data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } });
  });

  router.post(
    "/2/media/upload/:id/append",
    express.raw({ type: "multipart/form-data", limit: "10mb" }),
    async (req, res) => {
      const a = await byToken(req);
      if (!a) return void deny(res);
      const u = uploads.get(String(req.params.id));
      if (!u || u.owner !== a.accountId || u.finalized)
        return void res.status(400).json(problem(400, "Invalid Request", "Unknown or finalized media id"));
      const form = await new Request("http://x", {
        method: "POST",
        headers: { "content-type": String(req.headers["content-type"]) },
        body: req.body,
      }).formData();
      const segment = Number(form.get("segment_index"));
      const chunk = form.get("media");
      state.record("POST", req.path, { segment_index: segment, size: chunk instanceof File ? chunk.size : null });
      if (!Number.isInteger(segment) || segment < 0 || !(chunk instanceof File))
        return void res.status(400).json(problem(400, "Invalid Request", "segment_index and media are required"));
      u.chunks.set(segment, Buffer.from(await chunk.arrayBuffer()));
      if (chunk.name) u.fileName = chunk.name;
      res.json({ data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } });
    },
  );

  router.post("/2/media/upload/:id/finalize", async (req, res) => {
    state.record("POST", req.path, null);
    const a = await byToken(req);
    if (!a) return void deny(res);
    const id = String(req.params.id);
    const u = uploads.get(id);
    if (!u || u.owner !== a.accountId)
      return void res.status(400).json(problem(400, "Invalid Request", "Unknown media id"));
    const size = u.bytes().length;
    if (size !== u.total)
      return void res
        .status(400)
        .json(problem(400, "Invalid Request", `Uploaded ${size} bytes, initialized with total_bytes ${u.total}`));
    u.finalized = true;
    u.processing = u.type.startsWith("video/") || u.type === "image/gif";
    res.json({
      data: {
        id,
        media_key: `3_${id}`,
        size,
        expires_after_secs: 86400,
        ...(u.processing ? { processing_info: { state: "pending", check_after_secs: 1 } } : {}),
      },
    });
  });

  router.get("/2/media/upload", async (req, res) => {
    const a = await byToken(req);
    if (!a) return void deny(res);
    const id = String(req.query.media_id ?? "");
    const u = uploads.get(id);
    state.record("GET", req.path, { command: req.query.command, media_id: id });
    if (req.query.command !== "STATUS" || !u || u.owner !== a.accountId)
      return void res.status(400).json(problem(400, "Invalid Request", "Unknown media id"));
    const ready = u.finalized;
    u.processing = false;
    res.json({
      data: {
        id,
        media_key: `3_${id}`,
        processing_info: ready
          ? { state: "succeeded", progress_percent: 100 }
          : { state: "pending", check_after_secs: 1 },
      },
    });
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
      state.add(a.accountId, customer.id, { id, from: "customer", text, status: "sent" });
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
      for (let i = 0; i < n; i++) state.failures.push({ ...failure, skip: i === 0 ? failure.skip : 0 });
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
