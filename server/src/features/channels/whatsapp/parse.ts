import { z } from "zod";
import type { CustomerProfile, MediaRef, NormalizedEvent } from "../adapter";
import { parseResolutionButtonId } from "../resolution-buttons";
import { parseSurveyButtonId } from "../survey-buttons";
import { parseMessagingLimit } from "./messaging-limit";
import { field, idOf, list, neverThrows, opt, parseItem, shown, zEpoch, zId, zItems, zText } from "../parse-kit";

const secs = (s: unknown) => new Date(Number(s) * 1000 || Date.now());

// Schemas for the parts of a Cloud API webhook we read; everything else passes through untouched.
const envelope = z.looseObject({ entry: zItems });
const entrySchema = z.looseObject({ id: opt(zId), changes: zItems });
const changeSchema = z.looseObject({ field: opt(z.string()), value: opt(z.looseObject({})) });
const templateUpdate = z.looseObject({
  message_template_id: opt(zId),
  message_template_name: opt(zText),
  message_template_language: opt(zText),
  event: opt(zText),
  reason: opt(zText),
});
const qualityUpdate = z.looseObject({
  message_template_id: opt(zId),
  message_template_name: opt(zText),
  message_template_language: opt(zText),
  new_quality_score: opt(zText),
});
/** Business-account changes that carry no phone number: routed by the WABA id (see changeAccount). */
const WABA_FIELDS = [
  "message_template_status_update",
  "message_template_quality_update",
  "business_capability_update",
  "phone_number_quality_update",
];
/** Both carry the portfolio's messaging limit since Oct 2025 (max_daily_conversations_per_business). */
const LIMIT_FIELDS = ["business_capability_update", "phone_number_quality_update"];
const messagesValue = z.looseObject({
  contacts: zItems,
  messages: zItems,
  statuses: zItems,
});
const contactSchema = z.looseObject({ wa_id: zId, profile: opt(z.looseObject({ name: opt(zText) })) });
const mediaSchema = z.looseObject({
  id: opt(zId),
  mime_type: opt(zText),
  filename: opt(zText),
  caption: opt(zText),
  voice: opt(z.boolean()),
});
const coordinate = z.union([z.number(), z.string().transform((s) => s.slice(0, 40))]);
const replySchema = z.looseObject({ id: opt(zText), title: opt(zText), description: opt(zText) });
const messageSchema = z.looseObject({
  id: zId,
  from: zId,
  timestamp: opt(zEpoch),
  type: opt(z.string().transform((s) => s.slice(0, 40))),
  context: opt(z.looseObject({ id: opt(zId) })),
  text: opt(z.looseObject({ body: opt(zText) })),
  image: opt(mediaSchema),
  video: opt(mediaSchema),
  audio: opt(mediaSchema),
  document: opt(mediaSchema),
  sticker: opt(mediaSchema),
  location: opt(
    z.looseObject({
      latitude: opt(coordinate),
      longitude: opt(coordinate),
      name: opt(zText),
      address: opt(zText),
    }),
  ),
  contacts: opt(
    z.array(
      z.looseObject({
        name: opt(z.looseObject({ formatted_name: opt(zText) })),
        phones: opt(z.array(z.looseObject({ phone: opt(zText) }))),
      }),
    ),
  ),
  interactive: opt(z.looseObject({ type: opt(zText), button_reply: opt(replySchema), list_reply: opt(replySchema) })),
  button: opt(z.looseObject({ payload: opt(zText), text: opt(zText) })),
  // An empty or missing emoji is a removed reaction.
  reaction: opt(z.looseObject({ message_id: opt(zId), emoji: opt(zText) })),
});
const STATUSES = ["sent", "delivered", "read", "failed"] as const;
const statusSchema = z.looseObject({
  id: zId,
  status: z.string(),
  timestamp: opt(zEpoch),
  recipient_id: opt(zId),
  /** Echo of the `biz_opaque_callback_data` we set on a send (our message id): ties a status to our row. */
  biz_opaque_callback_data: opt(zText),
  errors: opt(
    z.array(
      z.looseObject({
        code: opt(z.union([z.number(), zText])),
        title: opt(zText),
        message: opt(zText),
        error_data: opt(z.looseObject({ details: opt(zText) })),
      }),
    ),
  ),
});

type Message = z.output<typeof messageSchema>;

