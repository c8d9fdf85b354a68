import crypto from "node:crypto";
import { type TemplateSend, whatsappSecretsSchema, whatsappSettingsSchema } from "@switchboard/contracts";
import type { z } from "zod";
import type { ChannelAdapter, ChannelConfig, ErrorClass, OutboundMessage, ProviderAdapter } from "../adapter";
import { graphError, metaWebhook } from "../meta-signature";
import { genericRetryable, ProviderError, providerFetch, providerJson } from "../provider-http";
import { RESOLUTION_BUTTONS, RESOLUTION_PROMPT, resolutionButtonId } from "../resolution-buttons";
import { type PlannedPart, sendParts } from "../send-parts";
import { SURVEY_LIST_BUTTON, SURVEY_OPTIONS, surveyButtonId } from "../survey-buttons";
import { toWhatsApp } from "@switchboard/contracts";
import { auth, type Cfg, call, type Settings } from "./graph";
import { listWhatsAppTemplates, whatsappTemplates } from "./templates-api";
import { parseWhatsApp, whatsappAccountIds, whatsappOrderingKey, whatsappSplit, whatsappSummary } from "./parse";

const DAY = 24 * 3600 * 1000;
/** An interactive message's body holds at most 1024 characters (a plain text message 4096). */
const INTERACTIVE_BODY_MAX = 1024;

/** Reply buttons under `body` (type "interactive", interactive.type "button"): a tap comes back as button_reply. */
const resolutionButtons = (messageId: string, body: string) => ({
  type: "interactive",
  interactive: {
    type: "button",
    body: { text: body },
    action: {
      buttons: RESOLUTION_BUTTONS.map((b) => ({
        type: "reply",
        reply: { id: resolutionButtonId(messageId, b.helpful), title: b.title },
      })),
    },
  },
});

/**
 * The CSAT question as an interactive list (reply buttons take at most 3; a rating needs 5): the
 * customer opens "Rate us" and picks a row, which comes back as a list_reply with the row's id.
 */
const surveyList = (surveyId: string, body: string) => ({
  type: "interactive",
  interactive: {
    type: "list",
    body: { text: body.slice(0, INTERACTIVE_BODY_MAX) },
    action: {
      button: SURVEY_LIST_BUTTON,
      sections: [
        {
          title: "Your rating",
          rows: SURVEY_OPTIONS.map((o) => ({ id: surveyButtonId(surveyId, o.rating), title: o.title })),
        },
      ],
    },
  },
});

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

/**
 * The provider calls one message takes: a template, or each file (the text as the first caption
 * that can carry one), then the text if no file carried it. Every part carries our message id as
 * biz_opaque_callback_data, which WhatsApp echoes in that part's status webhooks: the evidence that
 * settles a send the process died in the middle of (see reconcile-send.ts).
 */
function plan(c: Cfg, m: OutboundMessage): PlannedPart[] {
  const base = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: m.to,
    biz_opaque_callback_data: m.id,
    ...(m.replyTo ? { context: { message_id: m.replyTo } } : {}),
  };
  const post = async (body: object) => {
    const r = await call<{ messages?: { id: string }[] }>(c, `${c.settings.phoneNumberId}/messages`, {
      json: { ...base, ...body },
    });
    const id = r?.messages?.[0]?.id;
    if (!id)
      throw new ProviderError("WhatsApp accepted the request but returned no message id", { status: 200, body: r });
    return id;
  };
  const template = m.template;
  if (template)
    return [{ kind: "template", send: () => post({ type: "template", template: templatePayload(template) }) }];
  if (m.survey) {
    const survey = m.survey;
    return [{ kind: "text", text: m.text, send: () => post(surveyList(survey.id, m.text)) }];
  }
  const parts: PlannedPart[] = [];
  // Agents write Markdown; WhatsApp has its own markers (*bold* _italic_ ~strike~ ```mono```).
  let caption = toWhatsApp(m.text);
  for (const a of m.attachments) {
    const type = mediaType(a.contentType);
    const own = caption && type !== "audio" ? caption : "";
    if (own) caption = "";
    parts.push({
      kind: "attachment",
      ...(own ? { text: own } : {}),
      send: async () => {
        // Media is uploaded to Meta first: our attachment URLs are not public.
        const form = new FormData();
        form.append("messaging_product", "whatsapp");
        form.append("type", a.contentType);
        form.append("file", new Blob([new Uint8Array(a.bytes)], { type: a.contentType }), a.fileName);
        const up = await call<{ id: string }>(c, `${c.settings.phoneNumberId}/media`, { method: "POST", body: form });
        const media: Record<string, string> = { id: up.id };
        if (own) media.caption = own;
        if (type === "document") media.filename = a.fileName;
        return post({ type, [type]: media });
      },
    });
  }
  const text = caption;
  // An AI answer asks whether it helped: a short answer carries the buttons itself (one message on
  // the customer's phone); a long one, or one whose text went out as a caption, is followed by the question.
  const ask = m.askResolution;
  if (text && ask && text.length <= INTERACTIVE_BODY_MAX)
    parts.push({ kind: "text", text, send: () => post(resolutionButtons(m.id, text)) });
  else if (text)
    parts.push({ kind: "text", text, send: () => post({ type: "text", text: { preview_url: false, body: text } }) });
  if (ask && !(text && text.length <= INTERACTIVE_BODY_MAX) && parts.length)
    parts.push({ kind: "text", text: RESOLUTION_PROMPT, send: () => post(resolutionButtons(m.id, RESOLUTION_PROMPT)) });
  return parts;
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
      appId: String(300000000000000 + crypto.randomInt(1e9)),
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
  send: (c, m, progress) => sendParts(plan(c, m), progress, "last"),
  sendEvidence: { kind: "status", graceMs: 2 * 60_000 },
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
  listTemplates: listWhatsAppTemplates,
  templates: whatsappTemplates,
};

export const whatsappAdapter: ChannelAdapter<Settings> = {
  type: "whatsapp",
  label: "WhatsApp",
  settingsSchema: whatsappSettingsSchema,
  secretsSchema: whatsappSecretsSchema,
  generateSecrets: () => ({ verifyToken: crypto.randomBytes(18).toString("base64url") }),
  snippet: () => null,
  delivery: "job",
  // Cloud API media limits (images 5 MB, audio and video 16 MB, documents 100 MB), clamped to our upload limit when served.
  capabilities: {
    text: { maxLength: 4096 },
    attachments: {
      types: [
        ...["image/jpeg", "image/png"].map((type) => ({ type, maxBytes: 5 * 1024 * 1024 })),
        ...["video/mp4", "audio/aac", "audio/mpeg", "audio/mp4", "audio/ogg"].map((type) => ({
          type,
          maxBytes: 16 * 1024 * 1024,
        })),
        ...[
          "application/pdf",
          "text/plain",
          "application/msword",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "application/vnd.ms-excel",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ].map((type) => ({ type, maxBytes: 100 * 1024 * 1024 })),
      ],
      maxPerMessage: 10,
    },
    templates: true,
    replyWindow: "24h",
    typing: false,
    readReceipts: true,
    edits: false,
    resolutionButtons: true,
    survey: "buttons",
  },
  provider,
};
