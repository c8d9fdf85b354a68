import crypto from "node:crypto";
import { type TemplateSend, whatsappSecretsSchema, whatsappSettingsSchema } from "@switchboard/contracts";
import type { z } from "zod";
import type { ChannelAdapter, ChannelConfig, ErrorClass, OutboundMessage, ProviderAdapter } from "../adapter";
import { graphError, metaWebhook } from "../meta-signature";
import { genericRetryable, ProviderError, providerFetch, providerJson } from "../provider-http";
import { parseWhatsApp, whatsappAccountIds, whatsappOrderingKey, whatsappSplit, whatsappSummary } from "./parse";

type Settings = z.infer<typeof whatsappSettingsSchema>;
type Cfg = ChannelConfig<Settings>;
const DAY = 24 * 3600 * 1000;

const auth = (c: Cfg) => ({ authorization: `Bearer ${c.secrets.accessToken}` });
const call = async <T>(c: Cfg, path: string, init: Parameters<typeof providerFetch>[1] = {}) =>
  providerJson<T>(
    await providerFetch(`${c.apiBase}/${path}`, { ...init, headers: { ...auth(c), ...(init.headers ?? {}) } }),
    graphError,
  );

function templatePayload(t: TemplateSend) {
  const components: unknown[] = [];
  if (t.headerParameters.length)
    components.push({ type: "header", parameters: t.headerParameters.map((text) => ({ type: "text", text })) });
  if (t.bodyParameters.length)
    components.push({ type: "body", parameters: t.bodyParameters.map((text) => ({ type: "text", text })) });
  return { name: t.name, language: { policy: "deterministic", code: t.language }, components };
}

const mediaType = (contentType: string) =>
  contentType.startsWith("image/")
    ? "image"
    : contentType.startsWith("video/")
      ? "video"
      : contentType.startsWith("audio/")
        ? "audio"
        : "document";

async function send(c: Cfg, m: OutboundMessage) {
  const base = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: m.to,
    ...(m.replyTo ? { context: { message_id: m.replyTo } } : {}),
  };
  const post = (body: object) =>
    call<{ messages?: { id: string }[] }>(c, `${c.settings.phoneNumberId}/messages`, { json: { ...base, ...body } });
  let last: { messages?: { id: string }[] } | undefined;
  if (m.template) last = await post({ type: "template", template: templatePayload(m.template) });
  else {
    let caption = m.text;
    for (const a of m.attachments) {
      // Media is uploaded to Meta first: our attachment URLs are not public.
      const form = new FormData();
      form.append("messaging_product", "whatsapp");
      form.append("type", a.contentType);
      form.append("file", new Blob([new Uint8Array(a.bytes)], { type: a.contentType }), a.fileName);
      const up = await call<{ id: string }>(c, `${c.settings.phoneNumberId}/media`, { method: "POST", body: form });
      const type = mediaType(a.contentType);
      const media: Record<string, string> = { id: up.id };
      if (caption && type !== "audio") {
        media.caption = caption;
        caption = "";
      }
      if (type === "document") media.filename = a.fileName;
      last = await post({ type, [type]: media });
    }
    if (caption) last = await post({ type: "text", text: { preview_url: false, body: caption } });
  }
  const id = last?.messages?.[0]?.id;
  if (!id)
    throw new ProviderError("WhatsApp accepted the request but returned no message id", { status: 200, body: last });
  return { externalId: id };
}

/** Meta's codes: which are worth retrying, and what to tell the agent. */
function classify(e: ProviderError): ErrorClass {
  const code = e.info.code ?? (e.info.timeout ? "timeout" : String(e.info.status ?? "network"));
  const known: Record<string, string> = {
    "131047": "More than 24 hours have passed since the customer last wrote: only a template can be sent.",
    "131026": "The message could not be delivered (the number may not be on WhatsApp, or has blocked you).",
    "131050": "The customer has stopped marketing messages from you.",
    "131051": "WhatsApp does not support this message type.",
    "132000": "The template's parameter count does not match.",
    "132001": "The template does not exist in this language (or is not approved).",
    "131009": "A parameter value is not valid.",
    "190": "The access token is invalid or expired: reconnect the channel.",
    "130429": "WhatsApp's throughput limit was reached; retrying.",
    "131056": "Too many messages to this customer in a short time; retrying.",
    "131049": "Meta chose not to deliver this message now (per-user marketing limit).",
  };
  const retryable =
    ["130429", "131056", "80007"].includes(code) ||
    (!["131047", "190"].includes(code) && genericRetryable(e) && e.info.status !== 401);
  return {
    retryable,
    code,
    message: known[code] ?? e.message,
    retryAfterMs: e.info.retryAfterMs,
    reauth: code === "190" || e.info.status === 401,
  };
}

