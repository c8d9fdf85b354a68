import { sha256Hex } from "../meta-signature";
import type { MediaRef, NormalizedEvent } from "../adapter";

type Json = any;

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
/** Instagram (like Messenger) stamps events with integer epoch milliseconds. */
const ms = (v: unknown, fallback?: unknown) => new Date(Number(v) || Number(fallback) || Date.now());

/** Attachment types whose payload.url we download, and the kind they are stored as. */
const MEDIA_KINDS: Record<string, MediaRef["kind"]> = {
  image: "image",
  video: "video",
  audio: "audio",
  file: "document",
  share: "image",
  story_mention: "image",
};

/** Every messaging item of every entry; `standby` items (another app owns the thread) count the same. */
function items(payload: Json): { entry: Json; item: Json }[] {
  const out: { entry: Json; item: Json }[] = [];
  for (const entry of asArray(payload?.entry))
    for (const item of [...asArray(entry?.messaging), ...asArray(entry?.standby)]) out.push({ entry, item });
  return out;
}

/** Instagram Messaging webhook -> normalized events. Unknown shapes are kept as "unsupported", never dropped. */
export function parseInstagram(payload: Json, ownAccountId: string): NormalizedEvent[] {
  if (payload?.object !== undefined && payload?.object !== "instagram")
    return [{ kind: "ignored", reason: `object ${String(payload?.object)}` }];
  const out: NormalizedEvent[] = [];
  for (const { entry, item } of items(payload)) out.push(parseItem(item, entry, ownAccountId));
  return out;
}

function parseItem(item: Json, entry: Json, own: string): NormalizedEvent {
  const sender = item?.sender?.id ? String(item.sender.id) : "";
  const recipient = item?.recipient?.id ? String(item.recipient.id) : "";
  const timestamp = ms(item?.timestamp, entry?.time);
  const m = item?.message;

  if (m?.is_echo === true) {
    if (!m.mid) return { kind: "ignored", reason: "echo without mid" };
    return {
      kind: "echo",
      externalId: String(m.mid),
      to: { externalId: recipient },
      timestamp,
      text: typeof m.text === "string" ? m.text : "",
      media: mediaOf(m),
    };
  }
  if (item?.read) return { kind: "read", customerExternalId: sender, upTo: timestamp };
  if (sender && own && sender === own) return { kind: "ignored", reason: "sent by our own account" };
  if (m?.is_deleted === true && m.mid) return { kind: "delete", externalId: String(m.mid) };
  if (item?.message_edit?.mid)
    return {
      kind: "edit",
      externalId: String(item.message_edit.mid),
      text: String(item.message_edit.text ?? ""),
      timestamp,
    };

  const base = {
    kind: "message" as const,
    externalId: m?.mid ? String(m.mid) : syntheticId(item),
    from: { externalId: sender },
    timestamp,
    media: [] as MediaRef[],
    metadata: {} as Record<string, unknown>,
  };
  if (m && typeof m === "object") {
    const text = typeof m.text === "string" ? m.text : "";
    if (m.reply_to?.mid) base.metadata.replyTo = String(m.reply_to.mid);
    if (m.reply_to?.story) {
      base.metadata.story = { id: m.reply_to.story.id ?? null, url: m.reply_to.story.url ?? null };
      return { ...base, messageKind: "story_reply", text };
    }
    const attachments = asArray(m.attachments);
    if (attachments.length) {
      const media = mediaOf(m);
      const types = attachments.map((a) => String(a?.type ?? "unknown"));
      if (types.includes("story_mention")) {
        base.metadata.story = { url: attachments[0]?.payload?.url ?? null };
        return { ...base, messageKind: "story_mention", text: text || "Mentioned you in their story", media };
      }
      if (types.every((t) => t === "share")) {
        base.metadata.share = attachments.map((a) => a?.payload ?? null);
        return { ...base, messageKind: "share", text: text || "Shared a post", media };
      }
      if (media.length === attachments.length) return { ...base, messageKind: "media", text, media };
      base.metadata.raw = m;
      return {
        ...base,
        messageKind: "unsupported",
        text: text || `Unsupported attachment "${types.join(", ")}" (kept as received)`,
        media,
      };
    }
    if (text && !m.is_unsupported) return { ...base, messageKind: "text", text };
    base.metadata.raw = m;
    return { ...base, messageKind: "unsupported", text: "Unsupported message (kept as received)" };
  }
  if (item?.reaction) {
    const r = item.reaction;
    base.metadata.reaction = r;
    if (r.mid) base.metadata.replyTo = String(r.mid);
    const what = r.action === "unreact" ? "Removed a reaction" : `Reacted ${r.emoji ?? r.reaction ?? ""}`.trim();
    return { ...base, messageKind: "reaction", text: `${what} to a message` };
  }
  if (item?.postback) {
    base.metadata.postback = { title: item.postback.title ?? null, payload: item.postback.payload ?? null };
    return { ...base, messageKind: "postback", text: String(item.postback.title ?? item.postback.payload ?? "") };
  }
  if (!sender) return { kind: "ignored", reason: "event without sender" };
  base.metadata.raw = item;
  return { ...base, messageKind: "unsupported", text: "Unsupported event (kept as received)" };
}

function mediaOf(m: Json): MediaRef[] {
  const out: MediaRef[] = [];
  for (const a of asArray(m?.attachments)) {
    const kind = MEDIA_KINDS[String(a?.type)];
    const url = a?.payload?.url;
    if (kind && typeof url === "string" && url) out.push({ kind, url });
  }
  return out;
}

/** Events without a message id (reactions, postbacks): the same delivery always gets the same id. */
const syntheticId = (item: Json) => `ig-event:${sha256Hex(JSON.stringify(item ?? null)).slice(0, 40)}`;

export function instagramAccountIds(payload: Json): string[] {
  return [...new Set(asArray(payload?.entry).map((e) => (e?.id === undefined ? "" : String(e.id))))].filter(Boolean);
}

/** The customer's IGSID: the sender, or the recipient of our own (echoed) messages. */
export function instagramOrderingKey(payload: Json): string {
  for (const { item } of items(payload)) {
    const who = item?.message?.is_echo === true ? item?.recipient?.id : item?.sender?.id;
    if (who) return String(who);
  }
  return "account";
}

export function instagramSummary(payload: Json): string {
  const n = { message: 0, echo: 0, read: 0, other: 0 };
  const from = new Set<string>();
  for (const { item } of items(payload)) {
    if (item?.message?.is_echo === true) n.echo++;
    else if (item?.read) n.read++;
    else if (item?.message) {
      n.message++;
      if (item?.sender?.id) from.add(String(item.sender.id));
    } else n.other++;
  }
  const plural = (k: number, w: string) => `${k} ${w}${k > 1 ? "s" : ""}`;
  const parts = [
    n.message && `${plural(n.message, "message")}${from.size === 1 ? ` from ${[...from][0]}` : ""}`,
    n.echo && plural(n.echo, "echo").replace("echos", "echoes"),
    n.read && plural(n.read, "read receipt"),
    n.other && plural(n.other, "other event"),
  ].filter(Boolean);
  return parts.join(", ") || "empty";
}
