import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";

/** Below this many answered conversations a median says little: the widget then makes no promise. */
export const MIN_REPLY_SAMPLES = 5;

/**
 * How long customers of a channel wait for the first answer: the median, over the 100 most recent
 * conversations of the last 30 days that got one, of the time from the customer's first message
 * to the first public agent or AI reply. One statement on indexed lookups (conversations by
 * channel, messages by conversation), so it is cheap enough to compute per widget load instead of
 * being cached.
 */
export async function typicalFirstReply(
  db: Db,
  channelId: string,
): Promise<{ seconds: number | null; samples: number }> {
  const r = (await db.execute(sql`
    with recent as (
      select c.id from conversations c
      where c.channel_id = ${channelId} and c.created_at > now() - interval '30 days'
      order by c.created_at desc
      limit 300
    ), waits as (
      select extract(epoch from (answered.at - asked.at)) as s
      from recent
      cross join lateral (
        select min(m.created_at) as at from messages m
        where m.conversation_id = recent.id and m.direction = 'inbound' and m.sender_type = 'customer'
      ) asked
      cross join lateral (
        select min(m.created_at) as at from messages m
        where m.conversation_id = recent.id and m.direction = 'outbound' and not m.private
          and m.sender_type in ('agent', 'ai') and m.created_at >= asked.at
      ) answered
      where answered.at is not null
      limit 100
    )
    select percentile_cont(0.5) within group (order by s) as median, count(*)::int as n from waits`)) as unknown as {
    rows: { median: number | string | null; n: number }[];
  };
  const row = r.rows[0];
  const samples = Number(row?.n ?? 0);
  if (!row || samples < MIN_REPLY_SAMPLES || row.median === null) return { seconds: null, samples };
  return { seconds: Math.round(Number(row.median)), samples };
}
