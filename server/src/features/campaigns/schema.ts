import type { CampaignVariantInput, FollowUp, SendWindow, VariableMapping, WinnerRule } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";

/**
 * Campaigns own their two tables. Channel, template and contact ids are plain uuids without foreign
 * keys: those tables belong to other features, and a deleted contact must not erase the report.
 */
export const campaigns = pgTable("campaigns", {
  id: pk(),
  name: text("name").notNull(),
  channelId: uuid("channel_id").notNull(),
  templateId: uuid("template_id").notNull(),
  /** Copied at creation: the report still names the template if it is deleted later. */
  templateName: text("template_name").notNull(),
  templateLanguage: text("template_language").notNull(),
  mapping: jsonb("mapping").$type<VariableMapping>().notNull().default({}),
  /**
   * The A/B split: each variant's template (name copied, like templateName) and percent. Campaigns
   * without a split hold [] (rows written before the split hold an object: read as none).
   */
  variants: jsonb("variants")
    .$type<(CampaignVariantInput & { templateName: string })[] | Record<string, unknown>>()
    .notNull()
    .default({}),
  /** How the split ends (null: no split, or a split without a winner). */
  winnerRule: jsonb("winner_rule").$type<WinnerRule>(),
  /** Set at start when the rule picks the winner automatically: the test phase ends then. */
  testEndsAt: ts("test_ends_at"),
  winnerVariant: text("winner_variant"),
  winnerChosenAt: ts("winner_chosen_at"),
  /** Each variant's rate of the rule's metric at the moment the winner was chosen. */
  winnerRates: jsonb("winner_rates").$type<Record<string, number>>(),
  /** segmentIds/importIds came later: rows written before lack them (read as empty). */
  audience: jsonb("audience")
    .$type<{ labelIds: string[]; contactIds: string[]; segmentIds?: string[]; importIds?: string[] }>()
    .notNull(),
  ratePerSecond: integer("rate_per_second").notNull().default(80),
  /** Each recipient's local send window (claim defers the others to its next opening); null: any time. */
  sendWindow: jsonb("send_window").$type<SendWindow>(),
  /** Send through Meta's /marketing_messages with this TTL; null: the Cloud API's /messages. */
  marketingApi: jsonb("marketing_api").$type<{ enabled: true; ttlSeconds?: number }>(),
  /** The follow-up for those who did not react (template name copied, like templateName); null: none. */
  followUp: jsonb("follow_up").$type<FollowUp & { templateName: string }>(),
  status: text("status", {
    enum: ["draft", "scheduled", "running", "paused", "cancelled", "completed"],
  })
    .notNull()
    .default("draft"),
  scheduledAt: ts("scheduled_at"),
  startedAt: ts("started_at"),
  completedAt: ts("completed_at"),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: pk(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull(),
    /**
     * A follow-up is a row of its own (step follow_up, parent_id its first message's row), created
     * when the first message is sent and due `afterHours` later: the dispatcher claims, paces,
     * caps and reconciles it exactly as a first send. Counts and funnels read step = 'first'.
     */
    step: text("step", { enum: ["first", "follow_up"] })
      .notNull()
      .default("first"),
    parentId: uuid("parent_id"),
    phone: text("phone"),
    /** The contact's IANA zone when materialised (null: unknown, the window uses UTC). */
    timeZone: text("time_zone"),
    /** The A/B variant's key ("a" without a split); null while held back by a test phase. */
    variant: text("variant").default("a"),
    status: text("status", {
      enum: ["pending", "sending", "sent", "delivered", "read", "replied", "failed", "skipped"],
    })
      .notNull()
      .default("pending"),
    errorCode: text("error_code"),
    errorClass: text("error_class"),
    errorReason: text("error_reason"),
    attempts: integer("attempts").notNull().default(0),
    /** Retries after Meta's per-user marketing cap (131049): at most two. */
    capRetries: integer("cap_retries").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    /** Set with `sending`, before the HTTP call: the send's identity (biz_opaque_callback_data). */
    attemptId: uuid("attempt_id"),
    sendingAt: ts("sending_at"),
    /** Set when the send took its pacing slot, just before the HTTP call: only then may Meta have it. */
    requestedAt: ts("requested_at"),
    providerMessageId: text("provider_message_id"),
    conversationId: uuid("conversation_id"),
    sentAt: ts("sent_at"),
    deliveredAt: ts("delivered_at"),
    readAt: ts("read_at"),
    repliedAt: ts("replied_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("campaign_recipients_key").on(t.campaignId, t.contactId, t.step),
    // The dispatcher's claim: due pending recipients of one campaign.
    index("campaign_recipients_due_idx").on(t.campaignId, t.nextAttemptAt, t.id).where(sql`${t.status} = 'pending'`),
    // The recipients list, keyset-paged by id within a campaign (optionally by status).
    index("campaign_recipients_list_idx").on(t.campaignId, t.status, t.id),
    // Statuses and replies find their recipient by the message id Meta gave, or by phone (pair rate).
    index("campaign_recipients_message_idx").on(t.providerMessageId),
    index("campaign_recipients_attempt_idx").on(t.attemptId),
    // The inbox asks which campaigns a conversation's customer answered (set on reply only).
    index("campaign_recipients_conversation_idx").on(t.conversationId).where(sql`${t.conversationId} is not null`),
    // A first message's follow-up (the CSV export joins them per batch).
    index("campaign_recipients_parent_idx").on(t.parentId).where(sql`${t.parentId} is not null`),
    index("campaign_recipients_phone_idx").on(t.phone, t.sendingAt),
    // The portfolio's unique users of the rolling 24 h (portfolio-cap.ts), counted before every batch.
    index("campaign_recipients_sending_idx").on(t.sendingAt).where(sql`${t.sendingAt} is not null`),
  ],
);
