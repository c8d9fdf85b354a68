import crypto from "node:crypto";
import type { WebhookDelivery, WebhookEventType, WebhookSubscription } from "@switchboard/contracts";
import { and, desc, eq, lt } from "drizzle-orm";
import type { AuditActor } from "../audit";
import { recordAudit } from "../audit";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { queueDelivery } from "./deliver-webhook";
import { assertPublicUrl } from "./safe-address";
import { webhookDeliveries, webhookSubscriptions } from "./schema";
import { forgetSubscribedTypes } from "./subscribed-types";
import { webhookBody } from "./webhook-events";

type SubRow = typeof webhookSubscriptions.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export const toSubscription = (r: SubRow): WebhookSubscription => ({
  id: r.id,
  name: r.name,
  url: r.url,
  events: r.events as WebhookEventType[],
  includePrivate: r.includePrivate,
  enabled: r.enabled,
  disabledReason: r.disabledReason,
  disabledAt: r.disabledAt?.toISOString() ?? null,
  consecutiveFailures: r.consecutiveFailures,
  lastDeliveryAt: r.lastDeliveryAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  subscriptionId: r.subscriptionId,
  eventId: r.eventId,
  eventType: r.eventType,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
  requestBody: r.body,
  attemptLog: r.attemptLog,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** `whsec_` + 32 random bytes: the receiver's HMAC key. */
const newSecret = () => `whsec_${crypto.randomBytes(32).toString("base64url")}`;

export async function listSubscriptions(ctx: AppContext) {
  const rows = await ctx.db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt));
  return rows.map(toSubscription);
}

async function subscriptionOr404(ctx: AppContext, id: string) {
  const [row] = await ctx.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!row) throw notFound("Webhook");
  return row;
}

export async function createSubscription(
  ctx: AppContext,
  actor: AuditActor,
  p: { name: string; url: string; events: WebhookEventType[]; includePrivate: boolean; enabled: boolean },
) {
  await assertPublicUrl(p.url, ctx.config.webhooks.allowPrivate);
  const secret = newSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(webhookSubscriptions)
      .values({
        ...p,
        events: [...new Set(p.events)],
        secretSealed: ctx.secrets.seal(secret),
        createdBy: actor.id ?? null,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "webhook.created",
      summary: `Created webhook ${p.name}`,
      target: { type: "webhook", id: r!.id },
      details: { url: p.url, events: p.events, enabled: p.enabled },
    });
    return r!;
  });
  forgetSubscribedTypes(ctx.db); // this process sends its events at once
  return { subscription: toSubscription(row), secret };
}

export async function updateSubscription(
  ctx: AppContext,
  actor: AuditActor,
  id: string,
  p: Partial<{ name: string; url: string; events: WebhookEventType[]; includePrivate: boolean; enabled: boolean }>,
) {
  const before = await subscriptionOr404(ctx, id);
  if (p.url !== undefined) await assertPublicUrl(p.url, ctx.config.webhooks.allowPrivate);
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .update(webhookSubscriptions)
      .set({
        ...p,
        ...(p.events ? { events: [...new Set(p.events)] } : {}),
        // Turning it back on starts a fresh count, and clears our notice.
        ...(p.enabled === true
          ? { disabledReason: null, disabledAt: null, consecutiveFailures: 0, failingSince: null }
          : {}),
        updatedAt: new Date(),
      })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    const changed = Object.keys(p).filter(
      (k) => JSON.stringify(p[k as keyof typeof p]) !== JSON.stringify(before[k as keyof SubRow]),
    );
    if (changed.length)
      await recordAudit(tx, actor, {
        action:
          p.enabled === false && before.enabled
            ? "webhook.disabled"
            : p.enabled === true && !before.enabled
              ? "webhook.enabled"
              : "webhook.updated",
        summary: `Changed webhook ${r!.name} (${changed.join(", ")})`,
        target: { type: "webhook", id },
        details: Object.fromEntries(
          changed.map((k) => [k, { from: before[k as keyof SubRow], to: p[k as keyof typeof p] }]),
        ),
      });
    return r!;
  });
  forgetSubscribedTypes(ctx.db);
  return toSubscription(row);
}

export async function rotateSecret(ctx: AppContext, actor: AuditActor, id: string) {
  const before = await subscriptionOr404(ctx, id);
  const secret = newSecret();
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .update(webhookSubscriptions)
      .set({ secretSealed: ctx.secrets.seal(secret), updatedAt: new Date() })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: "webhook.secret_rotated",
      summary: `Rotated the signing secret of webhook ${before.name}`,
      target: { type: "webhook", id },
    });
    return r!;
  });
  forgetSubscribedTypes(ctx.db); // this process sends its events at once
  return { subscription: toSubscription(row), secret };
}

export async function deleteSubscription(ctx: AppContext, actor: AuditActor, id: string) {
  const before = await subscriptionOr404(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    await recordAudit(tx, actor, {
      action: "webhook.deleted",
      summary: `Deleted webhook ${before.name}`,
      target: { type: "webhook", id },
      details: { url: before.url, events: before.events },
    });
  });
}

/** A `webhook.test` event to this endpoint now (also when it is turned off, to check a fix). */
export async function sendTest(ctx: AppContext, id: string, by: { id: string; name: string }) {
  const sub = await subscriptionOr404(ctx, id);
  const { id: eventId, body } = webhookBody("webhook.test", {
    message: "This is a test delivery from Switchboard.",
    subscription: { id: sub.id, name: sub.name },
    sentBy: by,
  });
  const [row] = await ctx.db
    .insert(webhookDeliveries)
    .values({ subscriptionId: id, eventId, eventType: "webhook.test", body })
    .returning();
  await queueDelivery(ctx, row!.id);
  return toDelivery(row!);
}

/** The same event again (same body and event id, so receivers can deduplicate), as a new delivery. */
export async function redeliver(ctx: AppContext, deliveryId: string) {
  const [old] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  if (!old) throw notFound("Delivery");
  const [row] = await ctx.db
    .insert(webhookDeliveries)
    .values({ subscriptionId: old.subscriptionId, eventId: old.eventId, eventType: old.eventType, body: old.body })
    .returning();
  await queueDelivery(ctx, row!.id);
  return toDelivery(row!);
}

export async function listDeliveries(
  ctx: AppContext,
  subscriptionId: string,
  p: { state?: DeliveryRow["state"]; limit: number },
) {
  await subscriptionOr404(ctx, subscriptionId);
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        p.state ? eq(webhookDeliveries.state, p.state) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(p.limit);
  return rows.map(toDelivery);
}

/** The delivery log is kept WEBHOOK_LOG_DAYS (hourly sweep). */
export async function purgeOldDeliveries(ctx: AppContext) {
  const cutoff = new Date(Date.now() - ctx.config.webhooks.logDays * 86_400_000);
  await ctx.db.delete(webhookDeliveries).where(lt(webhookDeliveries.createdAt, cutoff));
}
