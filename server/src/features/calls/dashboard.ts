import { type CallDashboard, callCategories } from "@switchboard/contracts";
import { and, desc, eq, gte, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { latencyOfCalls, latencyPerCall, transcriptsOf } from "../flows";
import { campaignCounts } from "./campaign-progress";
import { toCalls } from "./queries";
import { callCampaignTargets, callCampaigns, calls } from "./schema";

const LIVE_LIMIT = 20;
const CAMPAIGN_LIMIT = 10;

/**
 * The live call dashboard's first paint: calls created in the window by category, the calls in
 * progress with their transcripts so far, latency p50/p90 per stage over the window's calls, and
 * the running (or recent) campaigns' outcomes and latency. A handful of grouped statements.
 */
export async function callDashboard(db: Db, opts: { hours: number; now?: Date }): Promise<CallDashboard> {
  const since = new Date((opts.now ?? new Date()).getTime() - opts.hours * 3600_000);
  const grouped = await db
    .select({ category: calls.category, n: sql<number>`count(*)::int` })
    .from(calls)
    .where(gte(calls.createdAt, since))
    .groupBy(calls.category);
  const byCategory = Object.fromEntries(callCategories.map((c) => [c, 0])) as CallDashboard["byCategory"];
  for (const g of grouped) byCategory[g.category] += Number(g.n);

  const liveRows = await db
    .select()
    .from(calls)
    .where(eq(calls.category, "in_progress"))
    .orderBy(desc(calls.createdAt))
    .limit(LIVE_LIMIT);
  const liveIds = liveRows.map((r) => r.id);
  const [liveCalls, transcripts, perCall] = await Promise.all([
    toCalls(db, liveRows),
    transcriptsOf(db, liveIds),
    latencyPerCall(db, liveIds),
  ]);
  const windowIds = (
    await db
      .select({ id: calls.id })
      .from(calls)
      .where(and(gte(calls.createdAt, since), isNotNull(calls.answeredAt)))
  ).map((r) => r.id);

  const campaignRows = await db
    .select()
    .from(callCampaigns)
    .where(or(inArray(callCampaigns.status, ["running", "paused"]), gte(callCampaigns.updatedAt, since)))
    .orderBy(desc(callCampaigns.createdAt))
    .limit(CAMPAIGN_LIMIT);
  const campaigns: CallDashboard["campaigns"] = [];
  for (const c of campaignRows) {
    const ids = (
      await db
        .select({ id: callCampaignTargets.callId })
        .from(callCampaignTargets)
        .where(and(eq(callCampaignTargets.campaignId, c.id), isNotNull(callCampaignTargets.callId)))
    ).map((r) => r.id!);
    campaigns.push({
      id: c.id,
      name: c.name,
      status: c.status,
      counts: await campaignCounts(db, c.id),
      latency: await latencyOfCalls(db, ids),
    });
  }
  return {
    since: since.toISOString(),
    byCategory,
    live: liveCalls.map((call) => ({
      call,
      turns: transcripts.get(call.id) ?? [],
      latency: perCall.get(call.id)!,
    })),
    latency: await latencyOfCalls(db, windowIds),
    campaigns,
  };
}
