import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, real, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { users } from "../agents/schema";
import { conversations, messages } from "../inbox/schema";

/**
 * The AI agent's settings: one row (id = 'default'). The provider key is sealed with the secret box
 * like channel credentials and never returned; `settings` holds everything else as the contract's
 * JSON (contracts/src/ai.ts, aiSettingsSchema), so adding a setting needs no migration.
 */
export const aiSettings = pgTable("ai_settings", {
  id: text("id").primaryKey().default("default"),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  /** AES-256-GCM sealed API key for the chosen provider (platform/secret-box.ts); null: none stored. */
  apiKeySealed: text("api_key_sealed"),
  updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: updatedAt(),
});

/**
 * The AI's part in one conversation, for the responder (turns, the one offer of a human) and for the
 * analytics issue (involvement, resolution assumed/confirmed, handoff and its reason).
 */
export const aiConversations = pgTable(
  "ai_conversations",
  {
    conversationId: uuid("conversation_id")
      .primaryKey()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** AI replies sent in this conversation since the AI last took it. */
    turns: integer("turns").notNull().default(0),
    /** When the AI offered a human (offered once per conversation). */
    humanOfferedAt: ts("human_offered_at"),
    lastReplyAt: ts("last_reply_at"),
    lastReplyMessageId: uuid("last_reply_message_id"),
    resolution: text("resolution", { enum: ["assumed", "confirmed", "unresolved"] }),
    resolvedAt: ts("resolved_at"),
    handoffAt: ts("handoff_at"),
    handoffReason: text("handoff_reason"),
    /** The rule the handoff followed (e.g. `customer_asked_for_human`, `provider_error`, `turn_limit`). */
    handoffRule: text("handoff_rule"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("ai_conversations_resolution_idx").on(t.resolution, t.resolvedAt)],
);

/** Every decision the responder took (answer, offer a human, hand off, drop a stale draft, guard block), with its reason. */
export const aiDecisions = pgTable(
  "ai_decisions",
  {
    id: pk(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The customer message the decision answered (the newest of a burst). */
    triggerMessageId: uuid("trigger_message_id"),
    /** The AI message that was sent, if any. */
    replyMessageId: uuid("reply_message_id"),
    action: text("action", { enum: ["answer", "offer_human", "handoff", "dropped", "blocked"] }).notNull(),
    rule: text("rule").notNull(),
    reason: text("reason").notNull(),
    provider: text("provider").notNull(),
    model: text("model"),
    confidence: real("confidence"),
    /** Knowledge chunks used: [{ chunkId, sourceType, sourceId, title, score }]. */
    sources: jsonb("sources").$type<unknown[]>().notNull().default([]),
    latencyMs: integer("latency_ms"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("ai_decisions_conversation_idx").on(t.conversationId, t.createdAt),
    index("ai_decisions_created_idx").on(t.createdAt),
  ],
);

/** Agents marking an AI answer wrong (feeds the AI report). One verdict per message and agent. */
export const aiFeedback = pgTable(
  "ai_feedback",
  {
    id: pk(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    verdict: text("verdict", { enum: ["wrong"] })
      .notNull()
      .default("wrong"),
    note: text("note").notNull().default(""),
    withdrawn: boolean("withdrawn").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("ai_feedback_message_idx").on(t.messageId),
    index("ai_feedback_created_idx").on(t.createdAt.desc().nullsFirst()).where(sql`not ${t.withdrawn}`),
  ],
);
