import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { ProviderStatus } from "../channels";
import { optOutContact } from "../inbox";
import { actionFor, MARKETING_CAP_RETRIES } from "./error-classes";
import { queueDispatch } from "./job-handle";
import { campaignProgressed } from "./progress";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A text[] as one parameter (drizzle spreads a bare JS array into `($1, $2, ...)`, not an array; one
 * parameter per id would also meet PostgreSQL's parameter limit on a big round). Meta's ids and ours
 * hold no commas.
 */
const textArray = (xs: string[]) => sql`string_to_array(${xs.join(",")}, ',')`;

/**
 * Of a drain round's statuses, the ids that are campaign sends' (Meta's message id or our attempt
 * id): the batched drain hands exactly those to applyCampaignStatus, in one query per round.
 */
export async function campaignStatusIds(ctx: AppContext, channelId: string, statuses: ProviderStatus[]) {
  const externalIds = [...new Set(statuses.map((s) => s.externalId))];
  const attempts = [...new Set(statuses.map((s) => s.callbackData).filter((c): c is string => !!c && UUID.test(c)))];
  const found = (await ctx.db.execute(sql`
    select r.provider_message_id as external_id, r.attempt_id::text as attempt
    from campaign_recipients r join campaigns c on c.id = r.campaign_id
    where c.channel_id = ${channelId}
      and (r.provider_message_id = any(${textArray(externalIds)})
           or r.attempt_id = any(${textArray(attempts)}::uuid[]))`)) as unknown as {
    rows: { external_id: string | null; attempt: string | null }[];
  };
  const ids = new Set<string>();
  for (const r of found.rows) {
    if (r.external_id) ids.add(r.external_id);
    if (r.attempt) ids.add(r.attempt);
  }
  return ids;
}

/**
 * A WhatsApp status webhook about a campaign message: the recipient follows it forward only
 * (sent -> delivered -> read; replied is never undone by a late "read"). Matched by Meta's message
 * id, or by our attempt id (biz_opaque_callback_data) when the process died before recording the
 * id: then this status is the evidence that the send happened, and an `in_doubt` recipient becomes
 * `sent`. A `failed` status goes through the same error table as a refused send.
 */
export async function applyCampaignStatus(ctx: AppContext, channelId: string, e: ProviderStatus): Promise<boolean> {
  const attempt = e.callbackData && UUID.test(e.callbackData) ? e.callbackData : null;
  const found = (await ctx.db.execute(sql`
    select r.id, r.campaign_id, r.contact_id, r.status, r.attempts, r.cap_retries, r.error_class
    from campaign_recipients r join campaigns c on c.id = r.campaign_id
    where c.channel_id = ${channelId}
      and (r.provider_message_id = ${e.externalId} or r.attempt_id = ${attempt}::uuid)
    limit 1`)) as unknown as {
    rows: {
      id: string;
      campaign_id: string;
      contact_id: string;
      status: string;
      attempts: number;
      cap_retries: number;
      error_class: string | null;
    }[];
  };
  const r = found.rows[0];
  if (!r) return false;
  if (e.status === "failed") {
    if (!["sending", "sent", "delivered"].includes(r.status)) return true;
    const code = e.error?.code ?? null;
    const message = e.error?.message ?? "WhatsApp reported the message failed";
    const action = actionFor(code, 400, message);
    const capped = action.kind === "retry" && action.errorClass === "marketing_cap";
    const retry =
      action.kind === "retry" &&
      (capped ? Number(r.cap_retries) < MARKETING_CAP_RETRIES : Number(r.attempts) < action.maxAttempts);
    const at = retry ? new Date(Date.now() + action.delayMs(Number(r.attempts))) : null;
    await ctx.db.execute(sql`
      update campaign_recipients set
        status = ${retry ? "pending" : "failed"}, error_code = ${code}, error_class = ${action.errorClass},
        error_reason = ${action.kind === "fail" ? action.reason || message : message},
        next_attempt_at = coalesce(${at?.toISOString() ?? null}::timestamptz, next_attempt_at),
        attempt_id = ${retry ? null : sql`attempt_id`},
        cap_retries = cap_retries + ${capped && retry ? 1 : 0}
      where id = ${r.id}`);
    if (action.kind === "fail" && action.optOut)
      await optOutContact(ctx.db, r.contact_id, { source: "provider", reason: `WhatsApp error ${code}` });
    if (at) {
      // A campaign that had finished has a recipient to send again: it runs until that one ends.
      await ctx.db.execute(sql`
        update campaigns set status = 'running', completed_at = null, updated_at = now()
        where id = ${r.campaign_id} and status = 'completed'`);
      await queueDispatch(ctx, r.campaign_id, at);
    }
    campaignProgressed(ctx, [r.campaign_id]);
    return true;
  }
  const rank = sql`case status when 'pending' then 0 when 'sending' then 1 when 'failed' then 1 when 'sent' then 2
    when 'delivered' then 3 when 'read' then 4 when 'replied' then 5 else 0 end`;
  const next = { sent: 2, delivered: 3, read: 4 }[e.status];
  await ctx.db.execute(sql`
    update campaign_recipients set
      status = case when ${rank} < ${next} then ${e.status} else status end,
      provider_message_id = coalesce(provider_message_id, ${e.externalId}),
      sent_at = coalesce(sent_at, ${e.timestamp.toISOString()}::timestamptz),
      delivered_at = case when ${next} >= 3 then coalesce(delivered_at, ${e.timestamp.toISOString()}::timestamptz) else delivered_at end,
      read_at = case when ${next} >= 4 then coalesce(read_at, ${e.timestamp.toISOString()}::timestamptz) else read_at end,
      error_code = case when status = 'failed' and error_class = 'in_doubt' then null else error_code end,
      error_class = case when status = 'failed' and error_class = 'in_doubt' then null else error_class end,
      error_reason = case when status = 'failed' and error_class = 'in_doubt' then null else error_reason end
    where id = ${r.id} and (status <> 'failed' or error_class = 'in_doubt')`);
  campaignProgressed(ctx, [r.campaign_id]);
  return true;
}

/**
 * A drain round's campaign statuses (issue 9 §5: about three per message sent) in ONE statement
 * instead of two per status. The outcome is that of applyCampaignStatus on each in the given order:
 *  - sent/delivered/read only move a recipient forward (sent < delivered < read < replied); the
 *    round's highest wins, each timestamp is the first status that reached it, and a recipient
 *    failed for good keeps failed (only an `in_doubt` one is revived, its error cleared);
 *  - a recipient with a `failed` in the round goes the one-by-one way, in order: failed needs the
 *    error table, a retry, an opt-out or a campaign reopened, and is rare (never the throughput case).
 * Returns the keys (Meta's id, our attempt id) of the statuses that were campaign sends', so the
 * caller does not look for inbox messages with those ids.
 */
export async function applyCampaignStatusesBatch(
  ctx: AppContext,
  channelId: string,
  statuses: ProviderStatus[],
): Promise<Set<string>> {
  const claimed = new Set<string>();
  if (!statuses.length) return claimed;
  const input = JSON.stringify(
    statuses.map((s, ord) => ({
      ord,
      ext: s.externalId,
      attempt: s.callbackData && UUID.test(s.callbackData) ? s.callbackData : null,
      status: s.status,
      at: s.timestamp.toISOString(),
    })),
  );
  const rank =
    sql.raw(`case r.status when 'pending' then 0 when 'sending' then 1 when 'failed' then 1 when 'sent' then 2
    when 'delivered' then 3 when 'read' then 4 when 'replied' then 5 else 0 end`);
  const r = (await ctx.db.execute(sql`
    with input as (
      select * from json_to_recordset(${input}::json) as t(ord int, ext text, attempt uuid, status text, at timestamptz)
    ), matched as (
      -- Per status, the recipient it is about (as applyCampaignStatus's lookup: one per status).
      select i.*, m.id as recipient_id, m.campaign_id
        from input i
        cross join lateral (
          select r.id, r.campaign_id from campaign_recipients r join campaigns c on c.id = r.campaign_id
           where c.channel_id = ${channelId} and (r.provider_message_id = i.ext or r.attempt_id = i.attempt)
           limit 1) m
    ), per_recipient as (
      select recipient_id,
             bool_or(status = 'failed') as has_failed,
             max(case status when 'sent' then 2 when 'delivered' then 3 when 'read' then 4 end) as top,
             (array_agg(ext order by ord))[1] as ext,
             (array_agg(at order by ord))[1] as sent_at,
             (array_agg(at order by ord) filter (where status in ('delivered', 'read')))[1] as delivered_at,
             (array_agg(at order by ord) filter (where status = 'read'))[1] as read_at
        from matched group by recipient_id
    ), upd as (
      update campaign_recipients r set
        status = case when ${rank} < p.top then (array['sent','delivered','read'])[p.top - 1] else r.status end,
        provider_message_id = coalesce(r.provider_message_id, p.ext),
        sent_at = coalesce(r.sent_at, p.sent_at),
        delivered_at = coalesce(r.delivered_at, p.delivered_at),
        read_at = coalesce(r.read_at, p.read_at),
        error_code = case when r.status = 'failed' and r.error_class = 'in_doubt' then null else r.error_code end,
        error_class = case when r.status = 'failed' and r.error_class = 'in_doubt' then null else r.error_class end,
        error_reason = case when r.status = 'failed' and r.error_class = 'in_doubt' then null else r.error_reason end
      from per_recipient p
      where r.id = p.recipient_id and not p.has_failed
        and (r.status <> 'failed' or r.error_class = 'in_doubt')
      returning r.id
    )
    select m.ord, m.ext, m.attempt::text as attempt, m.campaign_id::text as campaign_id, p.has_failed,
           (select count(*) from upd)::int as updated
      from matched m join per_recipient p on p.recipient_id = m.recipient_id
     order by m.ord`)) as unknown as {
    rows: { ord: number; ext: string; attempt: string | null; campaign_id: string; has_failed: boolean }[];
  };
  for (const row of r.rows) {
    claimed.add(row.ext);
    if (row.attempt) claimed.add(row.attempt);
    // The rare recipient with a failure in the round: its statuses in order, the one-by-one way.
    if (row.has_failed) await applyCampaignStatus(ctx, channelId, statuses[Number(row.ord)]!);
  }
  // The statement committed on its own (no transaction around the round's claim): the consoles follow.
  campaignProgressed(
    ctx,
    r.rows.map((row) => row.campaign_id),
  );
  return claimed;
}
