import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobDefinition } from "../../platform/jobs";
import { recordAudit } from "../audit";
import { type WebhookAttempt, webhookDeliveries, webhookSubscriptions } from "./schema";
import { signatureHeader, sendWebhook } from "./send-webhook";

const payload = z.object({ deliveryId: z.uuid() });

/** The job's definition for producers (queue a delivery); the handler is attached in deliverWebhookJob. */
export const deliverWebhookProducer: JobDefinition<typeof payload> = {
  name: "integrations.deliver-webhook",
  schema: payload,
  handler: async () => {
    throw new Error("producer only");
  },
};

/**
 * Attempt n failed: wait base × 3^(n-1) (±10 % jitter so endpoints that failed together do not
 * get their retries together). With the 60 s default: 1, 3, 9, 27, 81 min, 4 h, 12 h: 8 attempts over ~18 h.
 */
export function retryDelayMs(baseMs: number, attempt: number): number {
  const d = baseMs * 3 ** (attempt - 1);
  return Math.round(d * (0.9 + Math.random() * 0.2));
}

export const queueDelivery = (ctx: AppContext, deliveryId: string, startAfter?: Date) =>
  ctx.jobs.send(deliverWebhookProducer, { deliveryId }, startAfter ? { startAfter } : {});

/**
 * One attempt of one delivery. Our own backoff (not pg-boss's retry) decides the next attempt, so
 * the schedule, the attempt count and the log live on the delivery row where the console reads them;
 * pg-boss retries only cover a crash of this handler itself.
 */
export function deliverWebhookJob(ctx: AppContext) {
  const cfg = ctx.config.webhooks;
  return defineJob({
    ...deliverWebhookProducer,
    // Only for a crash of this handler (a database error): the retry comes after the claim's lock ran out.
    retryLimit: 3,
    retryDelaySeconds: 30,
    concurrency: 8,
    expireInSeconds: 120,
    handler: async ({ deliveryId }) => {
      // Claim: pending, due, and not in flight elsewhere (a duplicate job for the same attempt is a no-op).
      const now = new Date();
      const [d] = await ctx.db
        .update(webhookDeliveries)
        .set({
          lockedUntil: new Date(now.getTime() + cfg.timeoutMs + 30_000),
          attempts: sql`${webhookDeliveries.attempts} + 1`,
        })
        .where(
          and(
            eq(webhookDeliveries.id, deliveryId),
            eq(webhookDeliveries.state, "pending"),
            or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now)),
            or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, now)),
          ),
        )
        .returning();
      if (!d) return;
      const [sub] = await ctx.db
        .select()
        .from(webhookSubscriptions)
        .where(eq(webhookSubscriptions.id, d.subscriptionId));
      // A test delivery goes out even to a disabled endpoint (that is how an admin checks a fix).
      if (!sub || (!sub.enabled && d.eventType !== "webhook.test")) {
        await ctx.db
          .update(webhookDeliveries)
          .set({ state: "failed", lockedUntil: null, attempts: d.attempts - 1, updatedAt: new Date() })
          .where(eq(webhookDeliveries.id, d.id));
        return;
      }
      let secret: string | null = null;
      try {
        secret = ctx.secrets.open(sub.secretSealed);
      } catch {
        // A secret no key opens (SECRET_KEY replaced without the old one in SECRET_KEYS): an attempt
        // that fails with a reason, never a job that crashes and retries forever.
      }
      const r = secret
        ? await sendWebhook({
            url: sub.url,
            body: d.body,
            timeoutMs: cfg.timeoutMs,
            allowPrivate: cfg.allowPrivate,
            headers: {
              "switchboard-event": d.eventType,
              "switchboard-delivery": d.id,
              "switchboard-signature": signatureHeader(secret, d.body),
            },
          })
        : {
            status: null,
            durationMs: 0,
            responseBody: null,
            error: "The signing secret cannot be opened with the configured SECRET_KEY(S): rotate it",
          };
      const ok = r.status !== null && r.status >= 200 && r.status < 300;
      const attempt: WebhookAttempt = { attempt: d.attempts, at: now.toISOString(), ...r };
      const retry = !ok && d.attempts < cfg.maxAttempts;
      const nextAt = retry ? new Date(Date.now() + retryDelayMs(cfg.retryBaseMs, d.attempts)) : null;
      const disabled = await ctx.db.transaction(async (tx) => {
        await tx
          .update(webhookDeliveries)
          .set({
            state: ok ? "succeeded" : retry ? "pending" : "failed",
            nextAttemptAt: nextAt,
            lockedUntil: null,
            attemptLog: sql`${webhookDeliveries.attemptLog} || ${JSON.stringify([attempt])}::jsonb`,
            updatedAt: new Date(),
          })
          .where(eq(webhookDeliveries.id, d.id));
        // A test says nothing about the live stream's health: it counts as "last delivery" only.
        if (d.eventType === "webhook.test") {
          await tx
            .update(webhookSubscriptions)
            .set({ lastDeliveryAt: new Date() })
            .where(eq(webhookSubscriptions.id, sub.id));
          return false;
        }
        if (ok) {
          await tx
            .update(webhookSubscriptions)
            .set({ consecutiveFailures: 0, failingSince: null, lastDeliveryAt: new Date() })
            .where(eq(webhookSubscriptions.id, sub.id));
          return false;
        }
        const [s] = await tx
          .update(webhookSubscriptions)
          .set({
            consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1`,
            failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, now())`,
            lastDeliveryAt: new Date(),
          })
          .where(eq(webhookSubscriptions.id, sub.id))
          .returning();
        const tooMany = s!.consecutiveFailures >= cfg.disableAfterFailures;
        const tooLong = s!.failingSince!.getTime() <= Date.now() - cfg.disableAfterMs;
        if (!s!.enabled || !(tooMany || tooLong)) return false;
        const reason = tooMany
          ? `${s!.consecutiveFailures} failed deliveries in a row (last: ${r.error ?? "error"})`
          : `every delivery failed for 24 hours (last: ${r.error ?? "error"})`;
        await tx
          .update(webhookSubscriptions)
          .set({ enabled: false, disabledReason: reason, disabledAt: new Date(), updatedAt: new Date() })
          .where(eq(webhookSubscriptions.id, sub.id));
        // What was still waiting for this endpoint will not be sent: it can be redelivered from the log.
        await tx
          .update(webhookDeliveries)
          .set({ state: "failed", nextAttemptAt: null, updatedAt: new Date() })
          .where(
            and(
              eq(webhookDeliveries.subscriptionId, sub.id),
              eq(webhookDeliveries.state, "pending"),
              sql`${webhookDeliveries.eventType} <> 'webhook.test'`,
            ),
          );
        await recordAudit(
          tx,
          { type: "system", name: "Switchboard" },
          {
            action: "webhook.auto_disabled",
            summary: `Turned off webhook ${sub.name}: ${reason}`,
            target: { type: "webhook", id: sub.id },
            details: { url: sub.url, consecutiveFailures: s!.consecutiveFailures, lastError: r.error },
          },
        );
        return true;
      });
      if (retry && !disabled) await queueDelivery(ctx, d.id, nextAt!);
      if (disabled) ctx.log.warn({ webhook: sub.id }, "webhook subscription turned off after repeated failures");
    },
  });
}
