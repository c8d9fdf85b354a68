import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { scoreConversationQuality } from "../ai";
import { qualityScores } from "./schema";
import { loadCsatSettings } from "./settings";
import { toQualityScore } from "./views";

export const qualityPayload = z.object({ conversationId: z.uuid(), resolutionKey: z.string().min(1).max(200) });

/**
 * The quality score of one resolution (one row per resolution key): scored by the model, or
 * skipped (no provider) / failed (after the job's retries) with the reason, so every resolved
 * conversation shows a score or why there is none. A provider error worth retrying (429, 5xx,
 * timeout) is retried by the job (2 more runs with backoff) on top of the call's own bounded retries.
 */
export async function scoreResolution(
  ctx: AppContext,
  p: z.infer<typeof qualityPayload>,
  job: { signal?: AbortSignal; lastAttempt: boolean },
): Promise<void> {
  await ctx.db
    .insert(qualityScores)
    .values({ resolutionKey: p.resolutionKey, conversationId: p.conversationId, status: "pending" })
    .onConflictDoNothing();
  const [row] = await ctx.db
    .select()
    .from(qualityScores)
    .where(eq(qualityScores.resolutionKey, p.resolutionKey))
    .limit(1);
  if (!row || row.status === "scored" || row.status === "skipped") return;
  const settings = await loadCsatSettings(ctx.db);
  const r = await scoreConversationQuality(ctx, p.conversationId, { model: settings.qualityModel, signal: job.signal });
  if (r.status === "failed" && r.retryable && !job.lastAttempt) throw new Error(`Quality score failed: ${r.reason}`);
  const values =
    r.status === "scored"
      ? r
      : r.status === "skipped"
        ? { status: "skipped" as const, reason: r.reason }
        : { status: "failed" as const, reason: r.reason, provider: r.provider, model: r.model };
  const [saved] = await ctx.db
    .update(qualityScores)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(qualityScores.id, row.id), inArray(qualityScores.status, ["pending", "failed"])))
    .returning();
  if (saved) ctx.bus.emit("quality.scored", { score: toQualityScore(saved) });
}

export const qualityScoreJob = (ctx: AppContext) =>
  defineJob({
    name: "csat.quality",
    schema: qualityPayload,
    retryLimit: 2,
    retryDelaySeconds: 3,
    retryDelayMaxSeconds: 120,
    // The call's own budget is AI_TIMEOUT_SECONDS (retries included); the run gets more.
    expireInSeconds: Math.ceil((ctx.config.ai.timeoutMs * 2) / 1000) + 30,
    handler: (p, job) => scoreResolution(ctx, p, job),
  });
