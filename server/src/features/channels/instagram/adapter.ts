import crypto from "node:crypto";
import { instagramSecretsSchema, instagramSettingsSchema, toPlainText } from "@switchboard/contracts";
import type { z } from "zod";
import type {
  ChannelAdapter,
  ChannelConfig,
  ErrorClass,
  OutboundMessage,
  ProviderAdapter,
  ReplyWindow,
} from "../adapter";
import { graphError, metaWebhook } from "../meta-signature";
import { genericRetryable, ProviderError, providerFetch, providerJson } from "../provider-http";
import { SURVEY_OPTIONS, surveyButtonId } from "../survey-buttons";
import { type PlannedPart, sendParts } from "../send-parts";
import { instagramAccountIds, instagramOrderingKey, instagramSplit, instagramSummary, parseInstagram } from "./parse";

type Settings = z.infer<typeof instagramSettingsSchema>;
type Cfg = ChannelConfig<Settings>;
const HOUR = 3600 * 1000;
const STANDARD_WINDOW = 24 * HOUR;
const HUMAN_AGENT_WINDOW = 7 * 24 * HOUR;
const MEDIA_DOWNLOAD = "media_download";

const call = async <T>(c: Cfg, path: string, init: Parameters<typeof providerFetch>[1] = {}) =>
  providerJson<T>(
    await providerFetch(`${c.apiBase}/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${c.secrets.accessToken}`, ...(init.headers ?? {}) },
    }),
    graphError,
  );

const attachmentType = (contentType: string) =>
  contentType.startsWith("image/")
    ? "image"
    : contentType.startsWith("video/")
      ? "video"
      : contentType.startsWith("audio/")
        ? "audio"
        : "file";

/**
 * One outbound message may become several Instagram messages: one per attachment (Instagram fetches
 * the file from our signed, expiring link; it has no captions), then the text. The text part stands
 * for the message. Every part's id is recorded in PostgreSQL (message_parts), so the echoes Instagram
 * sends for them are recognised as ours by any process (reconcile-send.ts), and a retry resumes.
 */
