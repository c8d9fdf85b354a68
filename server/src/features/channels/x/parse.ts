import { z } from "zod";
import type { CustomerProfile, MediaRef, NormalizedEvent } from "../adapter";
import { field, idOf, list, neverThrows, opt, parseItem, shown, zId, zText } from "../parse-kit";

/** v1.1 events carry `created_timestamp` as a string of epoch milliseconds; v2 events an ISO `created_at`. */
const when = (ms: unknown, iso?: unknown) => {
  const n = Number(ms);
  if ((typeof ms === "string" || typeof ms === "number") && ms !== "" && Number.isFinite(n)) {
    const d = new Date(n);
    if (!Number.isNaN(d.getTime())) return d;
  }
  const d = typeof iso === "string" ? new Date(iso) : null;
  return d && !Number.isNaN(d.getTime()) ? d : new Date();
};

/** Top-level keys of an Account Activity payload that are not events. */
const NOT_EVENTS = new Set(["for_user_id", "users", "apps", "user_has_blocked", "source"]);
const DM_KEYS = ["direct_message_events", "direct_message_indicate_typing_events", "direct_message_mark_read_events"];

const urlEntity = z.looseObject({ url: opt(z.string()), expanded_url: opt(zText) });
const entities = opt(z.looseObject({ urls: opt(z.array(z.unknown())) }));
const mediaSchema = z.looseObject({
  id_str: opt(zId),
  id: opt(zId),
  type: opt(z.string()),
  url: opt(z.string()),
  media_url: opt(z.string()),
  media_url_https: opt(z.string()),
  video_info: opt(
    z.looseObject({
      variants: opt(
        z.array(z.looseObject({ url: opt(z.string()), bitrate: opt(z.number()), content_type: opt(zText) })),
      ),
    }),
  ),
});
/** AAA v1.1 DM event. */
const v1Event = z.looseObject({
  type: opt(z.string()),
  id: opt(zId),
  id_str: opt(zId),
  created_timestamp: opt(z.union([z.string(), z.number()])),
  initiated_via: opt(z.unknown()),
  message_create: z.looseObject({
    sender_id: opt(zId),
    target: opt(z.looseObject({ recipient_id: opt(zId) })),
    message_data: opt(
      z.looseObject({
        text: opt(zText),
        entities,
        attachment: opt(z.looseObject({ type: opt(z.string()), media: opt(z.unknown()) })),
        quick_reply_response: opt(z.unknown()),
      }),
    ),
  }),
});
/** v2 DmEvent, accepted tolerantly. */
const v2Event = z.looseObject({
  event_type: z.literal("MessageCreate"),
  id: opt(zId),
  sender_id: opt(zId),
  participant_id: opt(zId),
  dm_conversation_id: opt(z.string()),
  created_timestamp: opt(z.union([z.string(), z.number()])),
  created_at: opt(z.string()),
  text: opt(zText),
  entities,
  attachments: opt(z.looseObject({ media: opt(z.array(z.unknown())) })),
});
const userSchema = z.looseObject({ name: opt(zText), screen_name: opt(zText), username: opt(zText) });
const readSchema = z.looseObject({ sender_id: opt(zId), created_timestamp: opt(z.union([z.string(), z.number()])) });

interface Dm {
  id: string;
  senderId: string;
  recipientId: string;
  timestamp: Date;
  text: string;
  /** The attached media object, not yet validated. */
  media: unknown;
  quickReply: unknown;
  urls: unknown[];
  initiatedVia: unknown;
}

const isV1 = (ev: unknown) => field(ev, "type") === "message_create" || field(ev, "message_create") !== undefined;
const isV2 = (ev: unknown) => field(ev, "event_type") === "MessageCreate";

/**
 * One DM event in either shape: the AAA v1.1 object (`type: "message_create"`, `message_create {…}`),
 * or, tolerantly, a v2 DmEvent (`event_type: "MessageCreate"`, flat `text`/`sender_id`, `dm_conversation_id`
 * "<a>-<b>"): whether v2-managed subscriptions change the body is unconfirmed.
 * `null` for other event types, an ignored event for a malformed one.
 */
