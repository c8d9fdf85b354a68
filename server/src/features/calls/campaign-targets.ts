import type { CallCampaignTarget } from "@switchboard/contracts";
import { asc, eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { contactSummaries } from "../inbox";
import { getCallCampaign } from "./campaign-control";
import { callCampaignTargets } from "./schema";

/** A campaign's targets in a stable order, each with its contact, state, outcome and attempts (404 for no campaign). */
export async function listCallCampaignTargets(ctx: AppContext, id: string): Promise<{ items: CallCampaignTarget[] }> {
  await getCallCampaign(ctx, id);
  const rows = await ctx.db
    .select()
    .from(callCampaignTargets)
    .where(eq(callCampaignTargets.campaignId, id))
    .orderBy(asc(callCampaignTargets.id));
  const people = await contactSummaries(
    ctx.db,
    rows.map((r) => r.contactId),
  );
  return {
    items: rows.map((r) => {
      const c = people.get(r.contactId);
      return {
        id: r.id,
        contact: { id: r.contactId, name: c?.name ?? null, phone: c?.phone ?? null },
        toNumber: r.toNumber,
        timeZone: r.timeZone,
        state: r.state,
        outcome: r.outcome,
        reason: r.reason,
        attempts: r.attempts,
        nextAttemptAt: r.nextAttemptAt.toISOString(),
        callId: r.callId,
      };
    }),
  };
}
