import { z } from "zod";
import type { CustomerProfile, MediaRef, NormalizedEvent } from "../adapter";
import { parseResolutionButtonId } from "../resolution-buttons";
import { parseSurveyButtonId } from "../survey-buttons";
import { field, idOf, neverThrows, opt, parseItem, shown, zEpoch, zId, zText } from "../parse-kit";

const secs = (s: unknown) => new Date(Number(s) * 1000 || Date.now());

/** Message ids are only unique within a chat: our external id carries both. */
export const messageKey = (chatId: unknown, messageId: unknown) => `${String(chatId)}:${String(messageId)}`;

const num = opt(z.number());
const fileSchema = z.looseObject({
  file_id: zId,
  file_name: opt(zText),
  mime_type: opt(zText),
  file_size: num,
  width: num,
  height: num,
  duration: num,
});
const stickerSchema = fileSchema.extend({
  emoji: opt(zText),
  is_animated: opt(z.boolean()),
  is_video: opt(z.boolean()),
});
const userSchema = z.looseObject({
  id: opt(zId),
  first_name: opt(zText),
  last_name: opt(zText),
  username: opt(zText),
  language_code: opt(zText),
});
const chatSchema = userSchema.extend({ type: opt(z.string().transform((s) => s.slice(0, 40))), title: opt(zText) });
const locationSchema = z.looseObject({ latitude: opt(z.number()), longitude: opt(z.number()) });
const messageSchema = z.looseObject({
  message_id: opt(zId),
  date: opt(zEpoch),
  edit_date: opt(zEpoch),
  chat: opt(chatSchema),
  from: opt(userSchema),
  text: opt(zText),
  caption: opt(zText),
  // One size that is not a PhotoSize should not lose the photo: sizes are checked one by one.
  photo: opt(z.array(z.unknown())),
  animation: opt(fileSchema),
  document: opt(fileSchema),
  voice: opt(fileSchema),
  audio: opt(fileSchema),
  video: opt(fileSchema),
  video_note: opt(fileSchema),
  sticker: opt(stickerSchema),
  location: opt(locationSchema),
  venue: opt(z.looseObject({ location: opt(locationSchema), title: opt(zText), address: opt(zText) })),
  contact: opt(
    z.looseObject({ phone_number: opt(zText), first_name: opt(zText), last_name: opt(zText), user_id: opt(zId) }),
  ),
  reply_to_message: opt(z.looseObject({ message_id: opt(zId) })),
  media_group_id: opt(zId),
});
type TgMessage = z.output<typeof messageSchema>;
/** A tap on an inline keyboard button under one of our messages; `data` is the button's callback_data. */
const callbackSchema = z.looseObject({
  id: zId,
  from: opt(userSchema),
  message: opt(z.looseObject({ message_id: opt(zId), chat: opt(chatSchema) })),
  data: opt(zText),
});
type PhotoSize = z.output<typeof fileSchema>;

/** The message object of an update, and whether it is an edit (not yet validated). */
function messageOf(u: unknown): { m: unknown; edited: boolean } | null {
  const message = field(u, "message");
  if (message && typeof message === "object") return { m: message, edited: false };
  const edited = field(u, "edited_message");
  if (edited && typeof edited === "object") return { m: edited, edited: true };
  return null;
}

/** The largest PhotoSize by pixel area (Telegram usually lists them small to large, but that is not promised). */
export function largestPhoto(sizes: unknown): PhotoSize | null {
  let best: PhotoSize | null = null;
  const area = (p: PhotoSize) => (p.width ?? 0) * (p.height ?? 0);
  for (const raw of Array.isArray(sizes) ? sizes : []) {
    const r = fileSchema.safeParse(raw);
    if (!r.success) continue;
    const p = r.data;
    const bestArea = best ? area(best) : -1;
    if (area(p) > bestArea || (area(p) === bestArea && (p.file_size ?? 0) > (best?.file_size ?? 0))) best = p;
  }
  return best;
}

