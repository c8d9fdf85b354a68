import { z } from "zod";
import { isoDate, text } from "./common";
import { flowOutcomeSchema, flowTurnSchema } from "./flows";
import { answeredByValues, callCategories, callStatuses, recordingStates } from "./values";

/**
 * A phone call's provider status, as we track it. `dialing`: the intent to place the call is stored
 * and the provider request may be in flight (at most once: a call found `dialing` after a crash is
 * never placed again without evidence). Terminal: completed, busy, no_answer, failed, canceled.
 */
export const callStatusSchema = z.enum(callStatuses);
export type CallStatus = z.infer<typeof callStatusSchema>;

/**
 * What the dashboard counts a call as. Answering-machine detection is its own category: a call AMD
 * classified as a machine (or fax) is `voicemail`, whatever its provider status.
 */
export const callCategorySchema = z.enum(callCategories);
export type CallCategory = z.infer<typeof callCategorySchema>;

/** Twilio's AnsweredBy values (async AMD with DetectMessageEnd). */

/** A recording's state: never a file we did not download from the provider. */

export const callRecordingSchema = z.object({
  state: z.enum(recordingStates),
  /** Why there is no recording (absent at the provider, credentials refused, download failed after retries). */
  reason: text().nullable(),
  durationSeconds: z.number().int().nullable(),
  channels: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  contentType: text().nullable(),
});

/** What happened when AMD found a machine: the flow's message left after the beep, or hung up (no message, or a fax). */
export const callVoicemailSchema = z.object({
  state: z.enum(["pending", "left", "hung_up", "failed"]),
  /** "message left: yes/no" on the call page. */
  messageLeft: z.boolean(),
  reason: text().nullable(),
});
/** The hand-over to the flow's transfer number, with the summary whispered to the human before connecting. */
export const callTransferSchema = z.object({
  state: z.enum(["pending", "dialing", "connected", "failed"]),
  to: text(),
  summary: text().nullable(),
  /** Why it failed (the Dial's no-answer / busy / failed, or Twilio refusing the update). */
  reason: text().nullable(),
});
/** The post-call transcript OpenAI's transcription made of the stored recording (separate from the live turns). */
export const callRecordingTranscriptSchema = z.object({
  state: z.enum(["pending", "done", "skipped", "failed"]),
  text: text().nullable(),
  reason: text().nullable(),
});
/** The flow's follow-up WhatsApp after the outcome: sent once per call, or why not. */
export const callFollowUpSchema = z.object({
  state: z.enum(["pending", "sent", "failed", "skipped"]),
  reason: text().nullable(),
  messageId: text().nullable(),
});

export const callSchema = z.object({
  id: z.uuid(),
  direction: z.enum(["outbound", "inbound"]),
  /** A "call me" sandbox call (the callee typed in the console): no provider, never a recording. */
  sandbox: z.boolean(),
  contact: z.object({ id: z.uuid(), name: text().nullable(), phone: text().nullable() }).nullable(),
  flowId: z.uuid().nullable(),
  from: text().nullable(),
  to: text(),
  status: callStatusSchema,
  category: callCategorySchema,
  answeredBy: z.enum(answeredByValues).nullable(),
  providerSid: text().nullable(),
  /** Readable reason of a failed call (provider error, in doubt after a crash). */
  failureReason: text().nullable(),
  durationSeconds: z.number().int().nullable(),
  recording: callRecordingSchema,
  /** How the conversation ended (the flow's outcome), the fields it collected and its summary; null until the flow finished. */
  outcome: flowOutcomeSchema.nullable(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
  summary: text().nullable(),
  outcomeAt: isoDate.nullable(),
  voicemail: callVoicemailSchema.nullable(),
  transfer: callTransferSchema.nullable(),
  transcript: callRecordingTranscriptSchema.nullable(),
  followUp: callFollowUpSchema.nullable(),
  createdAt: isoDate,
  answeredAt: isoDate.nullable(),
  endedAt: isoDate.nullable(),
  updatedAt: isoDate,
});
export type Call = z.infer<typeof callSchema>;

export const callEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["placed", "voice", "status", "amd", "recording", "note"]),
  /** One line: "ringing", "answered by machine_end_beep", "recording completed (12 s)". */
  summary: text(),
  at: isoDate,
});
export type CallEvent = z.infer<typeof callEventSchema>;

