import { type SQL, sql } from "drizzle-orm";
import type { CampaignEngagement } from "../inbox";
import { campaignRecipients } from "./schema";

type Step = Parameters<CampaignEngagement["condition"]>[0]["step"];

// A recipient's status only moves forward (sent -> delivered -> read -> replied), so "reached a step"
// is "is at it or later": a read receipt that arrives before the delivery receipt still counts as
// delivered. `failed` stands apart (a failed recipient reached nothing).
const REACHED: Record<Step, string[]> = {
  sent: ["sent", "delivered", "read", "replied"],
  delivered: ["delivered", "read", "replied"],
  read: ["read", "replied"],
  replied: ["replied"],
  failed: ["failed"],
};

/**
 * The inbox's segment compiler asks this for "contact reached `step` in campaign X" as SQL over
 * campaign_recipients, which only this feature reads. It is an uncorrelated `id in (subquery)` like
 * the compiler's other relations: PostgreSQL runs it once per statement over the recipients list
 * index (campaign_id, status, id) and hashes it, so a live count over 100k contacts stays one query
 * and no id list passes through the process.
 */
export const campaignEngagement: CampaignEngagement = {
  condition(c, contactId: SQL): SQL {
    const statuses = sql.join(
      REACHED[c.step].map((s) => sql`${s}::text`),
      sql`, `,
    );
    return sql`${contactId} in (select cr.contact_id from ${campaignRecipients} cr where cr.campaign_id = ${c.campaignId}::uuid and cr.step = 'first' and cr.status in (${statuses}))`;
  },
};
