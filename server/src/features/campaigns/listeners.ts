import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { registerStatusClaimer } from "../channels";
import { applyCampaignStatus, applyCampaignStatusesBatch, campaignStatusIds } from "./apply-status";
import { campaignProgressed, registerCampaignRealtime } from "./progress";

/** A reply within this long after a campaign message counts as a reply to it. */
const REPLY_WINDOW = "7 days";

/**
 * A customer's message after a campaign send marks that recipient `replied` and links the
 * conversation to the campaign (issue 9 §3: replies land in the inbox as usual; the report sees
 * them). After commit, from the inbox's own event: the inbox is not edited for campaigns.
 */
export function registerCampaignListeners(ctx: AppContext) {
  // Delivery statuses of campaign messages (no inbox message stands for them): see apply-status.ts.
  registerStatusClaimer(ctx, applyCampaignStatus, campaignStatusIds, applyCampaignStatusesBatch);
  registerCampaignRealtime(ctx);
  ctx.bus.after("message.created", async ({ message, conversation }) => {
    if (message.direction !== "inbound" || message.senderType !== "customer") return;
    // By contact, or by number: a customer who writes first from WhatsApp may be a contact of their
    // own (keyed by wa_id) until an agent merges them; the number is the same.
    const digits = conversation.contact.phone?.replace(/\D/g, "") || null;
    const replied = (await ctx.db.execute(sql`
      update campaign_recipients r set status = 'replied', replied_at = now(), conversation_id = ${conversation.id}
      where r.id = (
        select r2.id from campaign_recipients r2 join campaigns c on c.id = r2.campaign_id
        where (r2.contact_id = ${conversation.contact.id} or r2.phone = ${digits}) and c.channel_id = ${conversation.channelId}
          and r2.status in ('sent', 'delivered', 'read') and r2.sent_at > now() - interval '${sql.raw(REPLY_WINDOW)}'
        order by r2.sent_at desc limit 1)
      returning r.campaign_id`)) as unknown as { rows: { campaign_id: string }[] };
    campaignProgressed(
      ctx,
      replied.rows.map((r) => r.campaign_id),
    );
  });
}
