import type { DomainEvents } from "../../platform/bus";
import type { AppContext } from "../../platform/context";
import { and, eq, isNull } from "drizzle-orm";
import { setContactFieldsFromCall } from "../inbox";
import { announceCampaign } from "./campaign-progress";
import { announceCall } from "./realtime";
import { callCampaignTargets, calls } from "./schema";
import { requestFollowUp } from "./follow-up";
import { requestTransfer } from "./transfer";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A flow run ended (features/flows' flow.finished; its callId is our calls.id): the outcome,
 * collected fields and summary go on the call row once (a conditional UPDATE: a second report, or
 * the same one twice, changes nothing); a campaign target already settled takes the flow's outcome
 * (one still calling takes it when the dispatcher settles it: `coalesce(calls.outcome, category)`);
 * the fields go to the contact through the inbox's use-case. Test-panel runs (`test-<uuid>`) and
 * unknown calls are ignored.
 */
export async function recordFlowOutcome(ctx: AppContext, e: DomainEvents["flow.finished"], now = new Date()) {
  if (!UUID.test(e.callId)) return false;
  const written = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(calls)
      .set({
        outcome: e.outcome,
        collectedFields: e.fields,
        summary: e.summary?.slice(0, 4000) ?? null,
        outcomeAt: now,
        updatedAt: now,
      })
      .where(and(eq(calls.id, e.callId), isNull(calls.outcome)))
      .returning({ id: calls.id, contactId: calls.contactId });
    if (!row) return null;
    const targets = await tx
      .update(callCampaignTargets)
      .set({ outcome: e.outcome, updatedAt: now })
      .where(and(eq(callCampaignTargets.callId, e.callId), eq(callCampaignTargets.state, "settled")))
      .returning({ campaignId: callCampaignTargets.campaignId });
    return { contactId: row.contactId, campaigns: [...new Set(targets.map((t) => t.campaignId))] };
  });
  if (!written) return false;
  // Our own row names the contact (the relay's parameter is only a copy of it).
  if (written.contactId) {
    try {
      await setContactFieldsFromCall(ctx, written.contactId, e.fields);
    } catch (err) {
      ctx.log.error({ err, callId: e.callId }, "writing a call's collected fields to the contact failed");
    }
  }
  // The flow's follow-up WhatsApp for this outcome (follow-up.ts), after the fields reached the contact.
  await requestFollowUp(ctx, e.callId, e.flowId, e.outcome).catch((err) =>
    ctx.log.error({ err, callId: e.callId }, "queueing the call's follow-up failed"),
  );
  // The transfer tool ended the flow: hand the live call to the flow's number (transfer.ts).
  if (e.outcome === "transferred") await requestTransfer(ctx, e.callId, e.flowId);
  await announceCall(ctx, e.callId);
  for (const id of written.campaigns) await announceCampaign(ctx, id);
  return true;
}

export function registerCallOutcomeListener(ctx: AppContext) {
  ctx.bus.on("flow.finished", (e) => recordFlowOutcome(ctx, e).then(() => undefined));
}
