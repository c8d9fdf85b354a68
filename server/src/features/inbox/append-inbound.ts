import type { Conversation, Message } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import type { InboundMessage } from "./ingest-inbound";
import { preview } from "./preview";
import { attachmentPath, getConversation, loadMessages } from "./queries";
import type { messages } from "./schema";

/**
 * The common case of ingestInbound in one statement: a customer writes (no attachments, no
 * conversation chosen by the caller). Finding or opening the conversation, inserting the message
 * once and bumping the counters is a single atomic statement instead of a transaction of five to
 * seven round trips: this is the webhook drain's hot path. Returns null when the external id was
 * seen before: the caller then takes the general path, which reports the duplicate.
 */
export async function appendInbound(
  ctx: AppContext,
  m: InboundMessage,
): Promise<{ message: Message; conversation: Conversation; duplicate: false } | null> {
  const r = await ctx.database.executeSql(
    `with conv as (
       select id from conversations where identity_id = $1 and status <> 'resolved'
        order by last_message_at desc limit 1
     ), fresh as (
       -- No open conversation: open one, already carrying this message's counters (a sibling
       -- statement cannot update a row inserted in the same statement). Not for a redelivery.
       insert into conversations (channel_id, contact_id, identity_id, status, last_message_at, last_inbound_at,
                                  last_message_preview, agent_unread_count, waiting_since)
       select $2, $3, $1, 'open', now(), now(), $9, 1, now()
        where not exists (select 1 from conv)
          and not exists (select 1 from messages where channel_id = $2 and external_id = $8)
       returning id
     ), target as (
       select id from conv union all select id from fresh
     ), ins as (
       insert into messages (conversation_id, channel_id, direction, sender_type, sender_id, sender_name,
                             content, kind, metadata, external_id, status, created_at, updated_at)
       -- Strictly after the conversation's last message: two messages of one delivery stored in the
       -- same millisecond must still list in the order they came.
       select target.id, $2, 'inbound', 'customer', $3, $4, $5, $6, $7::jsonb, $8, 'sent',
              greatest(now(), coalesce(c.last_message_at + interval '1 millisecond', now())), now()
         from target left join conversations c on c.id = target.id
       on conflict do nothing
       returning *
     ), upd as (
       update conversations c set last_message_at = ins.created_at, last_inbound_at = ins.created_at,
              last_message_preview = $9, agent_unread_count = c.agent_unread_count + 1,
              waiting_since = coalesce(c.waiting_since, ins.created_at),
              status = 'open', snoozed_until = null, updated_at = now()
              , last_message_sender_type = null, last_message_sender_id = null, last_message_sender_name = null -- i7-labels: the customer spoke last
         from ins where c.id = ins.conversation_id
       returning c.id
     )
     select ins.*, exists (select 1 from fresh) as opened from ins where exists (select 1 from upd) or exists (select 1 from fresh)`,
    [
      m.identityId,
      m.channelId,
      m.contactId,
      m.senderName ?? null,
      m.content,
      m.kind ?? "text",
      JSON.stringify(m.metadata ?? {}),
      m.externalId ?? null,
      preview(m.content, m.kind === "media" ? 1 : 0),
    ],
  );
  const row = r.rows[0] as Record<string, unknown> | undefined;
  if (!row) return null;
  const [message] = await loadMessages(ctx.db, [{ m: toMessageRow(row), senderAvatar: null }], attachmentPath, []);
  const conversation = (await getConversation(ctx.db, String(row.conversation_id)))!;
  if (row.opened === true) ctx.bus.emit("conversation.created", { conversation });
  ctx.bus.emit("message.created", { message: message!, conversation });
  ctx.bus.emit("conversation.updated", { conversation });
  return { message: message!, conversation, duplicate: false };
}

export function toMessageRow(r: Record<string, unknown>): typeof messages.$inferSelect {
  return {
    id: String(r.id),
    conversationId: String(r.conversation_id),
    channelId: String(r.channel_id),
    direction: r.direction as "inbound",
    senderType: r.sender_type as "customer",
    senderId: (r.sender_id as string | null) ?? null,
    senderName: (r.sender_name as string | null) ?? null,
    private: Boolean(r.private),
    content: String(r.content),
    externalId: (r.external_id as string | null) ?? null,
    kind: String(r.kind),
    metadata: (typeof r.metadata === "string" ? JSON.parse(r.metadata) : r.metadata) as Record<string, unknown>,
    status: r.status as "sent",
    attempts: Number(r.attempts),
    errorCode: (r.error_code as string | null) ?? null,
    errorMessage: (r.error_message as string | null) ?? null,
    sending: (r.sending ?? null) as (typeof messages.$inferSelect)["sending"],
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}
