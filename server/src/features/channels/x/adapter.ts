import crypto from "node:crypto";
import { toPlainText, xSecretsSchema, xSettingsSchema } from "@switchboard/contracts";
import type { z } from "zod";
import type { ChannelAdapter, ChannelConfig, ErrorClass, OutboundMessage, ProviderAdapter } from "../adapter";
import { safeEqual, sha256Hex } from "../meta-signature";
import { genericRetryable, ProviderError, providerFetch, providerJson } from "../provider-http";
import { type PlannedPart, sendParts } from "../send-parts";
import { parseX, xAccountIds, xEventIds, xOrderingKey, xSummary } from "./parse";

type Settings = z.infer<typeof xSettingsSchema>;
type Cfg = ChannelConfig<Settings>;

/** Account Activity API: "sha256=" + base64 HMAC-SHA256 keyed with the app's consumer secret (CRC and POST bodies). */
export function xSignature(consumerSecret: string, data: string | Buffer): string {
  return `sha256=${crypto.createHmac("sha256", consumerSecret).update(data).digest("base64")}`;
}

export function verifyXSignature(consumerSecret: string | undefined, raw: Buffer, header: unknown): boolean {
  if (!consumerSecret || typeof header !== "string") return false;
  return safeEqual(xSignature(consumerSecret, raw), header.trim());
}

/**
 * X's error bodies: v2 problems `{title, detail, type, status}`, or `{errors:[{message, code}]}`.
 * A 429 says when the window resets in `x-rate-limit-reset` (epoch seconds).
 */
function xError(headers: Headers) {
  return (status: number, body: any): { message: string; code?: string; retryAfterMs?: number } => {
    const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
    const message = String(
      body?.detail ??
        first?.message ??
        first?.detail ??
        body?.title ??
        (typeof body === "string" && body ? body : `HTTP ${status}`),
    );
    const code = first?.code !== undefined ? String(first.code) : undefined;
    const reset = Number(headers.get("x-rate-limit-reset"));
    const retryAfterMs = status === 429 && reset > 0 ? Math.max(0, Math.round(reset * 1000 - Date.now())) : undefined;
    return { message, code, retryAfterMs };
  };
}

const auth = (c: Cfg) => ({ authorization: `Bearer ${c.secrets.accessToken}` });

async function call<T>(c: Cfg, path: string, init: Parameters<typeof providerFetch>[1] = {}): Promise<T> {
  const res = await providerFetch(`${c.apiBase}/${path}`, {
    ...init,
    headers: { ...auth(c), ...(init.headers ?? {}) },
  });
  return providerJson<T>(res, xError(res.headers));
}

type SendResult = { dm_conversation_id?: string; dm_event_id?: string };
type Upload = {
  data?: {
    id?: string;
    media_key?: string;
    processing_info?: { state?: string; check_after_secs?: number; error?: { message?: string } };
  };
};

const CHUNK_BYTES = 1024 * 1024;
const mediaCategory = (contentType: string) =>
  contentType === "image/gif" ? "dm_gif" : contentType.startsWith("video/") ? "dm_video" : "dm_image";

/**
 * X API v2 media upload (docs.x.com "Media upload"): initialize (type, size, category) -> append the
 * bytes in chunks -> finalize; videos and GIFs may then process asynchronously, polled with STATUS
 * (bounded). Returns the media id a DM's `attachments: [{media_id}]` takes.
 */
