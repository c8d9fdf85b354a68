import crypto from "node:crypto";
import express, { type Request, type Response } from "express";
import { metaSignature } from "../meta-signature";
import { FakeState, postWebhook, randomDigits } from "../sandbox/fake-state";
import type { FakeAccount, ProviderFake } from "../sandbox/types";

export interface InstagramFakeOptions {
  accounts: () => Promise<FakeAccount[]>;
  /** Refuse messages outside the 24-hour window (7 days with the HUMAN_AGENT tag) like Instagram. Default true. */
  windowEnforced?: boolean;
  /** Public base URL of this fake, for the CDN links in webhooks (default: learned from requests). */
  mediaBase?: () => string;
}

type Item = Record<string, unknown>;

export interface InstagramFake extends ProviderFake {
  /** Any messaging item from the customer (attachments, story replies, reactions…); `standby` when another app owns the thread. */
  customerEvent(a: FakeAccount, item: Item, opts?: { standby?: boolean }): Promise<number>;
  /** Hosts a file on the fake CDN (what Instagram does with what customers send); returns its URL. */
  addMedia(a: FakeAccount, bytes: Buffer, contentType: string): string;
  /** Someone at the business answers from the Instagram app: only an echo reaches us. */
  businessRepliesFromApp(
    a: FakeAccount,
    customerId: string,
    text: string,
  ): Promise<{ externalId: string; status: number }>;
  /** Moves the customer's thread into the past (to test the messaging window). */
  backdate(a: FakeAccount, customerId: string, ms: number): void;
  /** What the User Profile API answers for a customer (set by customerSays from the display name). */
  setProfile(
    a: FakeAccount,
    customerId: string,
    profile: { name?: string | null; username?: string | null; avatar?: boolean; consent?: boolean },
  ): void;
  /** Files Instagram fetched from the URLs we sent. */
  downloads: { mid: string; url: string; bytes: Buffer; contentType: string }[];
}

const mid = () => `aWdfZAG1faXRlbToxOkl${crypto.randomBytes(24).toString("base64url")}`;
const graphErr = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: "IGApiException", code, ...extra, fbtrace_id: `Fake${randomDigits(8)}` },
});
const HOUR = 3600_000;