function dmOf(ev: unknown, own: string): Dm | NormalizedEvent | null {
  if (isV1(ev)) {
    const r = parseItem(v1Event, ev, "direct message event");
    if (!r.ok) return r.event;
    const e = r.data;
    const mc = e.message_create;
    const data: NonNullable<typeof mc.message_data> = mc.message_data ?? {};
    const attachment = data.attachment;
    return {
      id: e.id ?? e.id_str ?? "",
      senderId: mc.sender_id ?? "",
      recipientId: mc.target?.recipient_id ?? "",
      timestamp: when(e.created_timestamp),
      text: data.text ?? "",
      media: attachment?.type === "media" || attachment?.media ? attachment.media : undefined,
      quickReply: data.quick_reply_response,
      urls: data.entities?.urls ?? [],
      initiatedVia: e.initiated_via,
    };
  }
  if (isV2(ev)) {
    const r = parseItem(v2Event, ev, "direct message event");
    if (!r.ok) return r.event;
    const e = r.data;
    const sender = e.sender_id ?? "";
    const pair = (e.dm_conversation_id ?? "").split("-").map((p) => idOf(p) ?? "");
    const other = pair.length === 2 ? (pair[0] === sender ? pair[1]! : pair[0]!) : "";
    return {
      id: e.id ?? "",
      senderId: sender,
      recipientId: e.participant_id || other || (sender === own ? "" : own),
      timestamp: when(e.created_timestamp, e.created_at),
      text: e.text ?? "",
      media: e.attachments?.media?.[0],
      quickReply: undefined,
      urls: e.entities?.urls ?? [],
      initiatedVia: undefined,
    };
  }
  return null;
}

const isDm = (d: Dm | NormalizedEvent | null): d is Dm => !!d && !("kind" in d);

/** t.co links shown as what they point to; the link X appends for an attached photo is dropped. */
function readableText(dm: Dm, mediaLink: string | undefined): string {
  let text = dm.text;
  if (mediaLink) text = text.replace(mediaLink, "");
  for (const raw of dm.urls) {
    const u = urlEntity.safeParse(raw);
    if (u.success && u.data.url && u.data.expanded_url && u.data.url !== mediaLink)
      text = text.split(u.data.url).join(u.data.expanded_url);
  }
  return text.trim();
}

const httpUrl = (u: string | undefined) => (u && /^https?:\/\//i.test(u) ? u : undefined);

function mediaOf(media: z.output<typeof mediaSchema>): MediaRef | null {
  if (media.type === "video" || media.type === "animated_gif") {
    const best = (media.video_info?.variants ?? [])
      .filter((v) => httpUrl(v.url))
      .sort((a, b) => (b.bitrate ?? 0) - (a.bitrate ?? 0))[0];
    const url = httpUrl(best?.url) ?? httpUrl(media.media_url_https) ?? httpUrl(media.url);
    return url ? { kind: "video", url, ...(best?.content_type ? { mimeType: best.content_type } : {}) } : null;
  }
  const url = httpUrl(media.media_url_https) ?? httpUrl(media.media_url) ?? httpUrl(media.url);
  const id = media.id_str ?? media.id;
  return url ? { kind: "image", url, ...(id ? { id } : {}) } : null;
}

const profile = (users: unknown, id: string): CustomerProfile => {
  const r = userSchema.safeParse(field(users, id));
  const u: z.output<typeof userSchema> = r.success ? r.data : {};
  return { externalId: id, name: u.name ?? null, username: u.screen_name ?? u.username ?? null };
};

/** An Account Activity API delivery -> normalized events. Our own account's DMs become echoes. */
export const parseX = neverThrows("X", (payload: unknown, fallbackOwnId: string = ""): NormalizedEvent[] => {
  if (!payload || typeof payload !== "object" || Array.isArray(payload))
    return [{ kind: "ignored", reason: "malformed payload: not an object" }];
  const own = idOf(field(payload, "for_user_id")) || fallbackOwnId;
  const users = field(payload, "users");
  const out: NormalizedEvent[] = [];
  for (const ev of list(field(payload, "direct_message_events"))) {
    const dm = dmOf(ev, own);
    if (!dm) {
      out.push({
        kind: "ignored",
        reason: `direct message event type ${shown(field(ev, "type") ?? field(ev, "event_type"), 40)}`,
      });
      continue;
    }
    if (!isDm(dm)) {
      out.push(dm);
      continue;
    }
    if (!dm.id || !dm.senderId) {
      out.push({ kind: "ignored", reason: "direct message event without id or sender" });
      continue;
    }
    const media = dm.media === undefined ? null : mediaSchema.safeParse(dm.media);
    if (media && !media.success) {
      out.push({ kind: "ignored", reason: "malformed direct message event: attachment media" });
      continue;
    }
    const ref = media?.success ? mediaOf(media.data) : null;
    const text = readableText(dm, media?.success ? media.data.url : undefined);
    const refs = ref ? [ref] : [];
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
          media: refs,
        });
      continue;
    }
    const metadata: Record<string, unknown> = {};
    if (ref && media?.success) metadata.media = media.data;
    if (dm.quickReply) metadata.quickReply = dm.quickReply;
    if (dm.initiatedVia) metadata.initiatedVia = dm.initiatedVia;
    out.push({
      kind: "message",
      externalId: dm.id,
      from: profile(users, dm.senderId),
      timestamp: dm.timestamp,
      messageKind: dm.quickReply ? "interactive" : ref ? "media" : "text",
      text,
      media: refs,
      metadata,
    });
  }
  for (const ev of list(field(payload, "direct_message_mark_read_events"))) {
    const r = parseItem(readSchema, ev, "read receipt");
    if (!r.ok) out.push(r.event);
    else if (!r.data.sender_id || r.data.sender_id === own)
      out.push({ kind: "ignored", reason: "read receipt from our own account" });
    else out.push({ kind: "read", customerExternalId: r.data.sender_id, upTo: when(r.data.created_timestamp) });
  }
  if (list(field(payload, "direct_message_indicate_typing_events")).length)
    out.push({ kind: "ignored", reason: "typing indicator" });
  for (const key of Object.keys(payload).slice(0, 20))
    if (!NOT_EVENTS.has(key) && !DM_KEYS.includes(key))
      out.push({ kind: "ignored", reason: `event ${shown(key, 60)}` });
  return out;
});