const fullName = (u: { first_name?: string; last_name?: string } | undefined) =>
  [u?.first_name, u?.last_name].filter(Boolean).join(" ").trim() || null;

interface Content {
  messageKind: string;
  text: string;
  media: MediaRef[];
  metadata: Record<string, unknown>;
}

/** What a Telegram message holds, in the inbox's words. Unknown content is kept as "unsupported". */
export function describeMessage(m: TgMessage, raw: unknown = m): Content {
  const caption = m.caption ?? "";
  const metadata: Record<string, unknown> = {};
  const media = (ref: MediaRef, extra: Record<string, unknown> = {}): Content => ({
    messageKind: "media",
    text: caption,
    media: [ref],
    metadata: { ...metadata, ...extra },
  });
  const file = (o: PhotoSize, kind: MediaRef["kind"], mimeType?: string): MediaRef => ({
    kind,
    id: o.file_id,
    ...(o.mime_type || mimeType ? { mimeType: o.mime_type ?? mimeType } : {}),
    ...(o.file_name ? { fileName: o.file_name } : {}),
  });
  if (m.text !== undefined) return { messageKind: "text", text: m.text, media: [], metadata };
  const photo = largestPhoto(m.photo);
  // Telegram re-encodes photos as JPEG.
  if (photo) return media(file(photo, "image", "image/jpeg"), { photo: { width: photo.width, height: photo.height } });
  // An animation (GIF / silent MP4) also carries a `document` field: check it first.
  if (m.animation) return media(file(m.animation, "video", "video/mp4"), { animation: true });
  if (m.document) return media(file(m.document, "document"));
  if (m.voice) return media(file(m.voice, "audio", "audio/ogg"), { voice: true, duration: m.voice.duration ?? null });
  if (m.audio) return media(file(m.audio, "audio"), { duration: m.audio.duration ?? null });
  if (m.video) return media(file(m.video, "video"), { duration: m.video.duration ?? null });
  if (m.video_note) return media(file(m.video_note, "video", "video/mp4"), { videoNote: true });
  if (m.sticker) {
    const s = m.sticker;
    const type = s.is_animated ? "application/x-tgsticker" : s.is_video ? "video/webm" : "image/webp";
    return { ...media(file(s, "sticker", type), { sticker: { emoji: s.emoji ?? null } }), text: s.emoji ?? "" };
  }
  if (m.location || m.venue) {
    const v: NonNullable<TgMessage["venue"]> = m.venue ?? {};
    const l: z.output<typeof locationSchema> = v.location ?? m.location ?? {};
    metadata.location = { latitude: l.latitude, longitude: l.longitude, name: v.title, address: v.address };
    const label = [v.title, v.address].filter(Boolean).join(", ");
    return {
      messageKind: "location",
      text: `📍 ${label ? `${label} ` : ""}(${l.latitude}, ${l.longitude})`,
      media: [],
      metadata,
    };
  }
  if (m.contact) {
    const c = m.contact;
    metadata.contacts = [c];
    const name = fullName(c) ?? "Contact";
    return {
      messageKind: "contacts",
      text: `👤 ${name}${c.phone_number ? `, ${c.phone_number}` : ""}`,
      media: [],
      metadata,
    };
  }
  metadata.raw = raw;
  const known = ["poll", "dice", "game", "invoice", "story", "paid_media"].find((k) => field(raw, k) !== undefined);
  return {
    messageKind: "unsupported",
    text: caption || `Unsupported message type "${known ?? "unknown"}" (kept as received)`,
    media: [],
    metadata,
  };
}

const updateKind = (payload: unknown) =>
  shown(
    payload && typeof payload === "object" ? (Object.keys(payload).find((k) => k !== "update_id") ?? "empty") : "empty",
    40,
  );

