import type { DeliveryStatus } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { storableOrNull } from "../../platform/storable";
import { toMessageRow } from "./append-inbound";
import { attachmentPath, getConversations, loadMessages } from "./queries";

export interface StatusItem {
  externalId: string;
  status: DeliveryStatus;
  error?: { code: string; message: string };
}

export interface StatusBatchResult {
  /** Messages whose status changed (one `message.updated` each, after commit). */
  updated: number;
  /** Items for an id no message carries (yet): parked (update-delivery-status.ts). */
  parked: number;
}

/**
 * How long a status for an unknown message id waits for its message. Our own send's answer comes
 * within seconds to minutes; a status still unmatched after a day belongs to a message some other
 * tool sent from the same number, and is dropped.
 */
export const PARKED_STATUS_TTL_MS = 24 * 3600_000;

/**
 * Many provider statuses of one channel (many messages, many customers) in ONE statement, whatever
 * their count: the webhook drain's round (about 3 statuses per message sent: sent, delivered, read).
 * The outcome is exactly that of applying the items one by one in the given order, where a status
 * replaces only an earlier one (queued < sent < delivered < read; read may come without delivered)
 * and failed replaces only queued or sent and is final. Folded per message in SQL:
 *  - a message already failed keeps failed;
 *  - from queued/sent, the first failed wins when no delivered/read came before it in the batch
 *    (it would have been applied, and nothing replaces failed);
 *  - otherwise the highest of the current status and the batch's other statuses.
 * The UPDATE computes that from the row's latest version (READ COMMITTED re-reads a row a
 * concurrent writer changed), and writes only rows that change: a status delivered twice, or a
 * replay after a crash, changes nothing and announces nothing.
 * Items for an id no message carries are parked in the same statement (one row per id and status),
 * except statuses of a part that does not stand for its sent message (the first of three files):
 * nothing to change, never anything to wait for. One statement: all of it applies or none of it.
 * After the commit, one `message.updated` per changed message, carrying its final state.
 */
export async function applyStatusesBatch(
  ctx: AppContext,
  channelId: string,
  items: StatusItem[],
): Promise<StatusBatchResult> {
  if (!items.length) return { updated: 0, parked: 0 };
  const input = JSON.stringify(
    items.map((s, ord) => ({
      ord,
      ext: s.externalId,
      status: s.status,
      // Provider text is untrusted: PostgreSQL refuses NUL.
      error_code: s.status === "failed" ? storableOrNull(s.error?.code ?? null) : null,
      error_message: s.status === "failed" ? storableOrNull(s.error?.message ?? null) : null,
    })),
  );
  // The fold, on the row's latest version (READ COMMITTED re-reads a row a concurrent writer changed).
  const next = sql.raw(`case
      when m.status = 'failed' then 'failed'
      when m.status in ('queued', 'sent') and p.first_failed is not null
           and (p.first_reached is null or p.first_failed < p.first_reached) then 'failed'
      when p.top > array_position(array['queued','sent','delivered','read'], m.status)
        then (array['queued','sent','delivered','read'])[p.top]
      else m.status
    end`);
  const r = (await ctx.db.execute(sql`
    with input as (
      select * from json_to_recordset(${input}::json)
        as t(ord int, ext text, status text, error_code text, error_message text)
    ), per_message as (
      select m.id,
             max(array_position(array['queued','sent','delivered','read'], i.status)) as top,
             min(i.ord) filter (where i.status = 'failed') as first_failed,
             min(i.ord) filter (where i.status in ('delivered', 'read')) as first_reached,
             (array_agg(i.error_code order by i.ord) filter (where i.status = 'failed'))[1] as error_code,
             (array_agg(i.error_message order by i.ord) filter (where i.status = 'failed'))[1] as error_message
        from input i join messages m on m.channel_id = ${channelId} and m.external_id = i.ext
       group by m.id
    ), upd as (
      update messages m
         set status = ${next},
             error_code = case when ${next} = 'failed' then coalesce(p.error_code, 'failed') else m.error_code end,
             error_message = case when ${next} = 'failed'
                                  then coalesce(nullif(p.error_message, ''), 'The provider could not deliver this message')
                                  else m.error_message end,
             updated_at = now()
        from per_message p
       where m.id = p.id and ${next} <> m.status
      returning m.*, (select u.avatar_url from users u where m.sender_type = 'agent' and u.id::text = m.sender_id)
                     as sender_avatar
    ), parked as (
      insert into parked_statuses (channel_id, external_id, status, error_code, error_message)
      select distinct on (i.ext, i.status) ${channelId}::uuid, i.ext, i.status, i.error_code, i.error_message
        from input i
       where not exists (select 1 from messages m where m.channel_id = ${channelId} and m.external_id = i.ext)
         and not exists (
           select 1 from message_parts p join messages pm on pm.id = p.message_id
            where p.channel_id = ${channelId} and p.external_id = i.ext and pm.status <> 'queued')
       order by i.ext, i.status, i.ord
      on conflict do nothing
      returning external_id
    )
    select 'updated' as k, to_jsonb(upd) as row from upd
    union all
    select 'parked', jsonb_build_object('external_id', external_id) from parked`)) as unknown as {
    rows: { k: "updated" | "parked"; row: Record<string, unknown> }[];
  };
  const changed = r.rows.filter((x) => x.k === "updated").map((x) => x.row);
  const parkedIds = [...new Set(r.rows.filter((x) => x.k === "parked").map((x) => String(x.row.external_id)))];
  await announceUpdated(ctx, changed);
  let updated = changed.length;
  // A message may have received its id after our statement's snapshot, after its own release of
  // parked statuses had looked: look once more, so a parked status is never stranded by that race.
  if (parkedIds.length) updated += (await releaseParkedStatuses(ctx, channelId, parkedIds)).updated;
  return { updated, parked: parkedIds.length };
}

