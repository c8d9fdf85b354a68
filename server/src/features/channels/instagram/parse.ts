import { z } from "zod";
import { sha256Hex } from "../meta-signature";
import type { MediaRef, NormalizedEvent } from "../adapter";
import { field, idOf, list, neverThrows, opt, parseItem, shown, zId, zItems, zText } from "../parse-kit";

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

const envelope = z.looseObject({ object: opt(z.string()), entry: zItems });
const entrySchema = z.looseObject({
  id: opt(zId),
  time: opt(z.number()),
  messaging: zItems,
  standby: zItems,
});
const attachment = z.looseObject({
  type: opt(z.string().transform((s) => s.slice(0, 40))),
  payload: opt(z.looseObject({ url: opt(z.string()) })),
});
const messageSchema = z.looseObject({
  mid: opt(zId),
  text: opt(zText),
  quick_reply: opt(z.looseObject({ payload: opt(zText) })),
  is_echo: opt(z.boolean()),
  is_deleted: opt(z.boolean()),
  is_unsupported: opt(z.boolean()),
  attachments: opt(z.array(attachment)),
  reply_to: opt(
    z.looseObject({
      mid: opt(zId),
      story: opt(z.looseObject({ id: opt(zId), url: opt(z.string()) })),
    }),
  ),
});
const itemSchema = z.looseObject({
  sender: opt(z.looseObject({ id: opt(zId) })),
  recipient: opt(z.looseObject({ id: opt(zId) })),
  timestamp: opt(z.number()),
  message: opt(messageSchema),
  read: opt(z.looseObject({})),
  message_edit: opt(z.looseObject({ mid: opt(zId), text: opt(zText) })),
  reaction: opt(
    z.looseObject({
      mid: opt(zId),
      action: opt(z.string()),
      emoji: opt(zText),
      reaction: opt(zText),
    }),
  ),
  postback: opt(z.looseObject({ title: opt(zText), payload: opt(zText) })),
});
type Item = z.output<typeof itemSchema>;
type Message = z.output<typeof messageSchema>;

/** Every messaging item of every entry; `standby` items (another app owns the thread) count the same. */
function items(payload: unknown): { entry: unknown; item: unknown }[] {
  const out: { entry: unknown; item: unknown }[] = [];
  for (const entry of list(field(payload, "entry")))
    for (const item of [...list(field(entry, "messaging")), ...list(field(entry, "standby"))])
      out.push({ entry, item });
  return out;
}

/** Instagram Messaging webhook -> normalized events. Unknown shapes are kept as "unsupported", never dropped. */
export const parseInstagram = neverThrows("Instagram", (payload: unknown, ownAccountId: string): NormalizedEvent[] => {
  const root = parseItem(envelope, payload, "payload");
  if (!root.ok) return [root.event];
  if (root.data.object !== undefined && root.data.object !== "instagram")
    return [{ kind: "ignored", reason: `object ${shown(root.data.object)}` }];
  const out: NormalizedEvent[] = [];
  for (const rawEntry of root.data.entry) {
    const entry = parseItem(entrySchema, rawEntry, "entry");
    if (!entry.ok) {
      out.push(entry.event);
      continue;
    }
    for (const raw of [...entry.data.messaging, ...entry.data.standby]) {
      const item = parseItem(itemSchema, raw, "messaging item");
      out.push(item.ok ? parseOne(item.data, raw, entry.data.time, ownAccountId) : item.event);
    }
  }
  return out;
});

