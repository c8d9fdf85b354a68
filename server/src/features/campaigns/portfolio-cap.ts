import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { type PortfolioLimit, portfolioLimit } from "../channels";
import { campaignRow } from "./queries";

/**
 * Unique users the portfolio's campaigns messaged in the rolling 24 h (issue 9 §3): every claimed
 * send counts from its `sending_at`, failed ones too. Meta counts delivered users only, so this
 * errs on the safe side; a send outside campaigns (an agent's reply) is inside a service window
 * and does not count against the limit.
 */
export async function usedLast24h(db: Db, channelIds: string[]): Promise<number> {
  if (!channelIds.length) return 0;
  const result = (await db.execute(sql`
    select count(distinct r.phone)::int as n
    from campaign_recipients r join campaigns c on c.id = r.campaign_id
    where c.channel_id = any(string_to_array(${channelIds.join(",")}, ',')::uuid[])
      and r.sending_at > now() - interval '24 hours' and r.phone is not null`)) as unknown as {
    rows: { n: number }[];
  };
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * How many more unique users the portfolio may reach now; null: no cap (unlimited, or the limit not
 * known yet). `p` is read before the transaction (it may call the Graph API and write through
 * ctx.db; on a one-connection driver that would wait for this very transaction). The count runs
 * under a transaction-scoped advisory lock per portfolio, so two dispatchers (other campaigns,
 * other numbers, other processes) never both spend the same room.
 */
export async function portfolioRoom(tx: Db, p: PortfolioLimit | null) {
  if (!p || p.limit === null || p.limit === undefined) return null;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`wa-portfolio:${p.portfolioId}`}))`);
  return Math.max(0, p.limit - (await usedLast24h(tx, p.channelIds)));
}

/** GET /api/campaigns/:id/stats's `messagingLimit`: absent for a channel that has no portfolio. */
export async function messagingLimitStats(ctx: AppContext, campaignId: string) {
  const c = await campaignRow(ctx.db, campaignId);
  const p = await portfolioLimit(ctx, c.channelId);
  if (!p) return undefined;
  return { limit: p.limit ?? null, used24h: await usedLast24h(ctx.db, p.channelIds) };
}
