import type { CustomerProfile, MediaRef, NormalizedEvent } from "../adapter";

type Json = any;

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
/** v1.1 events carry `created_timestamp` as a string of epoch milliseconds; v2 events an ISO `created_at`. */
const when = (ms: unknown, iso?: unknown) => {
  const n = Number(ms);
  if (ms !== undefined && ms !== null && ms !== "" && Number.isFinite(n)) return new Date(n);
  const d = typeof iso === "string" ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? d : new Date();
};

/** Top-level keys of an Account Activity payload that are not events. */
const NOT_EVENTS = new Set(["for_user_id", "users", "apps", "user_has_blocked", "source"]);
const DM_KEYS = ["direct_message_events", "direct_message_indicate_typing_events", "direct_message_mark_read_events"];

interface Dm {
  id: string;
  senderId: string;
  recipientId: string;
  timestamp: Date;
  text: string;
  attachment: Json;
  quickReply: Json;
  entities: Json;
  initiatedVia: Json;
}

/**
 * One DM event in either shape: the AAA v1.1 object (`type: "message_create"`, `message_create {…}`),
 * or, tolerantly, a v2 DmEvent (`event_type: "MessageCreate"`, flat `text`/`sender_id`, `dm_conversation_id`
 * "<a>-<b>"): whether v2-managed subscriptions change the body is unconfirmed. `null` for other event types.
 */
function dmOf(ev: Json, own: string): Dm | null {
  if (ev?.type === "message_create" || ev?.message_create) {
    const mc = ev.message_create ?? {};
    const data = mc.message_data ?? {};
    return {
      id: str(ev.id ?? ev.id_str),
      senderId: str(mc.sender_id),
      recipientId: str(mc.target?.recipient_id),
      timestamp: when(ev.created_timestamp),
      text: str(data.text),
      attachment: data.attachment,
      quickReply: data.quick_reply_response,
      entities: data.entities,
      initiatedVia: ev.initiated_via,
    };
  }
  if (ev?.event_type === "MessageCreate") {
    const sender = str(ev.sender_id);
    const pair = str(ev.dm_conversation_id).split("-");
    const other = pair.length === 2 ? (pair[0] === sender ? pair[1]! : pair[0]!) : "";
    return {
      id: str(ev.id),
      senderId: sender,
      recipientId: str(ev.participant_id) || other || (sender === own ? "" : own),
      timestamp: when(ev.created_timestamp, ev.created_at),
      text: str(ev.text),
      attachment: ev.attachments?.media?.[0] ? { type: "media", media: ev.attachments.media[0] } : undefined,
      quickReply: undefined,
      entities: ev.entities,
      initiatedVia: undefined,
    };
  }
  return null;
}

/** t.co links shown as what they point to; the link X appends for an attached photo is dropped. */
function readableText(dm: Dm): string {
  let text = dm.text;
  const mediaLink = dm.attachment?.media?.url;
  if (typeof mediaLink === "string" && mediaLink) text = text.replace(mediaLink, "");
  for (const u of asArray(dm.entities?.urls))
    if (typeof u?.url === "string" && typeof u?.expanded_url === "string" && u.url !== mediaLink)
      text = text.split(u.url).join(u.expanded_url);
  return text.trim();
}

function mediaOf(media: Json): MediaRef | null {
  if (!media || typeof media !== "object") return null;
  const type = str(media.type);
  if (type === "video" || type === "animated_gif") {
    const best = asArray(media.video_info?.variants)
      .filter((v) => typeof v?.url === "string")
      .sort((a, b) => Number(b.bitrate ?? 0) - Number(a.bitrate ?? 0))[0];
    const url = best?.url ?? media.media_url_https ?? media.url;
    return url ? { kind: "video", url: String(url), mimeType: best?.content_type } : null;
  }
  const url = media.media_url_https ?? media.media_url ?? media.url;
  return url
    ? { kind: "image", url: String(url), id: media.id_str ?? (media.id ? String(media.id) : undefined) }
    : null;
}

const profile = (users: Json, id: string): CustomerProfile => {
  const u = users?.[id] ?? {};
  return { externalId: id, name: u.name ?? null, username: u.screen_name ?? u.username ?? null };
};

