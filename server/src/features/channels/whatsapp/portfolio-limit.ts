import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import type { Db } from "../../../platform/db/client";
import { loadChannels } from "../configs";
import { whatsappPortfolioLimits } from "../schema";
import { call, type Cfg } from "./graph";
import { parseMessagingLimit } from "./messaging-limit";

/** Re-read from the Graph API when the stored value is older than this (the webhook updates it between). */
const REFRESH_MS = 15 * 60_000;

export async function recordPortfolioLimit(
  db: Db,
  wabaId: string,
  value: { limit: number | null; tier: string },
  source: "graph" | "webhook",
) {
  await db
    .insert(whatsappPortfolioLimits)
    .values({ wabaId, messagingLimit: value.limit, tier: value.tier, source })
    .onConflictDoUpdate({
      target: whatsappPortfolioLimits.wabaId,
      set: { messagingLimit: value.limit, tier: value.tier, source, updatedAt: sql`now()` },
    });
}

export interface PortfolioLimit {
  wabaId: string;
  /** Every WhatsApp channel of the portfolio: their campaigns share the limit. */
  channelIds: string[];
  /** undefined: not known yet (no cap applied); null: unlimited. */
  limit: number | null | undefined;
}

/**
 * The messaging limit of a channel's portfolio, re-read from the Graph API (`GET /{phone-number-id}
 * ?fields=whatsapp_business_manager_messaging_limit`) when missing or stale. A failed read keeps the
 * stored value: a Graph hiccup must not stop a campaign, nor lift its cap.
 */
export async function portfolioLimit(ctx: AppContext, channelId: string): Promise<PortfolioLimit | null> {
  const all = await loadChannels(ctx);
  const channel = all.get(channelId);
  if (channel?.type !== "whatsapp") return null;
  const wabaId = String(channel.settings.wabaId);
  const channelIds = [...all.values()]
    .filter((c) => c.type === "whatsapp" && String(c.settings.wabaId) === wabaId)
    .map((c) => c.id);
  const [row] = await ctx.db
    .select()
    .from(whatsappPortfolioLimits)
    .where(eq(whatsappPortfolioLimits.wabaId, wabaId))
    .limit(1);
  let limit: number | null | undefined = row ? row.messagingLimit : undefined;
  if (!row || Date.now() - row.updatedAt.getTime() > REFRESH_MS) {
    try {
      const r = await call<{ whatsapp_business_manager_messaging_limit?: unknown; messaging_limit_tier?: unknown }>(
        channel as unknown as Cfg,
        `${channel.settings.phoneNumberId}?fields=whatsapp_business_manager_messaging_limit`,
        { method: "GET" },
      );
      // messaging_limit_tier is the deprecated per-number field: read only if the new one is absent.
      const v = parseMessagingLimit(r?.whatsapp_business_manager_messaging_limit ?? r?.messaging_limit_tier);
      if (v) {
        await recordPortfolioLimit(ctx.db, wabaId, v, "graph");
        limit = v.limit;
      }
    } catch (err) {
      ctx.log.warn({ err, channelId }, "could not read the portfolio messaging limit; keeping the stored one");
    }
  }
  return { wabaId, channelIds, limit };
}