const provider: ProviderAdapter<Settings> = {
  accountId: (s) => s.phoneNumberId,
  matchesAccount: (s, id) => id === s.phoneNumberId || id === `waba:${s.wabaId}`,
  sandboxSetup: () => ({
    settings: {
      phoneNumberId: String(100000000000000 + crypto.randomInt(1e9)),
      wabaId: String(200000000000000 + crypto.randomInt(1e9)),
      displayPhoneNumber: "+1 555 0100",
    },
    secrets: {
      accessToken: `EAAsandbox${crypto.randomBytes(16).toString("hex")}`,
      appSecret: crypto.randomBytes(16).toString("hex"),
    },
  }),
  webhook: metaWebhook({
    path: "whatsapp",
    accountIds: whatsappAccountIds,
    orderingKey: whatsappOrderingKey,
    summarize: whatsappSummary,
    split: whatsappSplit,
  }),
  parse: (payload) => parseWhatsApp(payload),
  send,
  fetchMedia: async (c, ref) => {
    const meta = await call<{ url: string; mime_type?: string }>(c, encodeURIComponent(ref.id ?? ""));
    const res = await providerFetch(meta.url, { headers: auth(c), timeoutMs: 30_000 });
    if (!res.ok) throw new ProviderError(`Media download failed with HTTP ${res.status}`, { status: res.status });
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      contentType: meta.mime_type ?? ref.mimeType ?? "application/octet-stream",
      fileName: ref.fileName,
    };
  },
  replyWindow: (last, _s, now = new Date()) => {
    const closesAt = last ? new Date(last.getTime() + DAY) : null;
    return { open: !!closesAt && closesAt > now, closesAt, rule: "24h", templatesOnly: true };
  },
  classifyError: classify,
  connect: async (c) => {
    const info = await call<{ display_phone_number?: string }>(
      c,
      `${c.settings.phoneNumberId}?fields=display_phone_number,verified_name`,
    );
    return info.display_phone_number ? { displayPhoneNumber: info.display_phone_number } : {};
  },
  test: async (c) => {
    const info = await call<{ display_phone_number?: string; verified_name?: string }>(
      c,
      `${c.settings.phoneNumberId}?fields=display_phone_number,verified_name`,
    );
    return `Connected to ${info.verified_name ?? "WhatsApp"} ${info.display_phone_number ?? ""}`.trim();
  },
  rateLimits: (s) => ({ perSecond: s.messagesPerSecond }),
  listTemplates: async (c) => {
    const out = [];
    let path: string | null = `${c.settings.wabaId}/message_templates?limit=100`;
    for (let page = 0; path && page < 20; page++) {
      const r: { data?: any[]; paging?: { next?: string } } = await call(c, path);
      for (const t of r.data ?? []) {
        out.push({
          externalId: String(t.id),
          name: String(t.name),
          language: String(t.language),
          category: t.category ?? null,
          status: String(t.status),
          parameterFormat: String(t.parameter_format ?? "POSITIONAL"),
          components: t.components ?? [],
          qualityScore: t.quality_score?.score ?? null,
        });
      }
      const next = r.paging?.next;
      path = next ? next.replace(/^.*?\/v\d+\.\d+\//, "") : null;
    }
    return out;
  },
};

export const whatsappAdapter: ChannelAdapter<Settings> = {
  type: "whatsapp",
  label: "WhatsApp",
  settingsSchema: whatsappSettingsSchema,
  secretsSchema: whatsappSecretsSchema,
  generateSecrets: () => ({ verifyToken: crypto.randomBytes(18).toString("base64url") }),
  snippet: () => null,
  delivery: "job",
  provider,
};
