import type { FollowUpStats } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { optedOutContacts } from "../inbox";

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? r : ((r as { rows: Row[] }).rows ?? []));
const uuids = (ids: string[]) => sql`string_to_array(${ids.join(",")}, ',')::uuid[]`;

/** The variant key follow-up rows carry: the dispatcher resolves it to the follow-up's template. */
export const FOLLOW_UP_KEY = "follow_up";

/**
 * Creates the follow-up row of each given first message that was sent, in its campaign's follow-up
 * (if any), due `afterHours` after the send. Called in the transaction that records the send, so a
 * sent first message always has its follow-up; `on conflict` makes a second call a no-op.
 */
export async function scheduleFollowUps(db: Db, recipientIds: string[]) {
  if (!recipientIds.length) return;
  await db.execute(sql`
    insert into campaign_recipients
      (campaign_id, contact_id, phone, time_zone, variant, step, parent_id, status, next_attempt_at)
    select r.campaign_id, r.contact_id, r.phone, r.time_zone, ${FOLLOW_UP_KEY}, 'follow_up', r.id, 'pending',
           r.sent_at + make_interval(hours => (c.follow_up->>'afterHours')::int)
    from campaign_recipients r join campaigns c on c.id = r.campaign_id
    where r.id = any(${uuids(recipientIds)}) and r.step = 'first' and r.sent_at is not null
      and c.follow_up is not null
    on conflict (campaign_id, contact_id, step) do nothing`);
}

/**
 * Due follow-ups that no longer qualify end `skipped` with the reason, before the claim: the first
 * message was replied to (or read, for not_read), failed after it was accepted, or the contact opted
 * out since. The rest stay pending and the ordinary claim takes them.
 */
export async function settleDueFollowUps(db: Db, campaignId: string) {
  const due = rowsOf(
    await db.execute(sql`
      select f.id, f.contact_id, p.status as parent_status, c.follow_up->>'when' as cond
      from campaign_recipients f
      join campaign_recipients p on p.id = f.parent_id
      join campaigns c on c.id = f.campaign_id
      where f.campaign_id = ${campaignId} and f.step = 'follow_up' and f.status = 'pending'
        and f.next_attempt_at <= now()`),
  );
  if (!due.length) return;
  const optedOut = await optedOutContacts(
    db,
    due.map((r) => String(r.contact_id)),
  );
  const skips: { id: string; cls: string; reason: string }[] = [];
  for (const r of due) {
    const st = String(r.parent_status);
    if (st === "replied") skips.push({ id: String(r.id), cls: "engaged", reason: "Replied to the first message" });
    else if (r.cond === "not_read" && st === "read")
      skips.push({ id: String(r.id), cls: "engaged", reason: "Read the first message" });
    else if (st === "failed") skips.push({ id: String(r.id), cls: "first_failed", reason: "The first message failed" });
    else if (optedOut.has(String(r.contact_id)))
      skips.push({ id: String(r.id), cls: "opted_out", reason: "The contact opted out of marketing" });
  }
  if (!skips.length) return;
  await db.execute(sql`
    update campaign_recipients f set status = 'skipped', error_class = s.cls, error_reason = s.reason
    from json_to_recordset(${JSON.stringify(skips)}::json) as s(id uuid, cls text, reason text)
    where f.id = s.id and f.status = 'pending'`);
}

/** The follow-up's funnel from its rows (timestamps, so a replied one counts as delivered and read). */
export async function followUpStats(db: Db, campaignId: string): Promise<FollowUpStats> {
  const [r] = rowsOf(
    await db.execute(sql`
      select count(*)::int as due,
        count(*) filter (where status in ('pending', 'sending'))::int as pending,
        count(*) filter (where sent_at is not null)::int as sent,
        count(*) filter (where sent_at is not null and coalesce(delivered_at, read_at, replied_at) is not null)::int as delivered,
        count(*) filter (where sent_at is not null and coalesce(read_at, replied_at) is not null)::int as read,
        count(*) filter (where replied_at is not null)::int as replied,
        count(*) filter (where status = 'skipped')::int as skipped,
        count(*) filter (where status = 'failed')::int as failed
      from campaign_recipients where campaign_id = ${campaignId} and step = 'follow_up'`),
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    due: n("due"),
    pending: n("pending"),
    sent: n("sent"),
    delivered: n("delivered"),
    read: n("read"),
    replied: n("replied"),
    skipped: n("skipped"),
    failed: n("failed"),
  };
}