/** The other participant of an event: the customer, whoever sent it. */
function otherOf(ev: unknown, own: string): string {
  const dm = dmOf(ev, own);
  const sender = isDm(dm) ? dm.senderId : (idOf(field(ev, "sender_id")) ?? "");
  const recipient = isDm(dm) ? dm.recipientId : (idOf(field(field(ev, "target"), "recipient_id")) ?? "");
  return sender && sender !== own ? sender : recipient;
}

export function xAccountIds(payload: unknown): string[] {
  const id = idOf(field(payload, "for_user_id"));
  return id ? [id] : [];
}

/** The ids of the DM events in a delivery (read without trusting the payload; never throws). */
export function xEventIds(payload: unknown): string[] {
  return list(field(payload, "direct_message_events"))
    .map((e) => idOf(field(e, "id")) ?? idOf(field(e, "id_str")))
    .filter((id): id is string => !!id);
}

export function xOrderingKey(payload: unknown): string {
  const own = idOf(field(payload, "for_user_id")) ?? "";
  for (const key of DM_KEYS)
    for (const ev of list(field(payload, key))) {
      const who = otherOf(ev, own);
      if (who) return who;
    }
  return "account";
}

export function xSummary(payload: unknown): string {
  const own = idOf(field(payload, "for_user_id")) ?? "";
  const dms = list(field(payload, "direct_message_events"));
  const senders = dms.map((e) => {
    const dm = dmOf(e, own);
    return isDm(dm) ? dm.senderId : "";
  });
  const mine = senders.filter((id) => id === own).length;
  const theirs = dms.length - mine;
  const from = senders.find((id) => id && id !== own);
  const screenName = from ? field(field(field(payload, "users"), from), "screen_name") : undefined;
  const name = from ? shown(screenName ?? from, 60) : "";
  const reads = list(field(payload, "direct_message_mark_read_events")).length;
  const typing = list(field(payload, "direct_message_indicate_typing_events")).length;
  const other =
    payload && typeof payload === "object"
      ? Object.keys(payload)
          .filter((k) => !NOT_EVENTS.has(k) && !DM_KEYS.includes(k))
          .slice(0, 5)
          .map((k) => shown(k, 40))
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
