import type { CallCampaignTarget } from "@switchboard/contracts";
import { asc, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { contactSummaries } from "../inbox";
import { getCallCampaign } from "./campaign-control";
import { callCampaignTargets, calls } from "./schema";

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
  // The current calls' live category and what their conversation collected: the campaign page's progress.
  const callIds = rows.map((r) => r.callId).filter((x): x is string => !!x);
  const current = new Map(
    (callIds.length
      ? await ctx.db
          .select({ id: calls.id, category: calls.category, fields: calls.collectedFields })
          .from(calls)
          .where(inArray(calls.id, callIds))
      : []
    ).map((k) => [k.id, k]),
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
        callCategory: (r.callId && current.get(r.callId)?.category) || null,
        fields: (r.callId && current.get(r.callId)?.fields) || {},
      };
    }),
  };
}
