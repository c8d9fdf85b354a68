import crypto from "node:crypto";
import path from "node:path";
import {
  sliceEntities,
  type TelegramEntity,
  telegramSecretsSchema,
  telegramSettingsSchema,
  toTelegram,
} from "@switchboard/contracts";
import type { z } from "zod";
import { AppError } from "../../../platform/errors";
import type { ChannelAdapter, ChannelConfig, OutboundMessage, ProviderAdapter } from "../adapter";
import { safeEqual, sha256Hex } from "../meta-signature";
import { ProviderError, providerFetch } from "../provider-http";
import { classifyTelegramError, fileUrl, type TelegramFile, type TelegramMessage, type TelegramUser, tg } from "./api";
import { RESOLUTION_BUTTONS, resolutionButtonId } from "../resolution-buttons";
import { SURVEY_OPTIONS, surveyButtonId } from "../survey-buttons";
import { type PlannedPart, sendParts } from "../send-parts";
import { messageKey, parseTelegram, telegramChatId, telegramSummary } from "./parse";

type Settings = z.infer<typeof telegramSettingsSchema>;
type Cfg = ChannelConfig<Settings>;

const TEXT_MAX = 4096;
const CAPTION_MAX = 1024;
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
const MIME_BY_EXT: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".oga": "audio/ogg",
  ".ogg": "audio/ogg",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".pdf": "application/pdf",
  ".tgs": "application/x-tgsticker",
};

/**
 * Where to cut text into pieces Telegram accepts, preferring line and word boundaries: [start, end)
 * ranges of the original text, so its entities can be cut along (sliceEntities). The boundary
 * character itself (newline or space) is dropped.
 */
