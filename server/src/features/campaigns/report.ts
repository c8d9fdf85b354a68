import { recipientErrorClasses } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { followUpStats } from "./follow-up";
import { campaignRow, campaignStats } from "./queries";
import { variantResults, variantsOf, winnerState } from "./variants";

/** Affected recipients listed per error class: enough to act on, small enough for one response. */
const FAILURES_PER_CLASS = 20;
/** The live send rate is measured over this window (the dispatcher paces per second; 10 s smooths it). */
const RATE_WINDOW_S = 10;

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? r : ((r as { rows: Row[] }).rows ?? []));

/**
 * The campaign report (issue 9 §4): counts, sends per minute over the campaign's life, the live
 * send rate against the configured one, each failure class with its first affected recipients, and
 * for an A/B split each variant's funnel.
 * Everything is computed from campaign_recipients so a second server process reports the same.
 */
export async function campaignReport(db: Db, campaignId: string) {
  const campaign = await campaignRow(db, campaignId);
  const base = await campaignStats(db, campaignId);
  // A failed recipient has no failed_at: the attempt started at sending_at, which is when it failed
  // for the purposes of a per-minute chart.
  const timeline = rowsOf(
    await db.execute(sql`
      select to_char(date_trunc('minute', t) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:00.000"Z"') as minute,
             count(*) filter (where failed = false)::int as sent,
             count(*) filter (where failed)::int as failed
      from (
        select coalesce(sent_at, sending_at) as t, status = 'failed' as failed
        from campaign_recipients
        where campaign_id = ${campaignId}
          and (sent_at is not null or (status = 'failed' and sending_at is not null))
      ) x
      group by 1 order by 1`),
  ).map((r) => ({ minute: String(r.minute), sent: Number(r.sent), failed: Number(r.failed) }));
  const [rate] = rowsOf(
    await db.execute(sql`
      select count(*)::int as n from campaign_recipients
      where campaign_id = ${campaignId} and sent_at > now() - make_interval(secs => ${RATE_WINDOW_S})`),
  );
  const affected = rowsOf(
    await db.execute(sql`
      select error_class, contact_id, phone, error_code, error_reason from (
        select error_class, contact_id, phone, error_code, error_reason,
               row_number() over (partition by error_class order by id) as n
        from campaign_recipients
        where campaign_id = ${campaignId} and step = 'first' and error_class is not null
      ) x where n <= ${FAILURES_PER_CLASS}
      order by error_class, n`),
  );
  const failures = Object.entries(base.byErrorClass)
    .filter(([cls]) => (recipientErrorClasses as readonly string[]).includes(cls))
    .sort((a, b) => b[1] - a[1])
    .map(([cls, count]) => ({
      errorClass: cls as (typeof recipientErrorClasses)[number],
      count,
      recipients: affected
        .filter((r) => r.error_class === cls)
        .map((r) => ({
          contactId: String(r.contact_id),
          phone: (r.phone as string | null) ?? null,
          errorCode: (r.error_code as string | null) ?? null,
          errorReason: (r.error_reason as string | null) ?? null,
        })),
    }));
  // An A/B campaign: its variants side by side, the recipients held for the winner, and the winner.
  const ab = variantsOf(campaign).length
    ? { ...(await variantResults(db, campaign)), winner: winnerState(campaign) }
    : {};
  // The timeline and send rate count every send (follow-ups too: they share the number's pace).
  const followUp = campaign.followUp ? { followUp: await followUpStats(db, campaignId) } : {};
  return {
    ...base,
    ...ab,
    ...followUp,
    timeline,
    sendRate: { current: Number(rate?.n ?? 0) / RATE_WINDOW_S, configured: campaign.ratePerSecond },
    failures,
  };
}