/** The call page: the call, its timeline and its transcript (the flow's turns, oldest first; empty when no flow ran). */
export const callDetailSchema = z.object({
  call: callSchema,
  events: z.array(callEventSchema),
  turns: z.array(flowTurnSchema),
});
export type CallDetail = z.infer<typeof callDetailSchema>;

export const createCallBody = z.object({
  contactId: z.uuid(),
  flowId: z.uuid().nullable().optional(),
  /** Refused when true: a sandbox call is POST /api/calls/sandbox (so a sandbox request never dials). */
  sandbox: z.literal(false, { error: "A sandbox call is POST /api/calls/sandbox" }).optional(),
});

/** POST /api/calls/sandbox: a "call me" sandbox call to a contact (the default flow unless one is named). */
export const createSandboxCallBody = z.object({ contactId: z.uuid(), flowId: z.uuid().nullable().optional() }).strict();
/** POST /api/calls/:id/sandbox: what the callee says. */
export const sandboxSayBody = z.object({ text: text().trim().min(1, "Type what the callee says").max(2000) }).strict();
/** A sandbox call after a turn: the call, the agent's reply (one entry per reply) and the transcript so far. */
export const sandboxTurnSchema = z.object({
  call: callSchema,
  replies: z.array(text()),
  turns: z.array(flowTurnSchema),
  ended: z.boolean(),
});
export type SandboxTurn = z.infer<typeof sandboxTurnSchema>;

/** A hold-to-talk clip is a few seconds of Opus (~6 KB/s); 2 MB is minutes, and bounds what one request may upload. */
export const SANDBOX_SPEECH_MAX_BYTES = 2 * 1024 * 1024;
/** GET /api/calls/sandbox/speech: whether the microphone can be offered in Call me, and why not. */
export const sandboxSpeechStatusSchema = z.object({
  available: z.boolean(),
  reason: text().nullable(),
  maxBytes: z.number().int(),
});
export type SandboxSpeechStatus = z.infer<typeof sandboxSpeechStatusSchema>;
/** The uploaded clip as multer describes it (field `file`): recorded audio, within the limit. */
export const sandboxSpeechClip = z.object({
  mimetype: z
    .string()
    .regex(
      /^audio\/(webm|ogg|mp4|mpeg|wav|x-wav)(;.*)?$/,
      "Upload the recording as audio (webm/opus, ogg, mp4, mp3 or wav)",
    ),
  size: z.number().int().min(1, "The recording is empty").max(SANDBOX_SPEECH_MAX_BYTES),
});
/** POST /api/calls/:id/sandbox/speech: what the transcription heard, then the turn as if it had been typed. */
export const sandboxSpeechTurnSchema = sandboxTurnSchema.extend({ heard: text() });
export type SandboxSpeechTurn = z.infer<typeof sandboxSpeechTurnSchema>;

export const listCallsQuery = z.object({
  category: callCategorySchema.optional(),
  status: callStatusSchema.optional(),
  direction: z.enum(["outbound", "inbound"]).optional(),
  contactId: z.uuid().optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const callListSchema = z.object({ items: z.array(callSchema), nextCursor: text().nullable() });

export const recordingLinkSchema = z.object({ url: text(), expiresAt: isoDate });

/** Twilio credentials as the settings page shows them: never the secret itself. */
export const callSettingsSchema = z.object({
  source: z.enum(["settings", "environment", "none"]),
  accountSid: text().nullable(),
  apiKeySid: text().nullable(),
  phoneNumber: text().nullable(),
  secretSet: z.boolean(),
  webhookBase: text().describe("Where Twilio calls us back (from PUBLIC_URL)"),
});
export type CallSettings = z.infer<typeof callSettingsSchema>;

export const saveCallSettingsBody = z
  .object({
    accountSid: text().regex(/^AC[0-9a-fA-F]{32}$/, "An account SID starts with AC and has 32 hex digits"),
    /** Either the auth token, or an API key pair (apiKeySid + apiKeySecret). Omitted: keep the stored one. */
    authToken: text().min(1).max(200).optional(),
    apiKeySid: text()
      .regex(/^SK[0-9a-fA-F]{32}$/, "An API key SID starts with SK")
      .nullable()
      .optional(),
    apiKeySecret: text().min(1).max(200).optional(),
    phoneNumber: text().regex(/^\+[1-9]\d{6,14}$/, "An E.164 number, like +14155550100"),
  })
  .strict();