async function uploadMedia(c: Cfg, a: OutboundMessage["attachments"][number]): Promise<string> {
  const init = await call<Upload>(c, "2/media/upload/initialize", {
    json: { media_type: a.contentType, total_bytes: a.bytes.length, media_category: mediaCategory(a.contentType) },
  });
  const id = init?.data?.id;
  if (!id) throw new ProviderError("X did not return a media id for the upload", { status: 200, code: "no_media_id" });
  for (let offset = 0, segment = 0; offset < a.bytes.length; offset += CHUNK_BYTES, segment++) {
    const form = new FormData();
    form.append("segment_index", String(segment));
    form.append("media", new Blob([new Uint8Array(a.bytes.subarray(offset, offset + CHUNK_BYTES))]), a.fileName);
    await call<unknown>(c, `2/media/upload/${encodeURIComponent(id)}/append`, { method: "POST", body: form });
  }
  let info = (await call<Upload>(c, `2/media/upload/${encodeURIComponent(id)}/finalize`, { method: "POST" }))?.data
    ?.processing_info;
  for (let polls = 0; info && (info.state === "pending" || info.state === "in_progress"); polls++) {
    if (polls >= 20)
      throw new ProviderError("X is still processing the media; try again later", { status: 503, code: "processing" });
    await new Promise((r) => setTimeout(r, Math.min(10, Math.max(1, info?.check_after_secs ?? 1)) * 1000));
    info = (await call<Upload>(c, `2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}`))?.data
      ?.processing_info;
  }
  if (info?.state === "failed")
    throw new ProviderError(`X could not process ${a.fileName}: ${info.error?.message ?? "media processing failed"}`, {
      status: 400,
      code: "media_failed",
    });
  return id;
}

/**
 * One DM per attachment (a DM carries one media item); the text rides with the first one, or goes
 * alone. The first DM stands for the message.
 */
function plan(c: Cfg, m: OutboundMessage): PlannedPart[] {
  const dm = async (body: { text?: string; attachments?: { media_id: string }[] }) => {
    const r = await call<{ data?: SendResult } & SendResult>(
      c,
      `2/dm_conversations/with/${encodeURIComponent(m.to)}/messages`,
      { json: body },
    );
    // The reference page shows the bare object, the OpenAPI spec wraps it in `data`: accept both.
    const id = r?.data?.dm_event_id ?? r?.dm_event_id;
    if (!id)
      throw new ProviderError("X accepted the message but returned no dm_event_id", {
        status: 200,
        code: "no_event_id",
        body: r,
      });
    return String(id);
  };
  // X DMs show no formatting: Markdown markers stripped, links as "text (url)".
  const text = toPlainText(m.text);
  if (!m.attachments.length) return text.trim() ? [{ kind: "text", text, send: () => dm({ text }) }] : [];
  return m.attachments.map((a, i) => {
    const own = i === 0 && text.trim() ? text : "";
    return {
      kind: "attachment",
      ...(own ? { text: own } : {}),
      send: async () => dm({ ...(own ? { text: own } : {}), attachments: [{ media_id: await uploadMedia(c, a) }] }),
    };
  });
}

function classify(e: ProviderError): ErrorClass {
  const status = e.info.status;
  const code = e.info.code ?? (e.info.timeout ? "timeout" : String(status ?? "network"));
  if (status === 401)
    return {
      retryable: false,
      code,
      message: "X refused the access token (expired or revoked): reconnect the channel.",
      reauth: true,
    };
  if (status === 429)
    return {
      retryable: true,
      code,
      message: "X's rate limit was reached (200 DMs per 15 minutes per account); retrying.",
      retryAfterMs: e.info.retryAfterMs,
    };
  if (status === 403)
    return {
      retryable: false,
      code,
      message: `X refused the message: ${e.message.replace(/\.?$/, ".")} The customer may not accept DMs from this account, or has blocked it.`,
    };
  if (["account_mismatch", "no_event_id", "no_media_id", "media_failed"].includes(code))
    return { retryable: false, code, message: e.message };
  return { retryable: genericRetryable(e), code, message: e.message, retryAfterMs: e.info.retryAfterMs };
}

const me = (c: Cfg) => call<{ data?: { id?: string; username?: string; name?: string } }>(c, "2/users/me");

