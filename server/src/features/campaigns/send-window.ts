import type { SendWindow } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";

/** Recipients whose contact has no (known) IANA zone: the window is read in UTC. */
export const FALLBACK_ZONE = "UTC";

/**
 * Before a claim: due recipients whose local time is outside the window get `next_attempt_at` = the
 * window's next opening in their zone, all in one statement (`at time zone`, no rows through the
 * process). The claim then only finds recipients inside it. Past `until` the window never opens
 * again: those are skipped (outside_window) so the campaign completes.
 */
export async function deferOutsideWindow(db: Db, campaignId: string, w: SendWindow) {
  const days = sql`string_to_array(${w.days.join(",")}, ',')::int[]`;
  const start = sql`${w.start}::time`;
  const end = sql`${w.end}::time`;
  const until = w.until ? sql`${w.until}::timestamptz` : sql`null::timestamptz`;
  await db.execute(sql`
    with due as (
      select r.id, coalesce(r.time_zone, ${FALLBACK_ZONE}) as z,
        now() at time zone coalesce(r.time_zone, ${FALLBACK_ZONE}) as lt
      from campaign_recipients r
      where r.campaign_id = ${campaignId} and r.status = 'pending' and r.next_attempt_at <= now()
        and r.variant is not null -- held for an A/B winner: deferred once released, not before
      for update of r skip locked
    ), outside as (
      select due.id,
        -- The first day (today included, if its opening is still ahead) that is a window day.
        (select min(((due.lt::date + d) + ${start}) at time zone due.z)
           from generate_series(0, 7) d
           where extract(isodow from due.lt::date + d)::int = any(${days})
             and (d > 0 or due.lt::time < ${start})) as opens
      from due
      where not (extract(isodow from due.lt)::int = any(${days})
                 and due.lt::time >= ${start} and due.lt::time < ${end})
         or now() >= coalesce(${until}, 'infinity')
    )
    update campaign_recipients r set
      next_attempt_at = case when o.opens <= coalesce(${until}, 'infinity') then o.opens else r.next_attempt_at end,
      status = case when o.opens <= coalesce(${until}, 'infinity') then r.status else 'skipped' end,
      error_class = case when o.opens <= coalesce(${until}, 'infinity') then r.error_class else 'outside_window' end,
      error_reason = case when o.opens <= coalesce(${until}, 'infinity') then r.error_reason
        else 'The send window closed for good before this recipient''s local window opened' end
    from outside o where r.id = o.id`);
}