export function chunkRanges(text: string, max = TEXT_MAX): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  while (text.length - start > max) {
    const window = text.slice(start, start + max);
    const cut = Math.max(window.lastIndexOf("\n"), window.lastIndexOf(" "));
    const at = cut > max / 2 ? cut : max;
    out.push([start, start + at]);
    start += at;
    if (text[start] === "\n" || text[start] === " ") start++;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** Splits text into pieces Telegram accepts, preferring line and word boundaries. */
export function chunkText(text: string, max = TEXT_MAX): string[] {
  return chunkRanges(text, max).map(([a, b]) => text.slice(a, b));
}

/** Our reply ids are "<chat>:<message>"; Telegram wants the message number. */
function replyParameters(replyTo: string | undefined) {
  const id = Number(replyTo?.split(":").pop());
  return Number.isInteger(id) && id > 0 ? { message_id: id, allow_sending_without_reply: true } : undefined;
}

/** "Did this answer your question?" as an inline keyboard on the AI's answer: a tap comes back as a callback_query. */
const resolutionKeyboard = (messageId: string) => ({
  inline_keyboard: [
    RESOLUTION_BUTTONS.map((b) => ({ text: b.title, callback_data: resolutionButtonId(messageId, b.helpful) })),
  ],
});

/** The CSAT rating as an inline keyboard (one row of five): a tap comes back as a callback_query. */
const surveyKeyboard = (surveyId: string) => ({
  inline_keyboard: [
    [...SURVEY_OPTIONS]
      .reverse()
      .map((o) => ({ text: `${o.rating} ★`, callback_data: surveyButtonId(surveyId, o.rating) })),
  ],
});

/**
 * The Bot API calls one message takes: the text (in 4096-character pieces) unless it fits as the first
 * file's caption, then one sendPhoto/sendDocument per file. Only the first part quotes the message
 * replied to. The first part stands for the message. An AI answer's last part carries the
 * resolution keyboard, so the buttons sit under the end of the answer.
 */
function plan(c: Cfg, m: OutboundMessage): PlannedPart[] {
  const chatId = m.to;
  const reply = replyParameters(m.replyTo);
  const parts: PlannedPart[] = [];
  const message = (r: TelegramMessage) => {
    if (typeof r?.message_id !== "number")
      throw new ProviderError("Telegram accepted the request but returned no message id", { status: 200, body: r });
    return messageKey(chatId, r.message_id);
  };
  // Agents write Markdown; Telegram gets the plain text plus entities (nothing to escape, see toTelegram).
  const formatted = toTelegram(m.text.trim());
  const text = formatted.text;
  const withEntities = (entities: TelegramEntity[]) => (entities.length ? { entities } : {});
  const captionFits = m.attachments.length > 0 && text.length <= CAPTION_MAX;
  const keyboard = m.survey ? surveyKeyboard(m.survey.id) : m.askResolution ? resolutionKeyboard(m.id) : undefined;
  if (text && !captionFits) {
    const ranges = chunkRanges(text);
    for (const [k, [from, to]] of ranges.entries()) {
      const piece = text.slice(from, to);
      const markup = keyboard && !m.attachments.length && k === ranges.length - 1 ? keyboard : undefined;
      const entities = sliceEntities(formatted.entities, from, to);
      const rp = parts.length === 0 ? reply : undefined;
      parts.push({
        kind: "text",
        text: piece,
        send: async () =>
          message(
            await tg<TelegramMessage>(c, "sendMessage", {
              chat_id: chatId,
              text: piece,
              ...withEntities(entities),
              ...(rp ? { reply_parameters: rp } : {}),
              ...(markup ? { reply_markup: markup } : {}),
            }),
          ),
      });
    }
  }
  m.attachments.forEach((a, i) => {
    const caption = captionFits && i === 0 ? text : "";
    const rp = parts.length === 0 ? reply : undefined;
    parts.push({
      kind: "attachment",
      ...(caption ? { text: caption } : {}),
      send: async () => {
        const asPhoto = PHOTO_TYPES.has(a.contentType.toLowerCase()) && a.bytes.length <= PHOTO_MAX_BYTES;
        const form = new FormData();
        form.append("chat_id", chatId);
        form.append(
          asPhoto ? "photo" : "document",
          new Blob([new Uint8Array(a.bytes)], { type: a.contentType }),
          a.fileName,
        );
        if (caption) form.append("caption", caption);
        if (caption && formatted.entities.length) form.append("caption_entities", JSON.stringify(formatted.entities));
        if (rp) form.append("reply_parameters", JSON.stringify(rp));
        if (keyboard && i === m.attachments.length - 1) form.append("reply_markup", JSON.stringify(keyboard));
        return message(await tg<TelegramMessage>(c, asPhoto ? "sendPhoto" : "sendDocument", form));
      },
    });
  });
  return parts;
}

async function fetchMedia(c: Cfg, ref: { id?: string; mimeType?: string; fileName?: string; kind: string }) {
  const file = await tg<TelegramFile>(c, "getFile", { file_id: ref.id ?? "" });
  if (!file.file_path)
    throw new ProviderError("Telegram gave no download path for this file (bots can download files up to 20 MB)", {
      status: 400,
      code: "file_unavailable",
    });
  const res = await providerFetch(fileUrl(c, file.file_path), { timeoutMs: 60_000 });
  if (!res.ok) {
    await res.arrayBuffer().catch(() => undefined);
    throw new ProviderError(`File download failed with HTTP ${res.status}`, {
      status: res.status,
      code: "file_download",
    });
  }
  const header = res.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  const ext = path.extname(file.file_path).toLowerCase();
  const contentType =
    ref.mimeType ??
    (header && header !== "application/octet-stream" ? header : undefined) ??
    MIME_BY_EXT[ext] ??
    "application/octet-stream";
  return {
    bytes: Buffer.from(await res.arrayBuffer()),
    contentType,
    fileName: ref.fileName ?? (path.basename(file.file_path) || undefined),
  };
}

/** getMe (checks the token) then setWebhook with our URL and secret token. */
async function connect(c: Cfg, webhookUrl: string): Promise<Partial<Settings>> {
  let me: TelegramUser;
  try {
    me = await tg<TelegramUser>(c, "getMe");
  } catch (err) {
    if (err instanceof ProviderError && (err.info.status === 401 || err.info.status === 404)) {
      const msg = `Telegram does not accept this bot token (${err.message}). Copy it again from @BotFather.`;
      throw new AppError("validation_failed", msg, { fieldErrors: { botToken: [msg] }, formErrors: [] });
    }
    throw err;
  }
  try {
    await tg<boolean>(c, "setWebhook", {
      url: webhookUrl,
      secret_token: c.secrets.webhookSecret,
      // callback_query: taps on the resolution keyboard under AI answers.
      allowed_updates: ["message", "edited_message", "callback_query"],
    });
  } catch (err) {
    // Usually our public URL (Telegram wants HTTPS on port 443, 80, 88 or 8443): a set-up problem, not an outage.
    if (err instanceof ProviderError && err.info.status === 400)
      throw new AppError("bad_request", `Telegram refused the webhook URL ${webhookUrl}: ${err.message}`);
    throw err;
  }
  return { botUsername: me.username ?? "", botId: String(me.id) };
}

const provider: ProviderAdapter<Settings> = {
  accountId: (s) => s.botId,
  // connect is not run for sandbox channels: the settings getMe would give come from the token here.
  sandboxSetup: () => {
    const botId = String(crypto.randomInt(1_000_000_000, 9_999_999_999));
    const secret = Array.from({ length: 35 }, () => TOKEN_ALPHABET[crypto.randomInt(TOKEN_ALPHABET.length)]).join("");
    return { settings: { botId, botUsername: `sandbox_${botId}_bot` }, secrets: { botToken: `${botId}:${secret}` } };
  },
  webhook: {
    path: "telegram/:channelId",
    // Routed by the channel id in the URL: the payload does not name the bot.
    accountIds: () => [],
    verify: (req, c) => {
      const header = req.headers["x-telegram-bot-api-secret-token"];
      const secret = c.secrets.webhookSecret;
      return typeof header === "string" && !!secret && safeEqual(header, secret);
    },
    // update_id is per bot and the event table is keyed per channel type: the chat id keeps two bots'
    // updates apart, and a redelivery of one update still has the same key.
    eventKey: (p, raw) => {
      const id = (p as { update_id?: unknown } | null)?.update_id;
      if (typeof id !== "number" && typeof id !== "string") return sha256Hex(raw);
      const chat = telegramChatId(p);
      return chat ? `${id}:${chat}` : String(id);
    },
    orderingKey: (p) => telegramChatId(p) ?? "bot",
    summarize: telegramSummary,
  },
  parse: (payload) => parseTelegram(payload),
  send: (c, m, progress) => sendParts(plan(c, m), progress, "first"),
  // A bot is not told about its own messages: nothing can show whether an interrupted send arrived.
  sendEvidence: { kind: "none", graceMs: 0 },
  fetchMedia,
  replyWindow: () => ({ open: true, closesAt: null, rule: "none", templatesOnly: false }),
  classifyError: classifyTelegramError,
  connect,
  test: async (c) => {
    const me = await tg<TelegramUser>(c, "getMe");
    return `Connected to ${me.username ? `@${me.username}` : me.first_name} (bot id ${me.id})`;
  },
  rateLimits: () => ({ perSecond: 30, perRecipientPerSecond: 1 }),
  acknowledgeTap: async (c, tapId, text) => {
    await tg<boolean>(c, "answerCallbackQuery", { callback_query_id: tapId, text });
  },
};

export const telegramAdapter: ChannelAdapter<Settings> = {
  type: "telegram",
  label: "Telegram",
  settingsSchema: telegramSettingsSchema,
  secretsSchema: telegramSecretsSchema,
  // secret_token allows 1-256 characters from A-Z a-z 0-9 _ -: base64url of 32 bytes is 43 of them.
  generateSecrets: () => ({ webhookSecret: crypto.randomBytes(32).toString("base64url") }),
  snippet: () => null,
  delivery: "job",
  // Bots send photos up to 10 MB (larger images go as documents) and any file up to 50 MB.
  capabilities: {
    text: { maxLength: 4096 * 10 },
    attachments: { types: [{ type: "*/*", maxBytes: 50 * 1024 * 1024 }], maxPerMessage: 10 },
    templates: false,
    replyWindow: "none",
    typing: false,
    readReceipts: false,
    edits: true,
    resolutionButtons: true,
    survey: "keyboard",
  },
  provider,
};
