import type { SendableTemplate } from "../channels";
import type { CampaignRow } from "./queries";

/**
 * A campaign with the Marketing Messages API option sends its (MARKETING, checked at creation)
 * template through `/marketing_messages` with its TTL; the sender reads that off the template.
 */
export function withMarketingApi(t: SendableTemplate, c: Pick<CampaignRow, "marketingApi">): SendableTemplate {
  if (!c.marketingApi?.enabled) return t;
  return { ...t, marketingMessages: c.marketingApi.ttlSeconds ? { ttlSeconds: c.marketingApi.ttlSeconds } : {} };
}
