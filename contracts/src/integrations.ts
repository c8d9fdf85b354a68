import { z } from "zod";
import { isoDate, text } from "./common";

/**
 * Integrations: API tokens, outgoing webhooks and the audit log. The console and the server share
 * these shapes; integrators see them in /api/openapi.json.
 */

// ---- API tokens -------------------------------------------------------------------------------

/**
 * A small, nested scope set: `read` = GET on agent routes, `write` = also changes on agent routes,
 * `admin` = also admin routes (only for tokens of admins). Each implies the ones before it.
 */
export const apiTokenScopes = ["read", "write", "admin"] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: text(),
  /** Public part of the token (`sb_<prefix>_…`), to recognise it in a list. */
  prefix: text(),
  scopes: z.array(z.enum(apiTokenScopes)),
  owner: z.object({ id: z.uuid(), name: text() }),
  createdAt: isoDate,
  expiresAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createApiTokenBody = z.object({
  name: text().trim().min(1).max(100),
  scopes: z.array(z.enum(apiTokenScopes)).min(1).max(3),
  /** Days until it stops working; omitted = never expires. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const createApiTokenResult = z.object({
  token: apiTokenSchema,
  /** The secret, shown once: only its SHA-256 is stored. */
  secret: text(),
});

// ---- Outgoing webhooks ------------------------------------------------------------------------

/**
 * Event types an integrator can subscribe to. Later features append theirs here and map a bus
 * event to it in server/src/features/integrations/webhook-events.ts.
 */
export const webhookEventTypes = [
  "conversation.created",
  "conversation.updated",
  "conversation.resolved",
  "message.created",
  "contact.created",
  "contact.updated",
  "conversation.handoff",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

const webhookUrl = text()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "Must be an http:// or https:// URL");

export const webhookSubscriptionSchema = z.object({
  id: z.uuid(),
  name: text(),
  url: text(),
  events: z.array(z.enum(webhookEventTypes)),
  /** message.created also for private notes and activity entries (off by default: they are internal). */
  includePrivate: z.boolean(),
  enabled: z.boolean(),
  /** Why we turned it off (repeated failures), with when; null while enabled or disabled by a person. */
  disabledReason: text().nullable(),
  disabledAt: isoDate.nullable(),
  consecutiveFailures: z.number().int(),
  lastDeliveryAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

export const createWebhookBody = z.object({
  name: text().trim().min(1).max(100),
  url: webhookUrl,
  events: z.array(z.enum(webhookEventTypes)).min(1),
  includePrivate: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export const updateWebhookBody = z
  .object({
    name: text().trim().min(1).max(100),
    url: webhookUrl,
    events: z.array(z.enum(webhookEventTypes)).min(1),
    includePrivate: z.boolean(),
    enabled: z.boolean(),
  })
  .partial();

export const webhookWithSecretResult = z.object({
  subscription: webhookSubscriptionSchema,
  /** The signing secret, shown on creation and on rotation only (sealed at rest). */
  secret: text(),
});

export const webhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: isoDate,
  /** HTTP status of the answer; null when none came (timeout, refused, DNS). */
  status: z.number().int().nullable(),
  durationMs: z.number().int(),
  /** First 2 KB of the response body. */
  responseBody: text().nullable(),
  error: text().nullable(),
});

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  subscriptionId: z.uuid(),
  eventId: z.uuid(),
  eventType: text(),
  state: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: isoDate.nullable(),
  /** The exact JSON body that was (or will be) sent. */
  requestBody: text(),
  attemptLog: z.array(webhookAttemptSchema),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

// ---- Audit log --------------------------------------------------------------------------------

export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: isoDate,
  actor: z.object({
    type: z.enum(["user", "token", "system", "cli"]),
    id: text().nullable(),
    name: text().nullable(),
  }),
  action: text(),
  target: z.object({ type: text(), id: text().nullable() }).nullable(),
  summary: text(),
  details: z.record(z.string(), z.unknown()),
  ip: text().nullable(),
  userAgent: text().nullable(),
});
export type AuditLogEntry = z.infer<typeof auditEntrySchema>;

export const auditLogQuery = z.object({
  action: text().max(100).optional(),
  actorId: text().max(100).optional(),
  targetType: text().max(100).optional(),
  targetId: text().max(200).optional(),
  q: text().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
