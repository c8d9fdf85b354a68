import type { CustomerProfile, MediaRef, NormalizedEvent } from "../adapter";

type Json = any;
const secs = (s: unknown) => new Date(Number(s) * 1000 || Date.now());

/** Every entry, change, message and status of a WhatsApp Cloud API webhook; unknown types kept, never dropped. */
export function parseWhatsApp(payload: Json): NormalizedEvent[] {
  const out: NormalizedEvent[] = [];
  for (const entry of asArray(payload?.entry)) {
    for (const change of asArray(entry?.changes)) {
      const value = change?.value ?? {};
      if (change?.field === "message_template_status_update") {
        out.push({
          kind: "template_status",
          name: String(value.message_template_name ?? ""),
          language: String(value.message_template_language ?? ""),
          status: String(value.event ?? ""),
          reason: value.reason ?? undefined,
        });
        continue;
      }
      if (change?.field !== "messages") {
        out.push({ kind: "ignored", reason: `field ${String(change?.field)}` });
        continue;
      }
      const names = new Map<string, string>();
      for (const c of asArray(value.contacts)) if (c?.wa_id) names.set(String(c.wa_id), c?.profile?.name ?? null);
      for (const m of asArray(value.messages)) out.push(parseMessage(m, names));
      for (const s of asArray(value.statuses)) {
        const status = s?.status;
        if (!["sent", "delivered", "read", "failed"].includes(status) || !s?.id) continue;
        const err = asArray(s.errors)[0];
        out.push({
          kind: "status",
          externalId: String(s.id),
          status,
          timestamp: secs(s.timestamp),
          // Our message id, echoed from the send (settles a send that was in flight at a crash).
          ...(typeof s.biz_opaque_callback_data === "string" ? { callbackData: s.biz_opaque_callback_data } : {}),
          ...(err
            ? {
                error: {
                  code: String(err.code ?? "unknown"),
                  message: [err.title ?? err.message, err.error_data?.details].filter(Boolean).join(": "),
                },
              }
            : {}),
        });
      }
    }
  }
  return out;
}

function parseMessage(m: Json, names: Map<string, string>): NormalizedEvent {
  const from: CustomerProfile = {
    externalId: String(m?.from ?? ""),
    name: names.get(String(m?.from)) ?? null,
    phone: m?.from ? `+${m.from}` : null,
  };
  const base = {
    kind: "message" as const,
    externalId: String(m?.id ?? ""),
    from,
    timestamp: secs(m?.timestamp),
    media: [] as MediaRef[],
    metadata: {} as Record<string, unknown>,
  };
  if (m?.context?.id) base.metadata.replyTo = String(m.context.id);
  const type = String(m?.type ?? "unknown");
  switch (type) {
    case "text":
      return { ...base, messageKind: "text", text: String(m.text?.body ?? "") };
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      const o = m[type] ?? {};
      const media: MediaRef = {
        kind: type,
        id: o.id ? String(o.id) : undefined,
        mimeType: o.mime_type,
        fileName: o.filename,
      };
      if (type === "audio" && o.voice) base.metadata.voice = true;
      return { ...base, messageKind: "media", text: String(o.caption ?? ""), media: [media] };
    }
    case "location": {
      const l = m.location ?? {};
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
      const lines = asArray(m.contacts).map(
        (c: Json) =>
          `👤 ${c?.name?.formatted_name ?? "Contact"}${asArray(c?.phones)[0]?.phone ? `, ${asArray(c.phones)[0].phone}` : ""}`,
      );
      return { ...base, messageKind: "contacts", text: lines.join("\n") };
    }
    case "interactive": {
      const i = m.interactive ?? {};
      const reply = i.button_reply ?? i.list_reply ?? {};
      base.metadata.interactive = { type: i.type, id: reply.id, title: reply.title, description: reply.description };
      return { ...base, messageKind: "interactive", text: String(reply.title ?? "") };
    }
    case "button":
      base.metadata.button = { payload: m.button?.payload, text: m.button?.text };
      return { ...base, messageKind: "button", text: String(m.button?.text ?? "") };
    case "reaction":
      base.metadata.reaction = m.reaction;
      return { ...base, messageKind: "reaction", text: `Reacted ${m.reaction?.emoji ?? ""} to a message`.trim() };
    default:
      base.metadata.raw = m;
      return { ...base, messageKind: "unsupported", text: `Unsupported message type "${type}" (kept as received)` };
  }
}

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? v : []);

export function whatsappAccountIds(payload: Json): string[] {
  const ids = new Set<string>();
  for (const e of asArray(payload?.entry))
    for (const c of asArray(e?.changes)) {
      const id = c?.value?.metadata?.phone_number_id;
      if (id) ids.add(String(id));
      // Template updates carry no phone number; they are routed by the WhatsApp Business Account id.
      if (c?.field === "message_template_status_update" && e?.id) ids.add(`waba:${e.id}`);
    }
  return [...ids];
}

export function whatsappOrderingKey(payload: Json): string {
  for (const e of asArray(payload?.entry))
    for (const c of asArray(e?.changes)) {
      const v = c?.value ?? {};
      const who = asArray(v.messages)[0]?.from ?? asArray(v.statuses)[0]?.recipient_id;
      if (who) return String(who);
    }
  return "account";
}

export function whatsappSummary(payload: Json): string {
  let messages = 0;
  let statuses = 0;
  const other: string[] = [];
  for (const e of asArray(payload?.entry))
    for (const c of asArray(e?.changes)) {
      messages += asArray(c?.value?.messages).length;
      statuses += asArray(c?.value?.statuses).length;
      if (c?.field !== "messages") other.push(String(c?.field));
    }
  const parts = [
    messages && `${messages} message${messages > 1 ? "s" : ""}`,
    statuses && `${statuses} status${statuses > 1 ? "es" : ""}`,
    ...other,
  ].filter(Boolean);
  return parts.join(", ") || "empty";
}