/** Every entry, change, message and status of a WhatsApp Cloud API webhook; unknown types kept, never dropped. */
export const parseWhatsApp = neverThrows("WhatsApp", (payload: unknown): NormalizedEvent[] => {
  const root = parseItem(envelope, payload, "payload");
  if (!root.ok) return [root.event];
  const out: NormalizedEvent[] = [];
  for (const rawEntry of root.data.entry) {
    const entry = parseItem(entrySchema, rawEntry, "entry");
    if (!entry.ok) {
      out.push(entry.event);
      continue;
    }
    for (const rawChange of entry.data.changes) {
      const change = parseItem(changeSchema, rawChange, "change");
      if (!change.ok) {
        out.push(change.event);
        continue;
      }
      const value = change.data.value ?? {};
      if (change.data.field === "message_template_status_update") {
        const t = parseItem(templateUpdate, value, "template status update");
        if (!t.ok) out.push(t.event);
        else
          out.push({
            kind: "template_status",
            ...(t.data.message_template_id ? { externalId: t.data.message_template_id } : {}),
            name: t.data.message_template_name ?? "",
            language: t.data.message_template_language ?? "",
            status: t.data.event ?? "",
            // Meta sends reason "NONE" with approvals.
            ...(t.data.reason && t.data.reason !== "NONE" ? { reason: t.data.reason } : {}),
          });
        continue;
      }
      if (change.data.field === "message_template_quality_update") {
        const q = parseItem(qualityUpdate, value, "template quality update");
        if (!q.ok) out.push(q.event);
        else
          out.push({
            kind: "template_quality",
            ...(q.data.message_template_id ? { externalId: q.data.message_template_id } : {}),
            name: q.data.message_template_name ?? "",
            language: q.data.message_template_language ?? "",
            quality: q.data.new_quality_score ?? "UNKNOWN",
          });
        continue;
      }
      if (LIMIT_FIELDS.includes(String(change.data.field))) {
        const limit = parseMessagingLimit(value.max_daily_conversations_per_business);
        out.push(
          limit
            ? { kind: "portfolio_limit", limit: limit.limit, tier: limit.tier }
            : { kind: "ignored", reason: `${shown(change.data.field)} without max_daily_conversations_per_business` },
        );
        continue;
      }
      if (change.data.field !== "messages") {
        out.push({ kind: "ignored", reason: `field ${shown(change.data.field)}` });
        continue;
      }
      const v = parseItem(messagesValue, value, "messages change");
      if (!v.ok) {
        out.push(v.event);
        continue;
      }
      const names = new Map<string, string | null>();
      for (const c of v.data.contacts) {
        const contact = contactSchema.safeParse(c);
        if (contact.success) names.set(contact.data.wa_id, contact.data.profile?.name ?? null);
      }
      for (const m of v.data.messages) {
        const msg = parseItem(messageSchema, m, "message");
        out.push(msg.ok ? parseMessage(msg.data, names) : msg.event);
      }
      for (const s of v.data.statuses) {
        const st = parseItem(statusSchema, s, "status");
        if (!st.ok) {
          out.push(st.event);
          continue;
        }
        out.push(parseStatus(st.data));
      }
    }
  }
  return out;
});

function parseStatus(s: z.output<typeof statusSchema>): NormalizedEvent {
  const status = STATUSES.find((k) => k === s.status);
  if (!status) return { kind: "ignored", reason: `status ${shown(s.status)}` };
  const err = s.errors?.[0];
  return {
    kind: "status",
    externalId: s.id,
    status,
    timestamp: secs(s.timestamp),
    ...(s.biz_opaque_callback_data ? { callbackData: s.biz_opaque_callback_data } : {}),
    ...(err
      ? {
          error: {
            code: err.code === undefined ? "unknown" : String(err.code),
            message: [err.title ?? err.message, err.error_data?.details].filter(Boolean).join(": "),
          },
        }
      : {}),
  };
}