/** A callback_query: our resolution buttons' data is an answer to "Did this answer your question?". */
function parseCallback(raw: unknown): NormalizedEvent[] {
  const parsed = parseItem(callbackSchema, raw, "callback query");
  if (!parsed.ok) return [parsed.event];
  const q = parsed.data;
  const ours = parseResolutionButtonId(q.data);
  const survey = ours ? null : parseSurveyButtonId(q.data);
  if (!ours && !survey) return [{ kind: "ignored", reason: "callback query with data we did not send" }];
  const chat: z.output<typeof chatSchema> = q.message?.chat ?? {};
  const customer = chat.id ?? q.from?.id;
  if (customer === undefined || (chat.type !== undefined && chat.type !== "private"))
    return [{ kind: "ignored", reason: "callback query outside a private chat" }];
  if (survey) return [{ kind: "survey_tap", customerExternalId: customer, tapId: q.id, ...survey }];
  return [{ kind: "resolution_tap", customerExternalId: customer, tapId: q.id, ...ours! }];
}

/** One Telegram Update (a webhook body is exactly one) -> normalized events. Pure; never throws. */
export const parseTelegram = neverThrows("Telegram", (payload: unknown): NormalizedEvent[] => {
  const callback = field(payload, "callback_query");
  if (callback !== undefined) return parseCallback(callback);
  const found = messageOf(payload);
  if (!found) return [{ kind: "ignored", reason: `update ${updateKind(payload)}` }];
  const parsed = parseItem(messageSchema, found.m, "message");
  if (!parsed.ok) return [parsed.event];
  const m = parsed.data;
  const { edited } = found;
  const chat: z.output<typeof chatSchema> = m.chat ?? {};
  if (chat.type !== "private") return [{ kind: "ignored", reason: `${chat.type ?? "unknown"} chat` }];
  if (chat.id === undefined || m.message_id === undefined) return [{ kind: "ignored", reason: "message without id" }];
  const externalId = messageKey(chat.id, m.message_id);
  const content = describeMessage(m, found.m);
  if (edited) return [{ kind: "edit", externalId, text: content.text, timestamp: secs(m.edit_date ?? m.date) }];
  const user = m.from ?? chat;
  const from: CustomerProfile = {
    externalId: chat.id,
    name: fullName(user) ?? fullName(chat),
    username: user.username ?? chat.username ?? null,
    // i7-contacts: a customer sharing their own contact card gives us their number (E.164 in upsert-contact).
    phone: m.contact?.phone_number && m.contact.user_id === user.id ? m.contact.phone_number : null,
  };
  const metadata = { ...content.metadata };
  if (m.reply_to_message?.message_id !== undefined)
    metadata.replyTo = messageKey(chat.id, m.reply_to_message.message_id);
  if (m.media_group_id) metadata.mediaGroupId = m.media_group_id;
  if (user.language_code) metadata.languageCode = user.language_code;
  return [
    {
      kind: "message",
      externalId,
      from,
      timestamp: secs(m.date),
      messageKind: content.messageKind,
      text: content.text,
      media: content.media,
      metadata,
    },
  ];
});

/** The chat an update belongs to, read without trusting the payload (never throws). */
export function telegramChatId(payload: unknown): string | null {
  const callback = field(payload, "callback_query");
  if (callback !== undefined)
    return idOf(field(field(field(callback, "message"), "chat"), "id")) ?? idOf(field(field(callback, "from"), "id"));
  return idOf(field(field(messageOf(payload)?.m, "chat"), "id"));
}

export function telegramSummary(payload: unknown): string {
  const callback = field(payload, "callback_query");
  if (callback !== undefined) return `button tap from ${telegramChatId(payload) ?? "?"}`;
  const found = messageOf(payload);
  if (!found) return `update ${updateKind(payload)}`;
  const parsed = messageSchema.safeParse(found.m);
  if (!parsed.success) return "malformed message";
  const m = parsed.data;
  const who = fullName(m.from) ?? fullName(m.chat) ?? "someone";
  const kind = describeMessage(m, found.m).messageKind;
  return `${found.edited ? "edited " : ""}${kind} message from ${who} (${m.chat?.id ?? "?"})${m.chat?.type && m.chat.type !== "private" ? ` in a ${m.chat.type} chat` : ""}`;
}
