import type { CustomerProfile, MediaRef, NormalizedEvent } from "../adapter";

type Json = any;
const secs = (s: unknown) => new Date(Number(s) * 1000 || Date.now());
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v : []);

/** Message ids are only unique within a chat: our external id carries both. */
export const messageKey = (chatId: unknown, messageId: unknown) => `${String(chatId)}:${String(messageId)}`;

/** The message object of an update, and whether it is an edit. */
function messageOf(u: Json): { m: Json; edited: boolean } | null {
  if (u?.message && typeof u.message === "object") return { m: u.message, edited: false };
  if (u?.edited_message && typeof u.edited_message === "object") return { m: u.edited_message, edited: true };
  return null;
}

/** The largest PhotoSize by pixel area (Telegram usually lists them small to large, but that is not promised). */
export function largestPhoto(sizes: unknown): Json | null {
  let best: Json = null;
  for (const p of asArray(sizes)) {
    if (!p?.file_id) continue;
    const area = (Number(p.width) || 0) * (Number(p.height) || 0);
    const bestArea = best ? (Number(best.width) || 0) * (Number(best.height) || 0) : -1;
    if (area > bestArea || (area === bestArea && (Number(p.file_size) || 0) > (Number(best?.file_size) || 0))) best = p;
  }
  return best;
}

const fullName = (u: Json) => [u?.first_name, u?.last_name].filter(Boolean).join(" ").trim() || null;

interface Content {
  messageKind: string;
  text: string;
  media: MediaRef[];
  metadata: Record<string, unknown>;
}

/** What a Telegram message holds, in the inbox's words. Unknown content is kept as "unsupported". */
export function describeMessage(m: Json): Content {
  const caption = String(m?.caption ?? "");
  const metadata: Record<string, unknown> = {};
  const media = (ref: MediaRef, extra: Record<string, unknown> = {}): Content => ({
    messageKind: "media",
    text: caption,
    media: [ref],
    metadata: { ...metadata, ...extra },
  });
  const file = (o: Json, kind: MediaRef["kind"], mimeType?: string): MediaRef => ({
    kind,
    id: String(o.file_id),
    ...(o.mime_type || mimeType ? { mimeType: String(o.mime_type ?? mimeType) } : {}),
    ...(o.file_name ? { fileName: String(o.file_name) } : {}),
  });
  if (typeof m?.text === "string") return { messageKind: "text", text: m.text, media: [], metadata };
  const photo = largestPhoto(m?.photo);
  // Telegram re-encodes photos as JPEG.
  if (photo) return media(file(photo, "image", "image/jpeg"), { photo: { width: photo.width, height: photo.height } });
  // An animation (GIF / silent MP4) also carries a `document` field: check it first.
  if (m?.animation?.file_id) return media(file(m.animation, "video", "video/mp4"), { animation: true });
  if (m?.document?.file_id) return media(file(m.document, "document"));
  if (m?.voice?.file_id)
    return media(file(m.voice, "audio", "audio/ogg"), { voice: true, duration: m.voice.duration ?? null });
  if (m?.audio?.file_id) return media(file(m.audio, "audio"), { duration: m.audio.duration ?? null });
  if (m?.video?.file_id) return media(file(m.video, "video"), { duration: m.video.duration ?? null });
  if (m?.video_note?.file_id) return media(file(m.video_note, "video", "video/mp4"), { videoNote: true });
  if (m?.sticker?.file_id) {
    const s = m.sticker;
    const type = s.is_animated ? "application/x-tgsticker" : s.is_video ? "video/webm" : "image/webp";
    return { ...media(file(s, "sticker", type), { sticker: { emoji: s.emoji ?? null } }), text: s.emoji ?? "" };
  }
  if (m?.location || m?.venue) {
    const v = m.venue ?? {};
    const l = v.location ?? m.location ?? {};
    metadata.location = { latitude: l.latitude, longitude: l.longitude, name: v.title, address: v.address };
    const label = [v.title, v.address].filter(Boolean).join(", ");
    return {
      messageKind: "location",
      text: `📍 ${label ? `${label} ` : ""}(${l.latitude}, ${l.longitude})`,
      media: [],
      metadata,
    };
  }
  if (m?.contact) {
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
  metadata.raw = m;
  const known = ["poll", "dice", "game", "invoice", "story", "paid_media"].find((k) => m?.[k] !== undefined);
  return {
    messageKind: "unsupported",
    text: caption || `Unsupported message type "${known ?? "unknown"}" (kept as received)`,
    media: [],
    metadata,
  };
}

/** One Telegram Update (a webhook body is exactly one) -> normalized events. Pure; never throws. */
export function parseTelegram(payload: Json): NormalizedEvent[] {
  const found = messageOf(payload);
  if (!found) {
    const kind = Object.keys(payload ?? {}).find((k) => k !== "update_id") ?? "empty";
    return [{ kind: "ignored", reason: `update ${kind}` }];
  }
  const { m, edited } = found;
  const chat = m.chat ?? {};
  if (chat.type !== "private") return [{ kind: "ignored", reason: `${String(chat.type ?? "unknown")} chat` }];
  if (chat.id === undefined || m.message_id === undefined) return [{ kind: "ignored", reason: "message without id" }];
  const externalId = messageKey(chat.id, m.message_id);
  const content = describeMessage(m);
  if (edited) return [{ kind: "edit", externalId, text: content.text, timestamp: secs(m.edit_date ?? m.date) }];
  const user = m.from ?? chat;
  const from: CustomerProfile = {
    externalId: String(chat.id),
    name: fullName(user) ?? fullName(chat),
    username: user.username ?? chat.username ?? null,
  };
  const metadata = { ...content.metadata };
  if (m.reply_to_message?.message_id !== undefined)
    metadata.replyTo = messageKey(chat.id, m.reply_to_message.message_id);
  if (m.media_group_id) metadata.mediaGroupId = String(m.media_group_id);
  if (user.language_code) metadata.languageCode = String(user.language_code);
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
}

export function telegramChatId(payload: Json): string | null {
  const chat = messageOf(payload)?.m?.chat;
  return chat?.id === undefined ? null : String(chat.id);
}

export function telegramSummary(payload: Json): string {
  const found = messageOf(payload);
  if (!found) return `update ${Object.keys(payload ?? {}).find((k) => k !== "update_id") ?? "empty"}`;
  const { m, edited } = found;
  const who = fullName(m.from) ?? fullName(m.chat) ?? "someone";
  const kind = describeMessage(m).messageKind;
  return `${edited ? "edited " : ""}${kind} message from ${who} (${String(m.chat?.id ?? "?")})${m.chat?.type && m.chat.type !== "private" ? ` in a ${m.chat.type} chat` : ""}`;
}