function parseMessage(m: Message, names: Map<string, string | null>): NormalizedEvent {
  const from: CustomerProfile = { externalId: m.from, name: names.get(m.from) ?? null, phone: `+${m.from}` };
  const base = {
    kind: "message" as const,
    externalId: m.id,
    from,
    timestamp: secs(m.timestamp),
    media: [] as MediaRef[],
    metadata: {} as Record<string, unknown>,
  };
  if (m.context?.id) base.metadata.replyTo = m.context.id;
  const type = m.type ?? "unknown";
  switch (type) {
    case "text":
      return { ...base, messageKind: "text", text: m.text?.body ?? "" };
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      const o: NonNullable<Message[typeof type]> = m[type] ?? {};
      const media: MediaRef = { kind: type, id: o.id, mimeType: o.mime_type, fileName: o.filename };
      if (type === "audio" && o.voice) base.metadata.voice = true;
      return { ...base, messageKind: "media", text: o.caption ?? "", media: [media] };
    }
    case "location": {
      const l: NonNullable<Message["location"]> = m.location ?? {};
      base.metadata.location = l;
      const label = [l.name, l.address].filter(Boolean).join(", ");
      return {
        ...base,
        messageKind: "location",
        text: `📍 ${label ? `${label} ` : ""}(${l.latitude}, ${l.longitude})`,
      };
    }
    case "contacts": {
      base.metadata.contacts = m.contacts;
      const lines = (m.contacts ?? []).map((c) => {
        const phone = c.phones?.[0]?.phone;
        return `👤 ${c.name?.formatted_name ?? "Contact"}${phone ? `, ${phone}` : ""}`;
      });
      return { ...base, messageKind: "contacts", text: lines.join("\n") };
    }
    case "interactive": {
      const i: NonNullable<Message["interactive"]> = m.interactive ?? {};
      // A tap on our "Did this answer your question?" buttons is an answer to that question, not a message.
      const ours = i.type === "button_reply" ? parseResolutionButtonId(i.button_reply?.id) : null;
      if (ours) return { kind: "resolution_tap", customerExternalId: m.from, ...ours };
      const survey = i.type === "list_reply" ? parseSurveyButtonId(i.list_reply?.id) : null;
      if (survey) return { kind: "survey_tap", customerExternalId: m.from, ...survey };
      const reply: z.output<typeof replySchema> = i.button_reply ?? i.list_reply ?? {};
      base.metadata.interactive = { type: i.type, id: reply.id, title: reply.title, description: reply.description };
      return { ...base, messageKind: "interactive", text: reply.title ?? "" };
    }
    case "button":
      base.metadata.button = { payload: m.button?.payload, text: m.button?.text };
      return { ...base, messageKind: "button", text: m.button?.text ?? "" };
    case "reaction": {
      const r: NonNullable<Message["reaction"]> = m.reaction ?? {};
      base.metadata.reaction = r;
      if (r.message_id) base.metadata.replyTo = r.message_id;
      // WhatsApp removes a reaction by sending the same reaction with an empty (or no) emoji.
      const what = r.emoji ? `Reacted ${r.emoji}` : "Removed a reaction";
      if (!r.emoji) base.metadata.removed = true;
      return { ...base, messageKind: "reaction", text: `${what} to a message` };
    }
    default:
      base.metadata.raw = m;
      return { ...base, messageKind: "unsupported", text: `Unsupported message type "${type}" (kept as received)` };
  }
}

/** Where each change of a delivery goes: its phone number id, or the WABA for template updates. */
function changeAccount(entry: unknown, change: unknown): string | null {
  const id = idOf(field(field(field(change, "value"), "metadata"), "phone_number_id"));
  if (id) return id;
  // Template updates carry no phone number; they are routed by the WhatsApp Business Account id.
  const waba = idOf(field(entry, "id"));
  return WABA_FIELDS.includes(String(field(change, "field"))) && waba ? `waba:${waba}` : null;
}

/** Account ids a delivery names, read from the (not yet trusted) payload without ever throwing. */
export function whatsappAccountIds(payload: unknown): string[] {
  const ids = new Set<string>();
  for (const e of list(field(payload, "entry")))
    for (const c of list(field(e, "changes"))) {
      const id = changeAccount(e, c);
      if (id) ids.add(id);
    }
  return [...ids];
}

/**
 * One delivery can carry changes for several phone numbers of one business account: one part per
 * account, each with only its own changes, so each is stored for (and applied by) its own channel.
 */
export function whatsappSplit(payload: unknown): { accountId: string; payload: unknown }[] {
  const parts = new Map<string, Map<unknown, unknown[]>>();
  for (const e of list(field(payload, "entry")))
    for (const c of list(field(e, "changes"))) {
      const id = changeAccount(e, c) ?? "";
      const byEntry = parts.get(id) ?? new Map<unknown, unknown[]>();
      byEntry.set(e, [...(byEntry.get(e) ?? []), c]);
      parts.set(id, byEntry);
    }
  return [...parts].map(([accountId, byEntry]) => ({
    accountId,
    payload: {
      ...(payload as object),
      entry: [...byEntry].map(([e, changes]) => ({ ...(e as object), changes })),
    },
  }));
}

export function whatsappOrderingKey(payload: unknown): string {
  for (const e of list(field(payload, "entry")))
    for (const c of list(field(e, "changes"))) {
      const v = field(c, "value");
      const who =
        idOf(field(list(field(v, "messages"))[0], "from")) ??
        idOf(field(list(field(v, "statuses"))[0], "recipient_id"));
      if (who) return who;
    }
  return "account";
}

export function whatsappSummary(payload: unknown): string {
  let messages = 0;
  let statuses = 0;
  const other: string[] = [];
  for (const e of list(field(payload, "entry")))
    for (const c of list(field(e, "changes"))) {
      messages += list(field(field(c, "value"), "messages")).length;
      statuses += list(field(field(c, "value"), "statuses")).length;
      if (field(c, "field") !== "messages") other.push(shown(field(c, "field")));
    }
  const parts = [
    messages && `${messages} message${messages > 1 ? "s" : ""}`,
    statuses && `${statuses} status${statuses > 1 ? "es" : ""}`,
    ...other.slice(0, 5),
  ].filter(Boolean);
  return parts.join(", ") || "empty";
}
