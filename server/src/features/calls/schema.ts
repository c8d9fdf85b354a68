import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import {
  callCampaignStatuses,
  callCategories,
  callStatuses,
  callTargetOutcomes,
  callTargetStates,
  type FieldValue,
  flowOutcomes,
  recordingStates,
} from "@switchboard/contracts";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { contacts } from "../inbox/schema";

/**
 * One phone call (one attempt). The row exists before the provider hears of it (`queued`); the
 * place-call job stores its intent (`dialing`, attempt id, time) before the SDK request, so a
 * crash in between is recognised and never re-dialled blindly. Statuses only move forward.
 */
export const calls = pgTable(
  "calls",
  {
    id: pk(),
    direction: text("direction", { enum: ["outbound", "inbound"] }).notNull(),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** A conversation flow (features/flows); no foreign key: that feature owns its table. */
    flowId: uuid("flow_id"),
    fromNumber: text("from_number"),
    toNumber: text("to_number").notNull(),
    status: text("status", { enum: callStatuses }).notNull().default("queued"),
    category: text("category", { enum: callCategories }).notNull().default("queued"),
    answeredBy: text("answered_by"),
    providerSid: text("provider_sid"),
    attemptId: uuid("attempt_id"),
    placeRequestedAt: ts("place_requested_at"),
    failureReason: text("failure_reason"),
    durationSeconds: integer("duration_seconds"),
    /** Highest Twilio SequenceNumber applied (status callbacks may arrive out of order). */
    lastSequence: integer("last_sequence").notNull().default(-1),
    recordingState: text("recording_state", { enum: recordingStates }).notNull().default("none"),
    recordingSid: text("recording_sid"),
    recordingKey: text("recording_key"),
    recordingContentType: text("recording_content_type"),
    recordingBytes: integer("recording_bytes"),
    recordingDuration: integer("recording_duration"),
    recordingChannels: integer("recording_channels"),
    recordingReason: text("recording_reason"),
    /** The flow's ending (features/flows' flow.finished): written once, the first report wins. */
    outcome: text("outcome", { enum: flowOutcomes }),
    collectedFields: jsonb("collected_fields").$type<Record<string, FieldValue>>().notNull().default({}),
    summary: text("summary"),
    outcomeAt: ts("outcome_at"),
    /** AMD found a machine (voicemail.ts): the flow's message left after the beep, or hung up. */
    voicemailState: text("voicemail_state", { enum: ["pending", "left", "hung_up", "failed"] }),
    voicemailReason: text("voicemail_reason"),
    /** The transfer tool handed the call to a human (transfer.ts); the summary is whispered to them. */
    transferState: text("transfer_state", { enum: ["pending", "dialing", "connected", "failed"] }),
    transferTo: text("transfer_to"),
    transferSummary: text("transfer_summary"),
    transferReason: text("transfer_reason"),
    /** The post-call transcript of the stored recording (transcribe-recording.ts), never made up. */
    transcriptState: text("transcript_state", { enum: ["pending", "done", "skipped", "failed"] }),
    transcriptText: text("transcript_text"),
    transcriptReason: text("transcript_reason"),
    /** The flow's follow-up WhatsApp (follow-up.ts): one per call. */
    followUpState: text("follow_up_state", { enum: ["pending", "sent", "failed", "skipped"] }),
    followUpReason: text("follow_up_reason"),
    followUpMessageId: text("follow_up_message_id"),
    /** Set before the send request: a retry that finds it without a message id may have sent it (not sent again). */
    followUpAttemptAt: ts("follow_up_attempt_at"),
    /** A "call me" sandbox call: a person in the console plays the callee by typing; no provider, never a recording. */
    sandbox: boolean("sandbox").notNull().default(false),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    answeredAt: ts("answered_at"),
    endedAt: ts("ended_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("calls_provider_sid_key").on(t.providerSid).where(sql`${t.providerSid} is not null`),
    index("calls_created_idx").on(t.createdAt, t.id),
    index("calls_contact_idx").on(t.contactId),
    index("calls_dialing_idx").on(t.placeRequestedAt).where(sql`${t.status} = 'dialing'`),
  ],
);
export type CallRow = typeof calls.$inferSelect;

/**
 * Every signed Twilio callback, stored before it is acknowledged (the call's timeline). The unique
 * key makes a redelivery a no-op: the event is applied by the transaction that inserts it.
 */
export const callEvents = pgTable(
  "call_events",
  {
    id: pk(),
    callId: uuid("call_id").references(() => calls.id, { onDelete: "cascade" }),
    eventKey: text("event_key").notNull(),
    kind: text("kind", { enum: ["placed", "voice", "status", "amd", "recording", "note"] }).notNull(),
    summary: text("summary").notNull(),
    payload: jsonb("payload").$type<Record<string, string | string[]>>().notNull().default({}),
    receivedAt: createdAt(),
  },
  (t) => [uniqueIndex("call_events_key").on(t.eventKey), index("call_events_call_idx").on(t.callId, t.receivedAt)],
);

/** Twilio credentials saved on the settings page (one row). The secrets are sealed (platform/secret-box). */
export const callSettings = pgTable("call_settings", {
  id: boolean("id").primaryKey().default(true),
  accountSid: text("account_sid").notNull(),
  apiKeySid: text("api_key_sid"),
  /** Sealed JSON {authToken?, apiKeySecret?}. */
  secretsSealed: text("secrets_sealed").notNull(),
  phoneNumber: text("phone_number").notNull(),
  updatedAt: updatedAt(),
});

/**
 * A call campaign (issue 11 §3): an audience called through `calls`, inside each callee's local
 * calling hours, at most `concurrency` calls live at once, no-answer and busy retried.
 */
export const callCampaigns = pgTable("call_campaigns", {
  id: pk(),
  name: text("name").notNull(),
  flowId: uuid("flow_id"),
  status: text("status", { enum: callCampaignStatuses }).notNull().default("draft"),
  audience: jsonb("audience").$type<{ segmentId?: string; contactIds?: string[] }>().notNull(),
  callingHours: jsonb("calling_hours").$type<{ start: string; end: string; days: number[] }>().notNull(),
  concurrency: integer("concurrency").notNull().default(2),
  /** Its calls are "call me" sandbox calls (the callee types in the console): no Twilio, no recording. */
  sandbox: boolean("sandbox").notNull().default(false),
  retries: jsonb("retries")
    .$type<{
      noAnswer: { maxAttempts: number; spacingMinutes: number };
      busy: { maxAttempts: number; spacingMinutes: number };
    }>()
    .notNull(),
  createdBy: uuid("created_by"),
  createdAt: createdAt(),
  startedAt: ts("started_at"),
  completedAt: ts("completed_at"),
  updatedAt: updatedAt(),
});
export type CallCampaignRow = typeof callCampaigns.$inferSelect;

/**
 * One contact of a started campaign. `calling`: `call_id` is its current attempt (a `calls` row,
 * which carries the exactly-once placing); `attempts` counts calls made. A retry is `pending` again
 * with `next_attempt_at` after the spacing.
 */
export const callCampaignTargets = pgTable(
  "call_campaign_targets",
  {
    id: pk(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => callCampaigns.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    toNumber: text("to_number"),
    timeZone: text("time_zone"),
    state: text("state", { enum: callTargetStates }).notNull().default("pending"),
    outcome: text("outcome", { enum: callTargetOutcomes }),
    reason: text("reason"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    callId: uuid("call_id").references(() => calls.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("call_campaign_targets_key").on(t.campaignId, t.contactId),
    index("call_campaign_targets_due_idx").on(t.campaignId, t.state, t.nextAttemptAt),
    index("call_campaign_targets_call_idx").on(t.callId),
  ],
);