function plan(c: Cfg, m: OutboundMessage): PlannedPart[] {
  const base = {
    recipient: { id: m.to },
    ...(m.humanAgentTag ? { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" } : {}),
  };
  const post = async (message: object) => {
    const r = await call<{ message_id?: string }>(c, `${encodeURIComponent(c.settings.accountId)}/messages`, {
      json: { ...base, message },
    });
    if (!r?.message_id)
      throw new ProviderError("Instagram accepted the request but returned no message id", { status: 200, body: r });
    return r.message_id;
  };
  const parts: PlannedPart[] = m.attachments.map((a) => ({
    kind: "attachment",
    send: () => post({ attachment: { type: attachmentType(a.contentType), payload: { url: a.publicUrl } } }),
  }));
  // Instagram shows no formatting: Markdown markers stripped, links as "text (url)".
  const text = toPlainText(m.text);
  // A CSAT survey offers its ratings as quick replies (their payload names the survey and rating).
  const quick = m.survey
    ? {
        quick_replies: SURVEY_OPTIONS.map((o) => ({
          content_type: "text",
          title: o.title.slice(0, 20),
          payload: surveyButtonId(m.survey!.id, o.rating),
        })),
      }
    : {};
  if (text.trim()) parts.push({ kind: "text", text, send: () => post({ text, ...quick }) });
  return parts;
}

/** Graph codes: rate limits and transient failures are retried; the window and bad tokens are not. */
function classify(e: ProviderError): ErrorClass {
  const code = e.info.code ?? (e.info.timeout ? "timeout" : String(e.info.status ?? "network"));
  const subcode = String(
    (e.info.body as { error?: { error_subcode?: unknown } } | undefined)?.error?.error_subcode ?? "",
  );
  const base = { code, retryAfterMs: e.info.retryAfterMs };
  if (code === "190" || (e.info.status === 401 && code !== MEDIA_DOWNLOAD))
    return {
      ...base,
      retryable: false,
      reauth: true,
      message: "The Instagram access token is invalid or expired: reconnect the channel.",
    };
  if (code === "10" || subcode === "2018278")
    return {
      ...base,
      retryable: false,
      message:
        "Instagram refused the message: it is outside the messaging window (24 hours after the customer's last message, 7 days with the human agent tag).",
    };
  if (["4", "17", "32", "613"].includes(code))
    return { ...base, retryable: true, message: "Instagram's rate limit was reached; retrying." };
  if (["1", "2"].includes(code) || genericRetryable(e))
    return { ...base, retryable: true, message: e.message || "Instagram is temporarily unavailable; retrying." };
  return { ...base, retryable: false, message: e.message };
}

function replyWindow(last: Date | null, s: Settings, now = new Date()): ReplyWindow {
  const rule = s.humanAgentTag ? "24h+human_agent" : "24h";
  if (!last) return { open: false, closesAt: null, rule, templatesOnly: false };
  const standardEnds = last.getTime() + STANDARD_WINDOW;
  if (!s.humanAgentTag)
    return { open: now.getTime() < standardEnds, closesAt: new Date(standardEnds), rule, templatesOnly: false };
  const closesAt = new Date(last.getTime() + HUMAN_AGENT_WINDOW);
  return {
    open: now < closesAt,
    closesAt,
    rule,
    templatesOnly: false,
    ...(now.getTime() >= standardEnds && now < closesAt ? { humanAgentTag: true } : {}),
  };
}

const profile = (c: Cfg) =>
  call<{ username?: string; name?: string; id?: string }>(
    c,
    `${encodeURIComponent(c.settings.accountId)}?fields=username,name`,
  );

const provider: ProviderAdapter<Settings> = {
  accountId: (s) => s.accountId,
  sandboxSetup: () => ({
    settings: { accountId: `1784${Array.from({ length: 13 }, () => crypto.randomInt(10)).join("")}` },
    secrets: {
      accessToken: `IGAAsandbox${crypto.randomBytes(16).toString("hex")}`,
      appSecret: crypto.randomBytes(16).toString("hex"),
    },
  }),
  webhook: metaWebhook({
    path: "instagram",
    accountIds: instagramAccountIds,
    orderingKey: instagramOrderingKey,
    summarize: instagramSummary,
    split: instagramSplit,
  }),
  parse: (payload, c) => parseInstagram(payload, c.settings.accountId),
  send: (c, m, progress) => sendParts(plan(c, m), progress, "last"),
  sendEvidence: { kind: "echo", graceMs: 2 * 60_000 },
  fetchMedia: async (_c, ref) => {
    // Attachment URLs are short-lived CDN links that need no token.
    // A refused or expired CDN link says nothing about our token (never "reconnect the channel").
    if (!ref.url) throw new ProviderError("The attachment has no URL", { status: 404, code: MEDIA_DOWNLOAD });
    const res = await providerFetch(ref.url, { timeoutMs: 30_000 });
    if (!res.ok)
      throw new ProviderError(`Media download failed with HTTP ${res.status}`, {
        status: res.status,
        code: MEDIA_DOWNLOAD,
      });
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      contentType: res.headers.get("content-type") ?? ref.mimeType ?? "application/octet-stream",
      fileName: ref.fileName,
    };
  },
  replyWindow,
  classifyError: classify,
  connect: async (c) => {
    await profile(c);
    return {};
  },
  test: async (c) => {
    const p = await profile(c);
    return `Connected to Instagram account ${p.username ? `@${p.username}` : c.settings.accountId}`;
  },
  rateLimits: () => ({ perSecond: 10 }),
};

export const instagramAdapter: ChannelAdapter<Settings> = {
  type: "instagram",
  label: "Instagram",
  settingsSchema: instagramSettingsSchema,
  secretsSchema: instagramSecretsSchema,
  generateSecrets: () => ({ verifyToken: crypto.randomBytes(18).toString("base64url") }),
  snippet: () => null,
  delivery: "job",
  // Send API attachment limits: images 8 MB; audio, video and files 25 MB.
  capabilities: {
    text: { maxLength: 1000 },
    attachments: {
      types: [
        ...["image/png", "image/jpeg", "image/gif"].map((type) => ({ type, maxBytes: 8 * 1024 * 1024 })),
        ...["video/mp4", "video/quicktime", "video/webm", "audio/aac", "audio/mp4", "audio/wav", "audio/mpeg"].map(
          (type) => ({ type, maxBytes: 25 * 1024 * 1024 }),
        ),
        { type: "application/pdf", maxBytes: 25 * 1024 * 1024 },
      ],
      maxPerMessage: 10,
    },
    templates: false,
    replyWindow: "24h+human_agent",
    typing: false,
    readReceipts: true,
    edits: true,
    survey: "quick_replies",
  },
  provider,
};