/** An Account Activity API delivery -> normalized events. Our own account's DMs become echoes. */
export function parseX(payload: Json, fallbackOwnId = ""): NormalizedEvent[] {
  const own = str(payload?.for_user_id) || fallbackOwnId;
  const users = payload?.users ?? {};
  const out: NormalizedEvent[] = [];
  for (const ev of asArray(payload?.direct_message_events)) {
    const dm = dmOf(ev, own);
    if (!dm) {
      out.push({ kind: "ignored", reason: `direct message event type ${str(ev?.type ?? ev?.event_type)}` });
      continue;
    }
    if (!dm.id || !dm.senderId) {
      out.push({ kind: "ignored", reason: "direct message event without id or sender" });
      continue;
    }
    const text = readableText(dm);
    const ref = dm.attachment?.type === "media" || dm.attachment?.media ? mediaOf(dm.attachment.media) : null;
    const media = ref ? [ref] : [];
    if (dm.senderId === own) {
      // Sent by our account: from our API (deduped by id) or typed in the X app (shown as outgoing).
      if (!dm.recipientId) out.push({ kind: "ignored", reason: "own message without recipient" });
      else
        out.push({
          kind: "echo",
          externalId: dm.id,
          to: profile(users, dm.recipientId),
          timestamp: dm.timestamp,
          text,
          media,
        });
      continue;
    }
    const metadata: Record<string, unknown> = {};
    if (ref) metadata.media = dm.attachment.media;
    if (dm.quickReply) metadata.quickReply = dm.quickReply;
    if (dm.initiatedVia) metadata.initiatedVia = dm.initiatedVia;
    out.push({
      kind: "message",
      externalId: dm.id,
      from: profile(users, dm.senderId),
      timestamp: dm.timestamp,
      messageKind: dm.quickReply ? "interactive" : ref ? "media" : "text",
      text,
      media,
      metadata,
    });
  }
  for (const ev of asArray(payload?.direct_message_mark_read_events)) {
    const reader = str(ev?.sender_id);
    if (!reader || reader === own) out.push({ kind: "ignored", reason: "read receipt from our own account" });
    else out.push({ kind: "read", customerExternalId: reader, upTo: when(ev?.created_timestamp) });
  }
  if (asArray(payload?.direct_message_indicate_typing_events).length)
    out.push({ kind: "ignored", reason: "typing indicator" });
  if (payload && typeof payload === "object")
    for (const key of Object.keys(payload))
      if (!NOT_EVENTS.has(key) && !DM_KEYS.includes(key)) out.push({ kind: "ignored", reason: `event ${key}` });
  return out;
}

/** The other participant of an event: the customer, whoever sent it. */
function otherOf(ev: Json, own: string): string {
  const dm = dmOf(ev, own);
  const sender = dm ? dm.senderId : str(ev?.sender_id);
  const recipient = dm ? dm.recipientId : str(ev?.target?.recipient_id);
  return sender && sender !== own ? sender : recipient;
}

export function xAccountIds(payload: Json): string[] {
  const id = str(payload?.for_user_id);
  return id ? [id] : [];
}

/** The ids of the DM events in a delivery. */
export function xEventIds(payload: Json): string[] {
  return asArray(payload?.direct_message_events)
    .map((e) => str(e?.id ?? e?.id_str))
    .filter(Boolean);
}

export function xOrderingKey(payload: Json): string {
  const own = str(payload?.for_user_id);
  for (const key of DM_KEYS)
    for (const ev of asArray(payload?.[key])) {
      const who = otherOf(ev, own);
      if (who) return who;
    }
  return "account";
}

export function xSummary(payload: Json): string {
  const own = str(payload?.for_user_id);
  const dms = asArray(payload?.direct_message_events);
  const mine = dms.filter((e) => dmOf(e, own)?.senderId === own).length;
  const theirs = dms.length - mine;
  const from = dms.map((e) => dmOf(e, own)?.senderId).find((id) => id && id !== own);
  const name = from ? (payload?.users?.[from]?.screen_name ?? from) : "";
  const reads = asArray(payload?.direct_message_mark_read_events).length;
  const typing = asArray(payload?.direct_message_indicate_typing_events).length;
  const other =
    payload && typeof payload === "object"
      ? Object.keys(payload).filter((k) => !NOT_EVENTS.has(k) && !DM_KEYS.includes(k))
      : [];
  const parts = [
    theirs && `${theirs} message${theirs > 1 ? "s" : ""}${name ? ` from ${name}` : ""}`,
    mine && `${mine} sent by our account`,
    reads && `${reads} read receipt${reads > 1 ? "s" : ""}`,
    typing && "typing",
    ...other,
  ].filter(Boolean);
  return parts.join(", ") || "empty";
}