/** Applied in this order when several parked statuses of one message are released at once. */
const RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, failed: 2, delivered: 3, read: 4 };

/**
 * Applies the statuses parked for these provider message ids whose message now carries the id, in
 * one claim (DELETE ... RETURNING: two concurrent callers never both apply one status) and one
 * batch. Cheap when nothing is parked (one indexed DELETE).
 */
export async function releaseParkedStatuses(
  ctx: AppContext,
  channelId: string,
  externalIds: string[],
): Promise<StatusBatchResult> {
  if (!externalIds.length) return { updated: 0, parked: 0 };
  const claimed = (await ctx.db.execute(sql`
    delete from parked_statuses p
     where p.channel_id = ${channelId} and p.external_id in (select json_array_elements_text(${JSON.stringify(externalIds)}::json))
       and p.received_at > now() - make_interval(secs => ${PARKED_STATUS_TTL_MS / 1000})
       and exists (select 1 from messages m where m.channel_id = p.channel_id and m.external_id = p.external_id)
    returning external_id, status, error_code, error_message`)) as unknown as {
    rows: { external_id: string; status: DeliveryStatus; error_code: string | null; error_message: string | null }[];
  };
  if (!claimed.rows.length) return { updated: 0, parked: 0 };
  const ordered = [...claimed.rows].sort((a, b) => RANK[a.status] - RANK[b.status]);
  return applyStatusesBatch(
    ctx,
    channelId,
    ordered.map((s) => ({
      externalId: s.external_id,
      status: s.status,
      error: s.error_code ? { code: s.error_code, message: s.error_message ?? "" } : undefined,
    })),
  );
}

/** Message ids among `ids` that are queued on this channel with a part at the provider right now. */
export async function listSendsInFlight(db: Db, channelId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const r = (await db.execute(sql`
    select id from messages
     where id in (select json_array_elements_text(${JSON.stringify(ids)}::json)::uuid) and channel_id = ${channelId} and status = 'queued' and sending is not null`)) as unknown as {
    rows: { id: string }[];
  };
  return new Set(r.rows.map((x) => String(x.id)));
}

async function announceUpdated(ctx: AppContext, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  // Two independent reads, side by side: one round trip of waiting per round, not two.
  const [conversations, messages] = await Promise.all([
    getConversations(ctx.db, [...new Set(rows.map((r) => String(r.conversation_id)))]),
    loadMessages(
      ctx.db,
      rows.map((r) => ({ m: toMessageRow(r), senderAvatar: (r.sender_avatar as string | null) ?? null })),
      attachmentPath,
    ),
  ]);
  for (const message of messages) {
    const conversation = conversations.get(message.conversationId);
    if (conversation) ctx.bus.emit("message.updated", { message, conversation });
  }
}