function parseOne(item: Item, raw: unknown, entryTime: number | undefined, own: string): NormalizedEvent {
  const sender = item.sender?.id ?? "";
  const recipient = item.recipient?.id ?? "";
  const timestamp = ms(item.timestamp, entryTime);
  const m = item.message;

  if (m?.is_echo === true) {
    if (!m.mid) return { kind: "ignored", reason: "echo without mid" };
    if (!recipient) return { kind: "ignored", reason: "echo without recipient" };
    return {
      kind: "echo",
      externalId: m.mid,
      to: { externalId: recipient },
      timestamp,
      text: m.text ?? "",
      media: mediaOf(m),
    };
  }
  if (item.read) {
    if (!sender) return { kind: "ignored", reason: "read receipt without sender" };
    return { kind: "read", customerExternalId: sender, upTo: timestamp };
  }
  if (sender && own && sender === own) return { kind: "ignored", reason: "sent by our own account" };
  if (m?.is_deleted === true && m.mid) return { kind: "delete", externalId: m.mid };
  if (item.message_edit?.mid)
    return { kind: "edit", externalId: item.message_edit.mid, text: item.message_edit.text ?? "", timestamp };
  if (!sender) return { kind: "ignored", reason: "event without sender" };

  const base = {
    kind: "message" as const,
    externalId: m?.mid ?? syntheticId(raw),
    from: { externalId: sender },
    timestamp,
    media: [] as MediaRef[],
    metadata: {} as Record<string, unknown>,
  };
  if (m) {
    const text = m.text ?? "";
    if (m.reply_to?.mid) base.metadata.replyTo = m.reply_to.mid;
    if (m.quick_reply?.payload) base.metadata.quickReply = m.quick_reply.payload;
    if (m.reply_to?.story) {
      base.metadata.story = { id: m.reply_to.story.id ?? null, url: m.reply_to.story.url ?? null };
      return { ...base, messageKind: "story_reply", text };
    }
    const attachments = m.attachments ?? [];
    if (attachments.length) {
      const media = mediaOf(m);
      const types = attachments.map((a) => a.type ?? "unknown");
      if (types.includes("story_mention")) {
        base.metadata.story = { url: attachments[0]?.payload?.url ?? null };
        return { ...base, messageKind: "story_mention", text: text || "Mentioned you in their story", media };
      }
      if (types.every((t) => t === "share")) {
        base.metadata.share = attachments.map((a) => a.payload ?? null);
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
  if (item.reaction) {
    const r = item.reaction;
    base.metadata.reaction = r;
    if (r.mid) base.metadata.replyTo = r.mid;
    const what = r.action === "unreact" ? "Removed a reaction" : `Reacted ${r.emoji ?? r.reaction ?? ""}`.trim();
    return { ...base, messageKind: "reaction", text: `${what} to a message` };
  }
  if (item.postback) {
    base.metadata.postback = { title: item.postback.title ?? null, payload: item.postback.payload ?? null };
    return { ...base, messageKind: "postback", text: item.postback.title ?? item.postback.payload ?? "" };
  }
  base.metadata.raw = raw;
  return { ...base, messageKind: "unsupported", text: "Unsupported event (kept as received)" };
}

function mediaOf(m: Message): MediaRef[] {
  const out: MediaRef[] = [];
  for (const a of m.attachments ?? []) {
    const kind = a.type ? MEDIA_KINDS[a.type] : undefined;
    const url = a.payload?.url;
    if (kind && url && /^https?:\/\//i.test(url)) out.push({ kind, url });
  }
  return out;
}

/** Events without a message id (reactions, postbacks): the same delivery always gets the same id. */
const syntheticId = (item: unknown) => `ig-event:${sha256Hex(JSON.stringify(item ?? null)).slice(0, 40)}`;

/** Account ids a delivery names (entry ids), read from the not-yet-trusted payload without ever throwing. */
export function instagramAccountIds(payload: unknown): string[] {
  const ids = list(field(payload, "entry")).map((e) => idOf(field(e, "id")));
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** One part per Instagram account when a delivery carries entries for several of ours. */
export function instagramSplit(payload: unknown): { accountId: string; payload: unknown }[] {
  const parts = new Map<string, unknown[]>();
  for (const e of list(field(payload, "entry"))) {
    const id = idOf(field(e, "id")) ?? "";
    parts.set(id, [...(parts.get(id) ?? []), e]);
  }
  return [...parts].map(([accountId, entry]) => ({ accountId, payload: { ...(payload as object), entry } }));
}

const isEcho = (item: unknown) => field(field(item, "message"), "is_echo") === true;

/** The customer's IGSID: the sender, or the recipient of our own (echoed) messages. */
export function instagramOrderingKey(payload: unknown): string {
  for (const { item } of items(payload)) {
    const who = idOf(field(field(item, isEcho(item) ? "recipient" : "sender"), "id"));
    if (who) return who;
  }
  return "account";
}

export function instagramSummary(payload: unknown): string {
  const n = { message: 0, echo: 0, read: 0, other: 0 };
  const from = new Set<string>();
  for (const { item } of items(payload)) {
    if (isEcho(item)) n.echo++;
    else if (field(item, "read")) n.read++;
    else if (field(item, "message")) {
      n.message++;
      const id = idOf(field(field(item, "sender"), "id"));
      if (id) from.add(id);
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
