import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { pk, ts, updatedAt } from "../../platform/db/columns";

/**
 * Append-only reporting events (issue 10 §3), written by the analytics listeners from bus events
 * after the source change committed. `source_key` names the source event (a message id, a
 * conversation and its resolution cycle, a hash of a payload), so a redelivered event inserts
 * nothing. No foreign keys: the conversations are the inbox's, and a report outlives a deletion.
 */
export const reportingEvents = pgTable(
  "reporting_events",
  {
    id: pk(),
    sourceKey: text("source_key").notNull(),
    type: text("type").notNull(),
    conversationId: uuid("conversation_id").notNull(),
    occurredAt: ts("occurred_at").notNull(),
    channelId: uuid("channel_id"),
    channelType: text("channel_type"),
    senderType: text("sender_type"),
    direction: text("direction"),
    agentId: uuid("agent_id"),
    teamId: uuid("team_id"),
    /** A duration the event measures (a reply time), in calendar and in business seconds. */
    seconds: integer("seconds"),
    businessSeconds: integer("business_seconds"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("reporting_events_source_key_idx").on(t.sourceKey),
    index("reporting_events_type_time_idx").on(t.type, t.occurredAt),
    index("reporting_events_conversation_idx").on(t.conversationId, t.occurredAt),
  ],
);

/**
 * One row per conversation, kept current by the same listeners in the transaction that appends the
 * event (the row is locked, so two events of one conversation apply one after the other). Every
 * dashboard chart is an aggregate over these rows and every drill-down a filter on them.
 */
export const conversationFacts = pgTable(
  "conversation_facts",
  {
    conversationId: uuid("conversation_id").primaryKey(),
    channelId: uuid("channel_id").notNull(),
    channelType: text("channel_type").notNull(),
    channelName: text("channel_name").notNull().default(""),
    teamId: uuid("team_id"),
    teamName: text("team_name"),
    /** The latest agent assigned (kept when unassigned: who handled it). */
    agentId: uuid("agent_id"),
    agentName: text("agent_name"),
    /** Label ids (the tag filter). */
    labels: uuid("labels").array().notNull().default(sql`'{}'::uuid[]`),
    status: text("status").notNull().default("open"),
    contactName: text("contact_name"),
    createdAt: ts("created_at").notNull(),
    handoffAt: ts("handoff_at"),
    handoffRule: text("handoff_rule"),
    handoffReason: text("handoff_reason"),
    firstResponseAt: ts("first_response_at"),
    firstResponseSeconds: integer("first_response_seconds"),
    firstResponseBusinessSeconds: integer("first_response_business_seconds"),
    resolvedAt: ts("resolved_at"),
    resolutionSeconds: integer("resolution_seconds"),
    resolutionBusinessSeconds: integer("resolution_business_seconds"),
    resolvedBy: text("resolved_by", { enum: ["ai", "human"] }),
    handledBy: text("handled_by", { enum: ["ai", "human"] }),
    aiInvolved: boolean("ai_involved").notNull().default(false),
    aiResolution: text("ai_resolution", { enum: ["confirmed", "assumed", "unresolved"] }),
    humanReplied: boolean("human_replied").notNull().default(false),
    reopenCount: integer("reopen_count").notNull().default(0),
    messagesIn: integer("messages_in").notNull().default(0),
    messagesOut: integer("messages_out").notNull().default(0),
    /** The oldest customer message no human answered yet (the next reply time starts there). */
    waitingSince: ts("waiting_since"),
    // The outcomes, rolled up from their reporting events as they are appended (outcome-facts.ts), so
    // the SLA, CSAT, quality and agent reports aggregate fact rows instead of re-reading the events.
    /** The metric of each SLA target that ended hit, or missed (one entry per clock). */
    slaHit: text("sla_hit").array().notNull().default(sql`'{}'::text[]`),
    slaMissed: text("sla_missed").array().notNull().default(sql`'{}'::text[]`),
    /** A CSAT survey was sent; the latest rating (1–5) answered and when. */
    csatSurveyed: boolean("csat_surveyed").notNull().default(false),
    csatRating: integer("csat_rating"),
    csatAt: ts("csat_at"),
    /** The latest AI quality score: its dimensions (1–5), their mean, and when. */
    qualityResolution: integer("quality_resolution"),
    qualitySentiment: integer("quality_sentiment"),
    qualityService: integer("quality_service"),
    qualityOverall: doublePrecision("quality_overall"),
    qualityAt: ts("quality_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("conversation_facts_created_idx").on(t.createdAt),
    index("conversation_facts_channel_idx").on(t.channelId, t.createdAt),
    index("conversation_facts_agent_idx").on(t.agentId, t.createdAt),
    index("conversation_facts_team_idx").on(t.teamId, t.createdAt),
    index("conversation_facts_labels_idx").using("gin", t.labels),
  ],
);

export type ConversationFactRow = typeof conversationFacts.$inferSelect;
