import crypto from "node:crypto";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import type { JobHandle } from "../../platform/jobs";

/**
 * The dispatcher's job, producer side (kept apart from the handler so start/resume need not import
 * the sender). Stately per campaign: one run and one waiting at most, so requeueing is free.
 */
export const dispatchJobHandle = {
  name: "campaign.dispatch",
  schema: z.object({ campaignId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

/**
 * Queues a dispatcher run. `next` (a run's successor, at once) is keyed by the campaign, so at most
 * one waits. A start or resume (`now`) gets a key of its own: a successor already waiting for a retry
 * due tomorrow must not swallow it. A run for a time (a scheduled start, the soonest waiting work a
 * run saw, a retry a status webhook scheduled) is keyed by the campaign and that minute: a job
 * waiting for later work (a follow-up due in two days) must not swallow a retry due sooner, and a
 * thousand retries due in one minute still share one job (its run sends every one that is due, and
 * queues its successor for the rest). Two runs at once are correct (SKIP LOCKED claims); the extra
 * one ends when idle.
 */
export async function queueDispatch(ctx: AppContext, campaignId: string, when: "now" | Date | "next" = "next") {
  const key =
    when === "now"
      ? `${campaignId}:${crypto.randomUUID()}`
      : when instanceof Date
        ? `${campaignId}:at:${Math.floor(when.getTime() / 60_000)}`
        : campaignId;
  await ctx.jobs.send(
    dispatchJobHandle,
    { campaignId },
    { singletonKey: key, ...(when instanceof Date ? { startAfter: when } : {}) },
  );
}

/** The automatic A/B winner's job, producer side: one run at the test phase's end. */
export const winnerJobHandle = {
  name: "campaign.choose-winner",
  schema: z.object({ campaignId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

export async function queueWinner(ctx: AppContext, campaignId: string, at: Date) {
  await ctx.jobs.send(winnerJobHandle, { campaignId }, { startAfter: at });
}
