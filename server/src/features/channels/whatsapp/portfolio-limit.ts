import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import type { Db } from "../../../platform/db/client";
import { loadChannels } from "../configs";
import { whatsappPortfolioLimits, whatsappWabaOwners } from "../schema";
import { call, type Cfg } from "./graph";
import { parseMessagingLimit } from "./messaging-limit";

/** Re-read from the Graph API when the stored value is older than this (the webhook updates it between). */
const REFRESH_MS = 15 * 60_000;
/** A WABA changes owner rarely (a migration between Business Managers): its owner is re-read daily. */
const OWNER_REFRESH_MS = 24 * 3600_000;

/** `GET /{waba-id}?fields=owner_business_info`: the Business Manager (portfolio) that owns the WABA. */
const ownerSchema = z.object({ owner_business_info: z.object({ id: z.string().min(1) }).passthrough() }).passthrough();

/** The portfolio a WABA belongs to: its owner business id when known, else the WABA itself. */
export async function portfolioOf(db: Db, wabaId: string): Promise<string> {
  const [row] = await db.select().from(whatsappWabaOwners).where(eq(whatsappWabaOwners.wabaId, wabaId)).limit(1);
  return row?.businessId ?? wabaId;
}

export async function recordPortfolioLimit(
  db: Db,
  portfolioId: string,
  value: { limit: number | null; tier: string },
  source: "graph" | "webhook",
) {
  await db
    .insert(whatsappPortfolioLimits)
    .values({ portfolioId, messagingLimit: value.limit, tier: value.tier, source })
    .onConflictDoUpdate({
      target: whatsappPortfolioLimits.portfolioId,
      set: { messagingLimit: value.limit, tier: value.tier, source, updatedAt: sql`now()` },
    });
}

export interface PortfolioLimit {
  /** The owner business id (or the WABA id while the owner is unknown): the lock and the count are keyed by it. */
  portfolioId: string;
  /** Every WhatsApp channel of the portfolio, across its WABAs: their campaigns share the limit. */
  channelIds: string[];
  /** undefined: not known yet (no cap applied); null: unlimited. */
  limit: number | null | undefined;
}

/**
 * The owner business of a WABA, read from the Graph API when unknown or a day old. A failed read
 * keeps what is stored (or the WABA as its own portfolio): a Graph hiccup must not stop a campaign.
 */
async function ownerOf(
  ctx: AppContext,
  channel: Cfg,
  wabaId: string,
  stored?: { businessId: string; updatedAt: Date },
) {
  if (stored && Date.now() - stored.updatedAt.getTime() <= OWNER_REFRESH_MS) return stored.businessId;
  try {
    const r = ownerSchema.safeParse(
      await call<unknown>(channel, `${wabaId}?fields=owner_business_info`, { method: "GET" }),
    );
    // An answer without an owner (a WABA not in a Business Manager): its own portfolio, asked again in a day.
    const businessId = r.success ? r.data.owner_business_info.id : wabaId;
    {
      await ctx.db
        .insert(whatsappWabaOwners)
        .values({ wabaId, businessId })
        .onConflictDoUpdate({ target: whatsappWabaOwners.wabaId, set: { businessId, updatedAt: sql`now()` } });
      return businessId;
    }
  } catch (err) {
    ctx.log.warn({ err, wabaId }, "could not read the WABA's owner business; keeping the stored one");
  }
  return stored?.businessId ?? null;
}

/**
 * The messaging limit of a channel's business portfolio, re-read from the Graph API (`GET
 * /{phone-number-id}?fields=whatsapp_business_manager_messaging_limit`) when missing or stale. The
 * portfolio is the WABA's owner business (Meta counts the limit per Business Manager, shared by all
 * its WABAs and numbers), so channels on two WABAs of one business share one room. A failed read
 * keeps the stored value: a Graph hiccup must not stop a campaign, nor lift its cap.
 */
export async function portfolioLimit(ctx: AppContext, channelId: string): Promise<PortfolioLimit | null> {
  const all = await loadChannels(ctx);
  const channel = all.get(channelId);
  if (channel?.type !== "whatsapp") return null;
  const wabaId = String(channel.settings.wabaId);
  const whatsapp = [...all.values()].filter((c) => c.type === "whatsapp");
  const wabas = [...new Set(whatsapp.map((c) => String(c.settings.wabaId)))];
  const owners = new Map(
    (await ctx.db.select().from(whatsappWabaOwners).where(inArray(whatsappWabaOwners.wabaId, wabas))).map((o) => [
      o.wabaId,
      o,
    ]),
  );
  const businessId = await ownerOf(ctx, channel as unknown as Cfg, wabaId, owners.get(wabaId));
  const portfolioId = businessId ?? wabaId;
  const portfolioOfWaba = (w: string) => (w === wabaId ? portfolioId : (owners.get(w)?.businessId ?? w));
  const channelIds = whatsapp
    .filter((c) => portfolioOfWaba(String(c.settings.wabaId)) === portfolioId)
    .map((c) => c.id);
  const [row] = await ctx.db
    .select()
    .from(whatsappPortfolioLimits)
    .where(eq(whatsappPortfolioLimits.portfolioId, portfolioId))
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
        await recordPortfolioLimit(ctx.db, portfolioId, v, "graph");
        limit = v.limit;
      }
    } catch (err) {
      ctx.log.warn({ err, channelId }, "could not read the portfolio messaging limit; keeping the stored one");
    }
  }
  return { portfolioId, channelIds, limit };
}