/** A profile picture for the fake CDN: the person's initials on a colour picked from their name. */
function avatarSvg(name: string): Buffer {
  const initials = name
    .replace(/^@/, "")
    .split(/[\s.]+/)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? "")
    .join("")
    .replace(/[<>&"']/g, "");
  const hue = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 7);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" fill="hsl(${hue} 55% 45%)"/><text x="48" y="60" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">${initials}</text></svg>`,
  );
}

/** An Instagram Messaging (Instagram Login) stand-in: Send API, profile, CDN media and signed webhooks with echoes. */
export function createInstagramFake(opts: InstagramFakeOptions): InstagramFake {
  const state = new FakeState();
  const cdn = new Map<string, { bytes: Buffer; type: string }>();
  const downloads: InstagramFake["downloads"] = [];
  const router = express.Router();
  // IGSID -> profile, per account: Instagram scopes ids to the business account.
  const profiles = new Map<
    string,
    { name: string | null; username: string | null; pic: string | null; consent?: boolean }
  >();
  let learnedBase: string | null = null;

  router.use((req, _res, next) => {
    learnedBase ??= `${req.protocol}://${req.get("host")}${req.baseUrl}`;
    next();
  });
  const cdnBase = (a: FakeAccount) =>
    opts.mediaBase?.() ?? learnedBase ?? a.webhookUrl.replace(/\/webhooks\/instagram$/, "/sandbox/instagram");
  const host = (a: FakeAccount, bytes: Buffer, type: string) => {
    const id = crypto.randomBytes(12).toString("hex");
    cdn.set(id, { bytes, type });
    return `${cdnBase(a)}/cdn/${id}?oh=${randomDigits(10)}`;
  };

  const accountFor = async (req: Request, id: string) => {
    const all = await opts.accounts();
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    return (
      (id === "me" ? all.find((a) => a.secrets.accessToken === token) : all.find((a) => a.accountId === id)) ?? null
    );
  };
  const authorized = (req: Request, a: FakeAccount) => req.headers.authorization === `Bearer ${a.secrets.accessToken}`;
  const deny = (res: Response) =>
    res.status(401).json(graphErr(190, "Invalid OAuth access token - Cannot parse access token"));

  async function webhook(a: FakeAccount, item: Item, standby = false) {
    const now = Date.now();
    const body = JSON.stringify({
      object: "instagram",
      entry: [{ id: a.accountId, time: now, [standby ? "standby" : "messaging"]: [{ timestamp: now, ...item }] }],
    });
    return postWebhook(a.webhookUrl, body, {
      "x-hub-signature-256": metaSignature(a.secrets.appSecret ?? "", Buffer.from(body)),
    });
  }

  const echo = (a: FakeAccount, to: string, message: Item) =>
    webhook(a, { sender: { id: a.accountId }, recipient: { id: to }, message: { ...message, is_echo: true } });

  router.get("/cdn/:id", (req, res) => {
    const m = cdn.get(String(req.params.id));
    if (!m) return void res.status(404).end();
    res.type(m.type).send(m.bytes);
  });

  router.post("/:version/:accountId/messages", express.json({ limit: "2mb" }), async (req, res) => {
    state.record("POST", req.path, req.body);
    const a = await accountFor(req, String(req.params.accountId));
    if (!a) return void res.status(400).json(graphErr(100, "Unsupported post request. Object does not exist"));
    if (!authorized(req, a)) return void deny(res);
    const failure = state.takeFailure();
    if (failure)
      return void res
        .status(failure.status)
        .set(failure.headers ?? {})
        .json(failure.body);
    const b = req.body ?? {};
    const to = b.recipient?.id ? String(b.recipient.id) : "";
    const text = typeof b.message?.text === "string" ? b.message.text : null;
    const att = b.message?.attachment;
    if (!to || (text === null && !att?.payload?.url))
      return void res.status(400).json(graphErr(100, "(#100) The parameter recipient or message is required"));
    if (b.tag !== undefined && (b.tag !== "HUMAN_AGENT" || b.messaging_type !== "MESSAGE_TAG"))
      return void res.status(400).json(graphErr(100, "(#100) Param tag must be HUMAN_AGENT with MESSAGE_TAG"));
    if (opts.windowEnforced !== false) {
      const last = state.lastCustomerMessage(a.accountId, to);
      const age = last ? Date.now() - last.getTime() : Number.POSITIVE_INFINITY;
      const allowed = age <= 24 * HOUR || (b.tag === "HUMAN_AGENT" && age <= 7 * 24 * HOUR);
      if (!allowed)
        return void res
          .status(400)
          .json(graphErr(10, "This message is sent outside of allowed window.", { error_subcode: 2018278 }));
    }
    const id = mid();
    let echoed: Item;
    if (att) {
      // Instagram fetches the file from the URL it was given, then serves its own copy.
      let file: { bytes: Buffer; type: string };
      try {
        const r = await fetch(String(att.payload.url), { signal: AbortSignal.timeout(10_000) });
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        file = { bytes: Buffer.from(await r.arrayBuffer()), type: r.headers.get("content-type") ?? "" };
      } catch {
        return void res
          .status(400)
          .json(graphErr(100, "(#100) Upload attachment failure.", { error_subcode: 2018047 }));
      }
      downloads.push({ mid: id, url: String(att.payload.url), bytes: file.bytes, contentType: file.type });
      state.add(a.accountId, to, {
        id,
        from: "business",
        text: `[${att.type}]`,
        status: "sent",
        attachments: [{ fileName: `${att.type}`, contentType: file.type }],
      });
      echoed = { mid: id, attachments: [{ type: att.type, payload: { url: host(a, file.bytes, file.type) } }] };
    } else {
      state.add(a.accountId, to, { id, from: "business", text: text ?? "", status: "sent" });
      echoed = { mid: id, text };
    }
    res.json({ recipient_id: to, message_id: id });
    setTimeout(() => void echo(a, to, echoed), 20);
  });

  router.get("/:version/:id", async (req, res) => {
    const id = String(req.params.id);
    const a = await accountFor(req, id);
    if (a) {
      if (!authorized(req, a)) return void deny(res);
      state.record("GET", req.path, null);
      return void res.json({ id: a.accountId, username: "sandbox.shop", name: "Sandbox Shop" });
    }
    // The User Profile API: an IGSID, with the token of the account it is scoped to.
    const all = await opts.accounts();
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    const owner = all.find((x) => x.secrets.accessToken === token);
    if (!owner) return void deny(res);
    state.record("GET", req.path, null);
    const p = profiles.get(`${owner.accountId}:${id}`);
    if (!p || p.consent === false || !state.lastCustomerMessage(owner.accountId, id))
      // Meta's answer before the person has messaged the business (no consent) or for an unknown id.
      return void res.status(400).json(graphErr(230, "(#230) User consent is required to access user profile"));
    // Graph answers the requested fields; a field that is not set is left out, not null.
    const fields = String(req.query.fields ?? "id").split(",");
    const all_: Record<string, string | null> = { name: p.name, username: p.username, profile_pic: p.pic };
    const out: Record<string, string> = {};
    for (const f of fields) if (all_[f]) out[f] = all_[f]!;
    res.json({ ...out, id });
  });

  function setProfile(
    a: FakeAccount,
    customerId: string,
    p: { name?: string | null; username?: string | null; avatar?: boolean; consent?: boolean },
  ) {
    const name = p.name?.trim() || null;
    const username =
      p.username ??
      (name
        ? `${
            name
              .normalize("NFKD")
              .replace(/[^\w\s.]/g, "")
              .trim()
              .toLowerCase()
              .replace(/\s+/g, ".")
              .slice(0, 24) || "user"
          }${randomDigits(2)}`
        : null);
    const pic = p.avatar ? host(a, avatarSvg(name ?? username ?? "?"), "image/svg+xml") : null;
    profiles.set(`${a.accountId}:${customerId}`, { name, username, pic, consent: p.consent });
  }

  return {
    router,
    get calls() {
      return state.calls;
    },
    downloads,
    async customerSays(a, customer, text) {
      const id = mid();
      // Instagram webhooks carry no name: the display name is what the profile API will answer.
      if (!profiles.has(`${a.accountId}:${customer.id}`))
        setProfile(a, customer.id, { name: customer.name, avatar: true });
      state.add(a.accountId, customer.id, { id, from: "customer", text, status: "sent" });
      const status = await webhook(a, {
        sender: { id: customer.id },
        recipient: { id: a.accountId },
        message: { mid: id, text },
      });
      return { externalId: id, status };
    },
    async customerEvent(a, item, o = {}) {
      const sender = (item.sender as { id?: string } | undefined)?.id;
      const m = item.message as { mid?: string; text?: string } | undefined;
      if (sender && m?.mid)
        state.add(a.accountId, sender, { id: m.mid, from: "customer", text: m.text ?? "[attachment]", status: "read" });
      return webhook(a, { recipient: { id: a.accountId }, ...item }, o.standby);
    },
    async markRead(a, customerId) {
      const ours = state.thread(a.accountId, customerId).filter((m) => m.from === "business" && m.status !== "failed");
      const last = ours[ours.length - 1];
      if (!last) return;
      for (const m of ours) m.status = "read";
      await webhook(a, { sender: { id: customerId }, recipient: { id: a.accountId }, read: { mid: last.id } });
    },
    thread: (a, customerId) => state.thread(a.accountId, customerId),
    failNext(n, failure) {
      for (let i = 0; i < n; i++) state.failures.push({ ...failure, skip: i === 0 ? failure.skip : 0 });
    },
    addMedia: (a, bytes, contentType) => host(a, bytes, contentType),
    setProfile,
    async businessRepliesFromApp(a, customerId, text) {
      const id = mid();
      state.add(a.accountId, customerId, { id, from: "business", text, status: "sent" });
      return { externalId: id, status: await echo(a, customerId, { mid: id, text }) };
    },
    backdate(a, customerId, ms) {
      for (const m of state.thread(a.accountId, customerId))
        m.at = new Date(new Date(m.at).getTime() - ms).toISOString();
    },
  };
}
