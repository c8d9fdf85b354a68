import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";

export const channels = pgTable(
  "channels",
  {
    id: pk(),
    type: text("type", { enum: ["webchat", "whatsapp", "telegram", "instagram", "x"] }).notNull(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** Non-secret settings, validated by the channel's adapter. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** Secret values as one AES-256-GCM sealed JSON object (see platform/secret-box.ts). */
    secretsSealed: text("secrets_sealed"),
    /** The provider's id for our account (phone_number_id, IG account id, X user id, bot id): routes webhooks. */
    externalAccountId: text("external_account_id"),
    /** Connected to the built-in fake provider (the sandbox) instead of the real one. */
    sandbox: boolean("sandbox").notNull().default(false),
    lastEventAt: ts("last_event_at"),
    lastErrorAt: ts("last_error_at"),
    lastError: text("last_error"),
    /** The provider refused our credentials (401 / Graph code 190): an admin must reconnect. */
    needsReauth: boolean("needs_reauth").notNull().default(false),
    // Soft delete: conversations of a removed channel stay readable.
    deletedAt: ts("deleted_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("channels_account_key")
      .on(t.type, t.externalAccountId)
      .where(sql`${t.deletedAt} is null and ${t.externalAccountId} is not null`),
  ],
);

/** Every webhook as received, stored before it is acknowledged; the unit of replay. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: pk(),
    channelType: text("channel_type").notNull(),
    /**
     * Null for orphans: a signed event for an account we do not know (yet). Deliberately no foreign
     * key: every intake INSERT would take a share lock on the one channel row, and hundreds of
     * concurrent webhooks for one number then queue on that lock (channels are never hard-deleted).
     */
    channelId: uuid("channel_id"),
    /** Provider event identity (update_id, or a hash of the signed body): redeliveries collapse. */
    eventKey: text("event_key").notNull(),
    status: text("status", { enum: ["pending", "processed", "failed", "orphan"] })
      .notNull()
      .default("pending"),
    payload: text("payload").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Events with the same key (one customer) are applied in the order received. */
    orderingKey: text("ordering_key").notNull().default(""),
    /** A retried event waits until then (exponential backoff). */
    nextAttemptAt: ts("next_attempt_at"),
    error: text("error"),
    summary: text("summary"),
    receivedAt: ts("received_at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
  },
  (t) => [
    uniqueIndex("webhook_events_key").on(t.channelType, t.eventKey),
    index("webhook_events_channel_idx").on(t.channelId, t.receivedAt.desc().nullsFirst()),
    index("webhook_events_status_idx").on(t.status, t.receivedAt),
    index("webhook_events_pending_idx").on(t.channelId, t.receivedAt).where(sql`${t.status} = 'pending'`),
    // Events waiting for a retry, read by every drain round to hold back only their own customer.
    index("webhook_events_retry_idx")
      .on(t.channelId, t.orderingKey)
      .where(sql`${t.status} = 'pending' and ${t.nextAttemptAt} is not null`),
  ],
);

/**
 * Who drains a channel right now: one drain per channel across every process. The holder renews
 * the lease every few seconds; a crashed holder's lease runs out within LEASE seconds and the next
 * drain takes it over. `again` is set by anyone who needs the channel drained while it is held
 * (a new webhook, a retry that became due): the holder then drains once more before it lets go, so
 * no request is lost and no second job is needed. See drain-lease.ts.
 */
export const drainLeases = pgTable("drain_leases", {
  channelId: uuid("channel_id").primaryKey(),
  holder: uuid("holder").notNull(),
  expiresAt: ts("expires_at").notNull(),
  again: boolean("again").notNull().default(false),
});

/** Header media of a template: stored once, uploaded to Meta once per use (see templates/header-media.ts). */
export interface TemplateHeaderMedia {
  key: string;
  contentType: string;
  fileName: string;
  size: number;
  /** Resumable Upload API handle: the header example Meta reviews. */
  handle?: string;
  /** `/{phone-number-id}/media` id: what a send's header parameter names. */
  mediaId?: string;
}

/**
 * WhatsApp message templates: synced from the WhatsApp Business Account, or written here as a DRAFT
 * (`definition` holds the form) and submitted, after which Meta's status applies.
 */
export const messageTemplates = pgTable(
  "message_templates",
  {
    id: pk(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    externalId: text("external_id"),
    name: text("name").notNull(),
    language: text("language").notNull(),
    category: text("category"),
    status: text("status").notNull(),
    parameterFormat: text("parameter_format").notNull().default("POSITIONAL"),
    components: jsonb("components").$type<unknown[]>().notNull().default([]),
    qualityScore: text("quality_score"),
    /** Meta's reason for REJECTED (and PAUSED/DISABLED when it gives one). */
    rejectedReason: text("rejected_reason"),
    /** The authoring form (contracts TemplateDefinition) of a template created in the console. */
    definition: jsonb("definition").$type<Record<string, unknown>>(),
    headerMedia: jsonb("header_media").$type<TemplateHeaderMedia>(),
    submittedAt: ts("submitted_at"),
    syncedAt: ts("synced_at").notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("message_templates_key").on(t.channelId, t.name, t.language)],
);

/**
 * WhatsApp messaging limits per business portfolio (issue 9 §3): unique users per rolling 24 h,
 * shared by every number of the portfolio. Keyed by the WABA id, the id Meta's
 * `business_capability_update` webhook names. `messagingLimit` null: unlimited; no row: not read yet.
 */
/**
 * The messaging limit of a business portfolio (Meta sets it per Business Manager, shared by all its
 * WABAs and numbers). Keyed by the portfolio: the owner business id (whatsapp_waba_owners), or the
 * WABA id while the owner is not known (the column keeps its first name, waba_id).
 */
export const whatsappPortfolioLimits = pgTable("whatsapp_portfolio_limits", {
  portfolioId: text("waba_id").primaryKey(),
  messagingLimit: integer("messaging_limit"),
  /** As Meta said it (TIER_2K, 10000, UNLIMITED…), for the report. */
  tier: text("tier").notNull(),
  /** graph (read from the API) or webhook (business_capability_update). */
  source: text("source").notNull(),
  updatedAt: updatedAt(),
});

/**
 * Which business portfolio owns a WABA (Graph `GET /{waba-id}?fields=owner_business_info`): channels
 * on different WABAs of one business share its messaging limit.
 */
export const whatsappWabaOwners = pgTable("whatsapp_waba_owners", {
  wabaId: text("waba_id").primaryKey(),
  businessId: text("business_id").notNull(),
  updatedAt: updatedAt(),
});
