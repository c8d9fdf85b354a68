/**
 * Meta's spellings of a messaging limit: the Graph field `whatsapp_business_manager_messaging_limit`
 * (TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED) and the webhook's
 * `max_daily_conversations_per_business` (2000, 10000, 100000, UNLIMITED). undefined: not a limit.
 */
export function parseMessagingLimit(v: unknown): { limit: number | null; tier: string } | undefined {
  if (typeof v === "number" && Number.isInteger(v) && v > 0) return { limit: v, tier: String(v) };
  if (typeof v !== "string") return undefined;
  const tier = v.trim().toUpperCase();
  if (/UNLIMITED/.test(tier)) return { limit: null, tier };
  const m = /^(?:TIER_)?(\d+)(K?)$/.exec(tier);
  if (!m) return undefined;
  return { limit: Number(m[1]) * (m[2] ? 1000 : 1), tier };
}
