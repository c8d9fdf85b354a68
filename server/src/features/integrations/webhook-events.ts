import crypto from "node:crypto";
import type { WebhookEventType } from "@switchboard/contracts";
import { and, arrayContains, eq } from "drizzle-orm";
import type { DomainEvents, EventName } from "../../platform/bus";
import type { AppContext } from "../../platform/context";
import { queueDelivery } from "./deliver-webhook";
import { webhookDeliveries, webhookSubscriptions } from "./schema";
import { subscribedTypes } from "./subscribed-types";

/**
 * The registry: which domain event becomes which webhook event, with what `data`. A later feature
 * adds its event type to `webhookEventTypes` (contracts/src/integrations.ts) and one line here.
 * `map` returns null when this occurrence is not that webhook event (an update that is not a resolve).
 */
interface WebhookEventSource<K extends EventName> {
  from: K;
  type: WebhookEventType;
  map: (p: DomainEvents[K]) => { data: Record<string, unknown>; private?: boolean } | null;
}
const source = <K extends EventName>(s: WebhookEventSource<K>) => s as unknown as WebhookEventSource<EventName>;

export const webhookEventSources = [
  source({
    from: "conversation.created",
    type: "conversation.created",
    map: (p) => ({ data: { conversation: p.conversation } }),
  }),
  source({
    from: "conversation.updated",
    type: "conversation.updated",
    map: (p) => ({ data: { conversation: p.conversation, previous: p.previous ?? null } }),
  }),
  source({
    from: "conversation.updated",
    type: "conversation.resolved",
    map: (p) =>
      p.conversation.status === "resolved" && p.previous && p.previous.status !== "resolved"
        ? { data: { conversation: p.conversation } }
        : null,
  }),
  source({
    from: "message.created",
    type: "message.created",
    // Private notes and activity entries are the team's own: sent only to subscriptions that ask.
    map: (p) => ({
      data: { message: p.message, conversation: p.conversation },
      private: p.message.private || p.message.senderType === "system",
    }),
  }),
  source({ from: "contact.created", type: "contact.created", map: (p) => ({ data: { contact: p.contact } }) }),
  source({ from: "contact.updated", type: "contact.updated", map: (p) => ({ data: { contact: p.contact } }) }),
  source({
    from: "conversation.handoff",
    type: "conversation.handoff",
    map: (p) => ({ data: { conversation: p.conversation, rule: p.rule, reason: p.reason, summary: p.summary } }),
  }),
];

/** The body every receiver gets: `{id, type, createdAt, data}` (id is stable across redeliveries). */
export function webhookBody(type: string, data: unknown, id: string = crypto.randomUUID(), at = new Date()) {
  return { id, body: JSON.stringify({ id, type, createdAt: at.toISOString(), data }) };
}

/** Queues one delivery per enabled subscription to `type`. No statement when nobody subscribes. */
export async function dispatchWebhookEvent(
  ctx: AppContext,
  type: string,
  data: Record<string, unknown>,
  opts: { private?: boolean } = {},
) {
  if (!(await subscribedTypes(ctx.db)).has(type)) return;
  const subs = await ctx.db
    .select({ id: webhookSubscriptions.id, includePrivate: webhookSubscriptions.includePrivate })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.enabled, true), arrayContains(webhookSubscriptions.events, [type])));
  const targets = subs.filter((s) => !opts.private || s.includePrivate);
  if (targets.length === 0) return;
  const { id, body } = webhookBody(type, data);
  const rows = await ctx.db
    .insert(webhookDeliveries)
    .values(targets.map((s) => ({ subscriptionId: s.id, eventId: id, eventType: type, body })))
    .returning({ id: webhookDeliveries.id });
  for (const r of rows) await queueDelivery(ctx, r.id);
}

/** Listens once per committed event (bus.on: in the committing process only, never twice). */
export function registerWebhookListeners(ctx: AppContext) {
  for (const s of webhookEventSources) {
    ctx.bus.on(s.from, async (payload) => {
      if (!(await subscribedTypes(ctx.db)).has(s.type)) return; // nobody wants it: not even mapped
      const mapped = s.map(payload);
      if (mapped) await dispatchWebhookEvent(ctx, s.type, mapped.data, { private: mapped.private });
    });
  }
}
