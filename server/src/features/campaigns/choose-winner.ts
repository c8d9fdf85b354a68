import { and, eq, isNull, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { defineJob } from "../../platform/jobs";
import { queueDispatch, queueWinner, winnerJobHandle } from "./job-handle";
import { getCampaign } from "./queries";
import { campaignRecipients, campaigns } from "./schema";
import { hasTestPhase, variantResults, variantsOf } from "./variants";

const conflict = (msg: string, details?: Record<string, unknown>) => new AppError("conflict", msg, details);

/**
 * Ends an A/B test phase: records the winner (and every variant's rate of the rule's metric at that
 * moment), gives the held recipients the winner's variant and releases them to the dispatcher.
 * `auto` takes the highest rate among those sent, ties to the lower key. Under the campaign's row
 * lock, and only while no winner is recorded: two processes (the job run twice, an admin clicking
 * while it runs) choose once. `auto` returns quietly when there is nothing to do (already chosen,
 * no test phase, cancelled) or `notBefore` when the test phase has not ended yet.
 */
export async function chooseWinner(
  ctx: AppContext,
  id: string,
  pick: { variant: string } | "auto",
): Promise<{ chosen: string } | { notBefore: Date } | null> {
  const auto = pick === "auto";
  type Outcome = { chosen: string; running: boolean } | { notBefore: Date } | null;
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for("update");
    if (!c) throw notFound("Campaign");
    if (!hasTestPhase(c)) {
      if (auto) return null;
      throw conflict("This campaign has no A/B test phase: there is no winner to choose");
    }
    if (c.winnerVariant) {
      if (auto) return null;
      throw conflict(`Variant ${c.winnerVariant} already won`, { winner: c.winnerVariant });
    }
    if (c.status === "draft" || c.status === "cancelled" || c.status === "completed") {
      if (auto) return null;
      throw conflict(`A ${c.status} campaign has no test phase running`, { status: c.status });
    }
    if (auto && c.testEndsAt && c.testEndsAt > new Date()) return { notBefore: c.testEndsAt };
    const { byVariant } = await variantResults(tx, c);
    const metric = c.winnerRule!.metric === "reply" ? "replied" : "read";
    const rates = Object.fromEntries(byVariant.map((v) => [v.key, v.rates[metric]]));
    let winner: string;
    if (auto) {
      // Key order: a later variant must beat the best so far, so a tie stays with the lower key.
      winner = byVariant.reduce((best, v) => (v.rates[metric] > rates[best]! ? v.key : best), byVariant[0]!.key);
    } else {
      if (!variantsOf(c).some((v) => v.key === pick.variant))
        throw new AppError("validation_failed", `No variant ${pick.variant} in this campaign`, {
          fieldErrors: { variant: [`No variant ${pick.variant}`] },
          formErrors: [],
        });
      winner = pick.variant;
    }
    await tx
      .update(campaigns)
      .set({ winnerVariant: winner, winnerChosenAt: new Date(), winnerRates: rates, updatedAt: new Date() })
      .where(and(eq(campaigns.id, id), isNull(campaigns.winnerVariant)));
    await tx
      .update(campaignRecipients)
      .set({ variant: winner, nextAttemptAt: sql`now()` })
      .where(
        and(
          eq(campaignRecipients.campaignId, id),
          eq(campaignRecipients.status, "pending"),
          isNull(campaignRecipients.variant),
        ),
      );
    return { chosen: winner, running: c.status === "running" || c.status === "scheduled" };
  });
  if (outcome && "chosen" in outcome) {
    // A paused campaign stays paused: resume queues its run.
    if (outcome.running) await queueDispatch(ctx, id, "now");
    return { chosen: outcome.chosen };
  }
  return outcome;
}

/** POST /api/campaigns/:id/winner. */
export async function chooseWinnerManually(ctx: AppContext, id: string, variant: string) {
  await chooseWinner(ctx, id, { variant });
  return getCampaign(ctx.db, id);
}

/** At the test phase's end (queued by start); a run that comes early re-queues itself for then. */
export const campaignWinnerJob = (ctx: AppContext) =>
  defineJob({
    ...winnerJobHandle,
    retryLimit: 20,
    retryDelaySeconds: 5,
    handler: async ({ campaignId }) => {
      const r = await chooseWinner(ctx, campaignId, "auto").catch((err) => {
        if (err instanceof AppError && err.code === "not_found") return null; // deleted since
        throw err;
      });
      if (r && "notBefore" in r) await queueWinner(ctx, campaignId, r.notBefore);
    },
  });
