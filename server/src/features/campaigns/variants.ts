import type { CampaignVariantInput, VariantResult, WinnerState } from "@switchboard/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { CampaignRow } from "./queries";

export type Variant = CampaignVariantInput & { templateName: string };

/** The split's variants, in key order ([] without a split; rows from before the split hold an object). */
export function variantsOf(c: Pick<CampaignRow, "variants">): Variant[] {
  if (!Array.isArray(c.variants)) return [];
  return [...c.variants].sort((a, b) => a.key.localeCompare(b.key)) as Variant[];
}

/** Only a test phase holds recipients back, so only then is there a winner to choose. */
export const hasTestPhase = (c: Pick<CampaignRow, "winnerRule" | "variants">) =>
  variantsOf(c).length > 0 && c.winnerRule?.testPercent !== undefined;

/**
 * The variant of the recipient ranked `n` (1-based) of `total` sendable ones, as SQL. The ranks are
 * cut into consecutive buckets at the cumulative percents (rounded, so each bucket is within one of
 * its exact share); with a test phase the buckets cover only the first testPercent of the ranks and
 * the rest get null (held for the winner).
 */
export function variantCase(c: Pick<CampaignRow, "winnerRule" | "variants">, n: SQL, total: SQL): SQL {
  const variants = variantsOf(c);
  const share = hasTestPhase(c) ? c.winnerRule!.testPercent! : 100;
  let cum = 0;
  const arms = variants.map((v) => {
    cum += v.percent;
    // n <= round(total * share% * cum%): integers in the SQL, numeric rounding in PostgreSQL.
    return sql`when ${n} <= round(${total}::numeric * ${share * cum}::int / 10000) then ${v.key}`;
  });
  return sql`case ${sql.join(arms, sql` `)} end`;
}

export function winnerState(c: CampaignRow): WinnerState | null {
  const rule = c.winnerRule;
  if (!rule || !variantsOf(c).length) return null;
  return {
    metric: rule.metric,
    mode: rule.mode,
    testPercent: rule.testPercent ?? null,
    testHours: rule.testHours ?? null,
    testEndsAt: c.testEndsAt ? c.testEndsAt.toISOString() : null,
    variant: c.winnerVariant,
    chosenAt: c.winnerChosenAt ? c.winnerChosenAt.toISOString() : null,
    rates: c.winnerRates ?? null,
  };
}

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? r : ((r as { rows: Row[] }).rows ?? []));
const share = (n: number, of: number) => (of ? n / of : 0);

/**
 * Each variant's funnel, from the timestamps, in key order, and the recipients still held for the
 * winner. One grouped scan. A reply counts as delivered and read too: Meta's read receipt may be
 * off (the user's privacy setting) or arrive after the reply, and a reply proves both.
 */
export async function variantResults(db: Db, c: CampaignRow): Promise<{ byVariant: VariantResult[]; held: number }> {
  const rows = rowsOf(
    await db.execute(sql`
      select variant,
        count(*) filter (where variant is not null)::int as recipients,
        count(*) filter (where sent_at is not null)::int as sent,
        count(*) filter (where sent_at is not null
          and coalesce(delivered_at, read_at, replied_at) is not null)::int as delivered,
        count(*) filter (where sent_at is not null and coalesce(read_at, replied_at) is not null)::int as read,
        count(*) filter (where sent_at is not null and replied_at is not null)::int as replied,
        count(*) filter (where status = 'failed')::int as failed,
        count(*) filter (where variant is null and status = 'pending')::int as held
      from campaign_recipients where campaign_id = ${c.id} and step = 'first'
      group by variant`),
  );
  const by = new Map(rows.map((r) => [r.variant as string | null, r]));
  const num = (r: Row | undefined, k: string) => Number(r?.[k] ?? 0);
  const byVariant = variantsOf(c).map((v) => {
    const r = by.get(v.key);
    const sent = num(r, "sent");
    return {
      key: v.key,
      templateId: v.templateId,
      templateName: v.templateName,
      percent: v.percent,
      recipients: num(r, "recipients"),
      sent,
      delivered: num(r, "delivered"),
      read: num(r, "read"),
      replied: num(r, "replied"),
      failed: num(r, "failed"),
      rates: {
        delivered: share(num(r, "delivered"), sent),
        read: share(num(r, "read"), sent),
        replied: share(num(r, "replied"), sent),
      },
    };
  });
  return { byVariant, held: num(by.get(null), "held") };
}
