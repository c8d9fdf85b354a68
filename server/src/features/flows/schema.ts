import type { FlowFollowUp, FlowStep } from "@switchboard/contracts";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";

/**
 * Conversation flows: the settings as columns, the steps as one JSON document (validated by the
 * contract's flowBody on every write). `version` counts saves; a call records the version it ran.
 */
export const flows = pgTable("flows", {
  id: pk(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  engine: text("engine", { enum: ["conversation_relay", "media_streams"] })
    .notNull()
    .default("conversation_relay"),
  voice: text("voice").notNull().default(""),
  language: text("language").notNull().default("en-IN"),
  persona: text("persona").notNull().default(""),
  interruptionSensitivity: text("interruption_sensitivity").notNull().default("medium"),
  silenceTimeoutSeconds: integer("silence_timeout_seconds").notNull().default(6),
  maxCallSeconds: integer("max_call_seconds").notNull().default(600),
  voicemailMessage: text("voicemail_message").notNull().default(""),
  transferNumber: text("transfer_number").notNull().default(""),
  /** The follow-up WhatsApp (contract's flowFollowUpSchema); null: none. */
  followUp: jsonb("follow_up").$type<FlowFollowUp>(),
  steps: jsonb("steps").$type<FlowStep[]>().notNull(),
  /** Set on the seeded default flow (seeded once; an admin may edit or delete it). */
  seedKey: text("seed_key").unique(),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type FlowRow = typeof flows.$inferSelect;

/**
 * One run of a flow: a phone call (call_id = the calls feature's id; no foreign key, the calls
 * feature owns its table) or a test-panel session (call_id `test-…`). `state` is the runner's
 * position (step, collected fields, the value waiting for confirmation).
 */
export const flowSessions = pgTable(
  "flow_sessions",
  {
    callId: text("call_id").primaryKey(),
    flowId: uuid("flow_id").notNull(),
    flowVersion: integer("flow_version").notNull(),
    contactId: text("contact_id"),
    brain: text("brain", { enum: ["scripted", "llm"] }).notNull(),
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    outcome: text("outcome"),
    summary: text("summary"),
    endedAt: ts("ended_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("flow_sessions_flow_idx").on(t.flowId)],
);

/** The transcript: what was actually said, turn by turn (an interrupted agent turn keeps only the played part). */
export const flowTurns = pgTable(
  "flow_turns",
  {
    callId: text("call_id").notNull(),
    seq: integer("seq").notNull(),
    role: text("role", { enum: ["agent", "callee"] }).notNull(),
    text: text("text").notNull(),
    /** What the agent meant to say, when an interruption cut it. */
    intended: text("intended"),
    interrupted: boolean("interrupted").notNull().default(false),
    filler: boolean("filler").notNull().default(false),
    stepId: text("step_id"),
    /**
     * Per-turn latency on an agent turn, in ms (null: not measured by this engine). asr: the callee's
     * speech recognition (end of speech to final text); llm: the reply's request to its first token;
     * tts: first token to first audio sent; total: end of the callee's turn to the agent's first
     * output (the first audio frame, or the first text token where the provider speaks it).
     */
    asrMs: integer("asr_ms"),
    llmFirstTokenMs: integer("llm_first_token_ms"),
    ttsFirstAudioMs: integer("tts_first_audio_ms"),
    voiceToVoiceMs: integer("voice_to_voice_ms"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.seq] })],
);
export type FlowTurnRow = typeof flowTurns.$inferSelect;

/** Seeds applied once (a deleted default flow stays deleted after a restart). */
export const flowSeeds = pgTable("flow_seeds", {
  key: text("key").primaryKey(),
  createdAt: createdAt(),
});
