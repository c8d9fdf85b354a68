import type { Conversation, Message } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { storableJson, storableOrNull, storableText } from "../../platform/storable";
import { toMessageRow } from "./append-inbound";
import { announceContactsCreated } from "./contact-events";
import { preview } from "./preview";
import { attachmentPath, getConversations, loadMessages } from "./queries";
import { type ProviderIdentity, upsertContactIdentities } from "./upsert-contacts-batch";

export interface InboundBatchItem {
  /** Provider message id: unique per channel; a second delivery (in the batch or before) is a no-op. */
  externalId: string;
  from: ProviderIdentity;
  content: string;
  kind: string;
  senderName: string | null;
  metadata: Record<string, unknown>;
}

/**
 * Many customers' plain messages (no attachments yet, no conversation chosen) of one channel in a
 * fixed number of statements, whatever their count: the webhook drain's round. The same rules as
 * appendInbound applied to each item in the given order: the contact behind each sender is found
 * or created (one statement), each message goes into its sender's latest unresolved conversation
 * or a new one, after that conversation's last message and after the sender's earlier items,
 * counters follow, and a known external id changes nothing. Opening conversations and appending
 * are one transaction (no empty conversation is left when the append fails). After the commit:
 * `message.created` per message in order, then `conversation.updated` once per conversation, both
 * carrying the conversation as the batch left it.
 *
 * Returns, per item (by index), the new message's id, or null for a duplicate.
 * Keep in step with append-inbound.ts (the one-message statement) when conversation columns change.
 */
export async function appendInboundBatch(
  ctx: AppContext,
  channelId: string,
  items: InboundBatchItem[],
): Promise<(string | null)[]> {
  const result: (string | null)[] = items.map(() => null);
  if (!items.length) return result;
  const who = await upsertContactIdentities(
    ctx.db,
    channelId,
    items.map((i) => i.from),
  );
  const seen = new Set<string>();
  const rows: {
    ord: number;
    identity_id: string;
    contact_id: string;
    ext: string;
    sender_name: string | null;
    content: string;
    kind: string;
    metadata: unknown;
    preview: string;
  }[] = [];
  items.forEach((m, ord) => {
    if (seen.has(m.externalId)) return; // a redelivery inside the batch: the first one counts
    seen.add(m.externalId);
    const id = who.get(m.from.externalId)!;
    // Provider text is untrusted: PostgreSQL refuses NUL (and jsonb lone surrogates).
    const content = storableText(m.content);
    rows.push({
      ord,
      identity_id: id.identityId,
      contact_id: id.contactId,
      ext: m.externalId,
      sender_name: storableOrNull(m.senderName),
      content,
      kind: m.kind,
      metadata: storableJson(m.metadata),
      preview: preview(content, m.kind === "media" ? 1 : 0),
    });
  });
  const input = JSON.stringify(rows);
  const done = await ctx.db.transaction(async (tx) => {
    // Senders without an unresolved conversation (and with a message not seen before) get one.
    const opened = (await tx.execute(sql`
      with input as (
        select * from json_to_recordset(${input}::json) as t(identity_id uuid, contact_id uuid, ext text)
      )
      insert into conversations (channel_id, contact_id, identity_id, status, last_message_at, waiting_since)
      select distinct on (identity_id) ${channelId}::uuid, contact_id, identity_id, 'open', now(), now() from input
       where not exists (select 1 from conversations c where c.identity_id = input.identity_id and c.status <> 'resolved')
         and not exists (select 1 from messages m where m.channel_id = ${channelId} and m.external_id = input.ext)
      returning id`)) as unknown as { rows: { id: string }[] };
    const r = (await tx.execute(sql`
      with input as (
        select * from json_to_recordset(${input}::json) as t(ord int, identity_id uuid, contact_id uuid, ext text,
          sender_name text, content text, kind text, metadata jsonb, preview text)
      ), fresh as (
        select * from input
         where not exists (select 1 from messages m where m.channel_id = ${channelId} and m.external_id = input.ext)
      ), conv as (
        select distinct on (c.identity_id) c.identity_id, c.id, c.last_message_at from conversations c
         where c.identity_id in (select identity_id from fresh) and c.status <> 'resolved'
         order by c.identity_id, c.last_message_at desc
      ), numbered as (
        select f.*, conv.id as conversation_id, conv.last_message_at,
               row_number() over (partition by f.identity_id order by f.ord) as rn
          from fresh f join conv on conv.identity_id = f.identity_id
      ), ins as (
        insert into messages (conversation_id, channel_id, direction, sender_type, sender_id, sender_name,
                              content, kind, metadata, external_id, status, created_at, updated_at)
        -- Strictly after the conversation's last message and the sender's earlier messages here:
        -- messages stored in the same millisecond must still list in the order they came.
        select conversation_id, ${channelId}::uuid, 'inbound', 'customer', contact_id::text, sender_name, content, kind,
               metadata, ext, 'sent',
               greatest(now(), last_message_at + interval '1 millisecond') + (rn - 1) * interval '1 millisecond', now()
          from numbered order by ord
        on conflict do nothing
        returning *
      ), agg as (
        select ins.conversation_id, max(ins.created_at) as last_at, min(ins.created_at) as first_at, count(*)::int as n,
               (array_agg(n.preview order by ins.created_at desc))[1] as preview
          from ins join numbered n on n.ext = ins.external_id
         group by ins.conversation_id
      ), upd as (
        update conversations c set last_message_at = agg.last_at, last_inbound_at = agg.last_at,
               last_message_preview = agg.preview, agent_unread_count = c.agent_unread_count + agg.n,
               waiting_since = coalesce(c.waiting_since, agg.first_at),
               status = 'open', snoozed_until = null, updated_at = now(),
               -- the customer spoke last (kept in step with append-inbound.ts)
               last_message_sender_type = null, last_message_sender_id = null, last_message_sender_name = null
          from agg where c.id = agg.conversation_id
        returning c.id
      )
      select ins.*, n.ord as batch_ord from ins join numbered n on n.ext = ins.external_id order by n.ord`)) as unknown as {
      rows: (Record<string, unknown> & { batch_ord: number })[];
    };
    return { rows: r.rows, opened: new Set(opened.rows.map((o) => String(o.id))) };
  });
  // New people and new conversations are announced too (outgoing webhooks), after commit.
  await announceContactsCreated(ctx, [...new Set([...who.values()].filter((w) => w.created).map((w) => w.contactId))]);
  const inserted = done.rows;
  if (!inserted.length) return result;
  const conversations = await getConversations(ctx.db, [...new Set(inserted.map((r) => String(r.conversation_id)))]);
  const messages = await loadMessages(
    ctx.db,
    inserted.map((r) => ({ m: toMessageRow(r), senderAvatar: null })),
    attachmentPath,
    [],
  );
  for (const id of done.opened) {
    const conversation = conversations.get(id);
    if (conversation) ctx.bus.emit("conversation.created", { conversation });
  }
  announce(ctx, messages, conversations);
  inserted.forEach((r, i) => {
    result[Number(r.batch_ord)] = messages[i]!.id;
  });
  return result;
}

function announce(ctx: AppContext, messages: Message[], conversations: Map<string, Conversation>) {
  for (const message of messages) {
    const conversation = conversations.get(message.conversationId);
    if (conversation) ctx.bus.emit("message.created", { message, conversation });
  }
  for (const conversation of conversations.values()) ctx.bus.emit("conversation.updated", { conversation });
}
