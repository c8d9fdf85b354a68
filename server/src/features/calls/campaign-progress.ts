import { type CallCampaign, callTargetOutcomes, callTargetStates } from "@switchboard/contracts";
import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { type CallCampaignRow, callCampaignTargets, callCampaigns } from "./schema";

/** Targets by state and by outcome, one grouped statement per campaign. */
export async function campaignCounts(db: Db, campaignId: string): Promise<CallCampaign["counts"]> {
  const rows = await db
    .select({ state: callCampaignTargets.state, outcome: callCampaignTargets.outcome, n: sql<number>`count(*)::int` })
    .from(callCampaignTargets)
    .where(eq(callCampaignTargets.campaignId, campaignId))
    .groupBy(callCampaignTargets.state, callCampaignTargets.outcome);
  const byState = Object.fromEntries(callTargetStates.map((s) => [s, 0])) as CallCampaign["counts"]["byState"];
  const byOutcome = Object.fromEntries(callTargetOutcomes.map((s) => [s, 0])) as CallCampaign["counts"]["byOutcome"];
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    byState[r.state] += n;
    if (r.outcome) byOutcome[r.outcome] += n;
  }
  return { total, byState, byOutcome };
}

export async function toCallCampaign(db: Db, c: CallCampaignRow): Promise<CallCampaign> {
  return {
    id: c.id,
    name: c.name,
    flowId: c.flowId,
    status: c.status,
    audience: c.audience,
    callingHours: c.callingHours,
    concurrency: c.concurrency,
    sandbox: c.sandbox,
    retries: c.retries,
    counts: await campaignCounts(db, c.id),
    createdAt: c.createdAt.toISOString(),
    startedAt: c.startedAt?.toISOString() ?? null,
    completedAt: c.completedAt?.toISOString() ?? null,
  };
}

/** After a commit: the campaign's status and counts to admins and agents, in every process. Never throws. */
export async function announceCampaign(ctx: AppContext, campaignId: string) {
  try {
    const [c] = await ctx.db.select().from(callCampaigns).where(eq(callCampaigns.id, campaignId));
    if (!c) return;
    ctx.bus.emit("call_campaign.progress", {
      campaignId,
      status: c.status,
      counts: await campaignCounts(ctx.db, c.id),
    });
  } catch (err) {
    ctx.log.warn({ err, campaignId }, "call_campaign.progress failed");
  }
}