const provider: ProviderAdapter<Settings> = {
  accountId: (s) => s.userId,
  sandboxSetup: () => ({
    settings: {
      userId: String(1 + crypto.randomInt(9)) + Array.from({ length: 18 }, () => crypto.randomInt(10)).join(""),
      username: "sandbox_support",
    },
    secrets: {
      consumerSecret: crypto.randomBytes(24).toString("base64url"),
      accessToken: `xsandbox-${crypto.randomBytes(18).toString("base64url")}`,
    },
  }),
  webhook: {
    path: "x",
    // CRC: stateless, so X may check as often as it likes. Several channels can share one X app (one
    // consumer secret), so the first channel's answer is right for all of them.
    challenge: (req, c) => {
      const token = req.query.crc_token;
      if (typeof token !== "string" || !token || !c.secrets.consumerSecret) return null;
      return {
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({ response_token: xSignature(c.secrets.consumerSecret, token) }),
      };
    },
    accountIds: xAccountIds,
    verify: (req, c) =>
      verifyXSignature(c.secrets.consumerSecret, req.rawBody, req.headers["x-twitter-webhooks-signature"]),
    // The DM event ids (scoped to the receiving account: two of our accounts may both receive one
    // event); read receipts and typing carry no id, so the signed bytes are their identity.
    eventKey: (p, raw) => {
      const ids = xEventIds(p);
      return ids.length ? `${xAccountIds(p)[0] ?? ""}:${ids.join(",")}` : sha256Hex(raw);
    },
    orderingKey: xOrderingKey,
    summarize: xSummary,
  },
  parse: (payload, c) => parseX(payload, c.settings.userId),
  send: (c, m, progress) => sendParts(plan(c, m), progress, "first"),
  sendEvidence: { kind: "echo", graceMs: 2 * 60_000 },
  fetchMedia: async (c, ref) => {
    if (!ref.url) throw new ProviderError("The X media reference has no URL", { status: 404 });
    const res = await providerFetch(ref.url, { headers: auth(c), timeoutMs: 30_000 });
    if (!res.ok) throw new ProviderError(`Media download failed with HTTP ${res.status}`, { status: res.status });
    const name = decodeURIComponent(new URL(ref.url).pathname.split("/").pop() ?? "");
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      contentType:
        res.headers.get("content-type") ?? ref.mimeType ?? (ref.kind === "video" ? "video/mp4" : "image/jpeg"),
      fileName: ref.fileName ?? (name.includes(".") ? name : undefined),
    };
  },
  // X has no customer-service window: DMs are open as long as the customer accepts them.
  replyWindow: () => ({ open: true, closesAt: null, rule: "none", templatesOnly: false }),
  classifyError: classify,
  connect: async (c) => {
    const r = await me(c);
    const id = r?.data?.id ? String(r.data.id) : "";
    if (id !== c.settings.userId)
      throw new ProviderError(
        `The access token belongs to user id ${id || "(none)"}${r?.data?.username ? ` (@${r.data.username})` : ""}, not to user id ${c.settings.userId}`,
        { status: 200, code: "account_mismatch", body: r },
      );
    return r.data?.username ? { username: String(r.data.username) } : {};
  },
  test: async (c) => {
    const r = await me(c);
    return `Connected to @${r?.data?.username ?? c.settings.username ?? "?"} (id ${r?.data?.id ?? "?"})`;
  },
  // X allows 200 DM requests per 15 minutes per user (and 15,000 / 24 h per app). One per second keeps
  // bursts gentle; a longer burst gets a 429 whose reset time the retry honours.
  rateLimits: () => ({ perSecond: 1 }),
};

export const xAdapter: ChannelAdapter<Settings> = {
  type: "x",
  label: "X",
  settingsSchema: xSettingsSchema,
  secretsSchema: xSecretsSchema,
  generateSecrets: () => ({}),
  snippet: () => null,
  delivery: "job",
  // DM media (one per DM, uploaded first): images 5 MB, GIFs 15 MB, MP4 video 512 MB.
  capabilities: {
    text: { maxLength: 10_000 },
    attachments: {
      types: [
        ...["image/jpeg", "image/png", "image/webp"].map((type) => ({ type, maxBytes: 5 * 1024 * 1024 })),
        { type: "image/gif", maxBytes: 15 * 1024 * 1024 },
        { type: "video/mp4", maxBytes: 512 * 1024 * 1024 },
      ],
      maxPerMessage: 4,
    },
    templates: false,
    replyWindow: "none",
    typing: false,
    readReceipts: true,
    edits: false,
    survey: "text",
  },
  provider,
};
