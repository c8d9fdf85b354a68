import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";

/** One row ("default"): per-channel-type on/off, after AI resolutions, the WhatsApp template. */
export const csatSettings = pgTable("csat_settings", {
  id: text("id").primaryKey(),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
  updatedAt: updatedAt(),
});

/**
 * One survey per resolution (`resolution_key` unique: a redelivered resolution event is a no-op; a
 * reopened and resolved conversation has a new key). No foreign keys into other features' tables
 * (like sla_clocks): the conversation, channel and agent are the inbox's and agents'.
 * status: pending (being sent) | sent | answered | skipped (with `skip_reason`, shown to agents).
 */
export const csatSurveys = pgTable(
  "csat_surveys",
  {
    id: pk(),
    resolutionKey: text("resolution_key").notNull(),
    conversationId: uuid("conversation_id").notNull(),
    channelId: uuid("channel_id").notNull(),
    channelType: text("channel_type").notNull(),
    contactId: uuid("contact_id"),
    /** The customer's id at the provider (answers count only from them). */
    customerExternalId: text("customer_external_id"),
    agentId: uuid("agent_id"),
    resolvedBy: text("resolved_by", { enum: ["human", "ai"] }).notNull(),
    form: text("form").notNull(),
    status: text("status", { enum: ["pending", "sent", "answered", "skipped"] }).notNull(),
    skipReason: text("skip_reason"),
    messageId: uuid("message_id"),
    rating: integer("rating"),
    comment: text("comment"),
    /** Provider ids of the answer and comment messages (a redelivery is recognised, not recorded twice). */
    answerExternalIds: jsonb("answer_external_ids").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    sentAt: ts("sent_at"),
    answeredAt: ts("answered_at"),
    /** Until when a reply on the channel is read as this survey's answer (then comment). */
    openUntil: ts("open_until"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("csat_surveys_resolution_key").on(t.resolutionKey),
    index("csat_surveys_conversation_idx").on(t.conversationId),
    index("csat_surveys_open_idx")
      .on(t.channelId, t.customerExternalId)
      .where(sql`${t.status} in ('sent', 'answered')`),
    index("csat_surveys_agent_idx").on(t.agentId).where(sql`${t.rating} is not null`),
  ],
);
export type CsatSurveyRow = typeof csatSurveys.$inferSelect;

/** The AI's quality score of one resolution: scored (three 1-5 scores and a reason) or skipped/failed with the reason. */
export const qualityScores = pgTable(
  "quality_scores",
  {
    id: pk(),
    resolutionKey: text("resolution_key").notNull(),
    conversationId: uuid("conversation_id").notNull(),
    status: text("status", { enum: ["pending", "scored", "skipped", "failed"] }).notNull(),
    resolution: integer("resolution"),
    sentiment: integer("sentiment"),
    service: integer("service"),
    reason: text("reason"),
    provider: text("provider"),
    model: text("model"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("quality_scores_resolution_key").on(t.resolutionKey),
    index("quality_scores_conversation_idx").on(t.conversationId),
  ],
);
export type QualityScoreRow = typeof qualityScores.$inferSelect;
