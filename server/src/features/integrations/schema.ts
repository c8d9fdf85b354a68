import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { users } from "../agents/schema";

/**
 * API tokens for integrators. Only the SHA-256 of the whole token is stored (like sessions): a
 * database leak leaks no working token. `prefix` is the public part shown in lists.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: pk(),
    /** What it is for ("Zapier", "CRM sync"); an app's token is a named token of an admin. */
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    scopes: jsonb("scopes").$type<("read" | "write" | "admin")[]>().notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: ts("expires_at"),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/** Outgoing webhook subscriptions. The signing secret is sealed with the secret box (like channel credentials). */
export const webhookSubscriptions = pgTable("webhook_subscriptions", {
  id: pk(),
  name: text("name").notNull(),
  url: text("url").notNull(),
  events: text("events").array().notNull(),
  includePrivate: boolean("include_private").notNull().default(false),
  enabled: boolean("enabled").notNull().default(true),
  secretSealed: text("secret_sealed").notNull(),
  /** Failed attempts since the last success; the endpoint is turned off past a threshold. */
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  /** The first failure of the current run of failures (null after a success). */
  failingSince: ts("failing_since"),
  disabledReason: text("disabled_reason"),
  disabledAt: ts("disabled_at"),
  lastDeliveryAt: ts("last_delivery_at"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export interface WebhookAttempt {
  attempt: number;
  at: string;
  status: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

/** One event for one subscription: the exact body, its state and every attempt (kept WEBHOOK_LOG_DAYS). */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: pk(),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    /** The payload's `id`: the same for a redelivery, so receivers can deduplicate. */
    eventId: uuid("event_id").notNull(),
    eventType: text("event_type").notNull(),
    body: text("body").notNull(),
    state: text("state", { enum: ["pending", "succeeded", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    /** Set while an attempt is in flight: a second job for the same delivery leaves it alone. */
    lockedUntil: ts("locked_until"),
    attemptLog: jsonb("attempt_log").$type<WebhookAttempt[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhook_deliveries_sub_idx").on(t.subscriptionId, t.createdAt.desc()),
    index("webhook_deliveries_created_idx").on(t.createdAt),
  ],
);
