import type { IncomingHttpHeaders } from "node:http";
import type { ChannelCapabilities, ChannelType, TemplateSend } from "@switchboard/contracts";
import type { z } from "zod";
import type { ProviderError } from "./provider-http";

/**
 * The contract every channel implements and registers (registry.ts). The inbox never knows which
 * channel it talks to: it sees normalized events coming in and hands outbound messages to `send`.
 */
export interface ChannelAdapter<Settings extends Record<string, unknown> = Record<string, unknown>> {
  type: ChannelType;
  label: string;
  /** Validates and defaults the non-secret settings an admin edits. */
  settingsSchema: z.ZodType<Settings>;
  /** Credentials the admin provides (validated on create and on replace). Absent for the website channel. */
  secretsSchema?: z.ZodType<Record<string, string>>;
  /** Secrets we generate (widget identity secret, webhook verify token, Telegram secret_token). */
  generateSecrets(): Record<string, string>;
  /** Embed code shown in settings (website channel). */
  snippet(channel: { id: string; settings: Settings }, publicUrl: string): string | null;
  /**
   * How outbound messages reach the customer: `realtime` channels are delivered by the socket hub
   * the moment the message commits; `job` channels go through the deliver-message job.
   */
  delivery: "realtime" | "job";
  /**
   * What the channel can send and show. The composer reads it (through GET /api/channel-capabilities
   * and the channel list) and send-reply refuses what is not declared here, so nothing is silently degraded.
   */
  capabilities: ChannelCapabilities;
  /** Provider channels: webhooks in, API calls out. */
  provider?: ProviderAdapter<Settings>;
}

/** A channel as adapters see it: decrypted, validated, with the base URL to call. */
export interface ChannelConfig<Settings = Record<string, unknown>> {
  id: string;
  type: ChannelType;
  name: string;
  settings: Settings;
  secrets: Record<string, string>;
  /** Provider API base URL: the real service, a configured override, or the built-in sandbox fake. */
  apiBase: string;
}

export interface WebhookRequest {
  method: string;
  /** The channel id from the URL (Telegram), when the route has one. */
  channelId?: string;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface ProviderAdapter<Settings> {
  /** Our account id at the provider (routes shared webhook URLs; unique per channel type). */
  accountId(settings: Settings): string;
  /** Whether an id read from a webhook names this channel (defaults to equality with accountId). */
  matchesAccount?(settings: Settings, id: string): boolean;
  /** Fake credentials and account ids for a sandbox channel. */
  sandboxSetup(): { settings: Partial<Settings>; secrets: Record<string, string> };
  webhook: {
    /** Path under /webhooks: "whatsapp" (shared, routed by account id) or "telegram/:channelId". */
    path: string;
    /** GET handshakes (Meta hub.challenge, X CRC). `null` when the request is not for this channel. */
    challenge?(
      req: WebhookRequest,
      channel: ChannelConfig<Settings>,
    ): { status: number; body: string; contentType: string } | null;
    /** Account ids a POST is for, read from the (not yet trusted) payload, to pick the secret to check it with. */
    accountIds(payload: unknown): string[];
    /** Signature / secret-token check over the raw bytes. */
    verify(req: WebhookRequest, channel: ChannelConfig<Settings>): boolean;
    /**
     * A delivery that carries events for several of our accounts (one WhatsApp business account's
     * phone numbers) split into one part per account, each stored for its own channel. Optional.
     */
    split?(payload: unknown): { accountId: string; payload: unknown }[];
    /** Stable identity of a delivery: a redelivery gets the same key and is stored once. */
    eventKey(payload: unknown, rawBody: Buffer): string;
    /** Events of one key are applied in order (one customer's conversation). */
    orderingKey(payload: unknown): string;
    /** One line for the event log ("2 messages from 447700900123"). */
    summarize(payload: unknown): string;
  };
  /** Provider payload -> what happened, in the inbox's words. Pure; never throws on unknown shapes. */
  parse(payload: unknown, channel: ChannelConfig<Settings>): NormalizedEvent[];
  /**
   * Sends one message, which may take several provider calls ("parts": an attachment each, then the
   * text). Parts already sent by an earlier attempt are in `progress.sent` and are skipped; each new
   * part is announced (`beforePart`) and recorded (`afterPart`) in PostgreSQL around its call, so a
   * retry resumes from the first unsent part (see send-parts.ts). Returns the id that stands for the
   * whole message (the one whose statuses we follow). Throws ProviderError.
   */
  send(
    channel: ChannelConfig<Settings>,
    message: OutboundMessage,
    progress: SendProgress,
  ): Promise<{ externalId: string }>;
  /**
   * What the provider tells us about our own sends, used to settle a send that was in flight when the
   * process died ("in doubt"): `status` (WhatsApp echoes biz_opaque_callback_data = our message id in its
   * status webhooks), `echo` (Instagram and X echo every message our account sends), or `none`
   * (Telegram: nothing; the delivery policy decides). `graceMs`: how long such evidence may take to arrive.
   */
  sendEvidence: { kind: "status" | "echo" | "none"; graceMs: number };
  /** Downloads inbound media referenced by a message event. */
  fetchMedia?(
    channel: ChannelConfig<Settings>,
    ref: MediaRef,
  ): Promise<{ bytes: Buffer; contentType: string; fileName?: string }>;
  /** The customer-service window given the customer's last message. */
  replyWindow(lastInboundAt: Date | null, settings: Settings, now?: Date): ReplyWindow;
  /** Retryable or permanent, with a human reason; reauth when credentials were refused. */
  classifyError(err: ProviderError): ErrorClass;
  /** Set-up at connect time (Telegram getMe + setWebhook, WhatsApp template sync). Returns settings to store. */
  connect?(channel: ChannelConfig<Settings>, webhookUrl: string): Promise<Partial<Settings>>;
  /** A cheap authenticated call for the "Test" button. */
  test(channel: ChannelConfig<Settings>): Promise<string>;
  /** Pacing: messages per second for the whole channel, and per recipient. */
  rateLimits(settings: Settings): { perSecond: number; perRecipientPerSecond?: number };
  /** WhatsApp only: the account's message templates. */
  listTemplates?(channel: ChannelConfig<Settings>): Promise<SyncedTemplate[]>;
  /** WhatsApp only: template management on the Business Account (see channels/templates/). */
  templates?: TemplateManagement<Settings>;
  /**
   * Tells the provider a button tap was handled (Telegram's answerCallbackQuery: the customer's
   * client shows a spinner until then), with a short text shown to the customer. Best effort.
   */
  acknowledgeTap?(channel: ChannelConfig<Settings>, tapId: string, text: string): Promise<void>;
}

export interface TemplateFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export interface TemplateManagement<Settings> {
  /** Submits a template for review: `{name, language, category, parameter_format, components}` as Meta takes it. */
  create(
    channel: ChannelConfig<Settings>,
    payload: Record<string, unknown>,
  ): Promise<{ id: string; status: string; category: string | null }>;
  /** Deletes one template (by name and id, so other languages of the same name stay). */
  remove(channel: ChannelConfig<Settings>, t: { name: string; externalId: string | null }): Promise<void>;
  /** Resumable Upload API: the handle Meta's review reads the header example from. */
  uploadExample(channel: ChannelConfig<Settings>, file: TemplateFile): Promise<string>;
  /** Media for sending: the id a send's header parameter names. */
  uploadMedia(channel: ChannelConfig<Settings>, file: TemplateFile): Promise<string>;
}

export interface ReplyWindow {
  open: boolean;
  closesAt: Date | null;
  rule: "none" | "24h" | "24h+human_agent";
  templatesOnly: boolean;
  /** Send with the HUMAN_AGENT tag (Instagram, between 24 h and 7 days). */
  humanAgentTag?: boolean;
}

export interface ErrorClass {
  retryable: boolean;
  /** Provider code as a string, e.g. "131047", "429", "timeout". */
  code: string;
  /** What the agent reads. */
  message: string;
  retryAfterMs?: number;
  reauth?: boolean;
}

export type MediaRef = {
  id?: string;
  url?: string;
  mimeType?: string;
  fileName?: string;
  kind: "image" | "audio" | "video" | "document" | "sticker";
};

export interface CustomerProfile {
  externalId: string;
  name?: string | null;
  phone?: string | null;
  username?: string | null;
}

export type NormalizedEvent =
  | {
      kind: "message";
      externalId: string;
      from: CustomerProfile;
      timestamp: Date;
      /** text, media, interactive, location, contacts, button, unsupported, story_reply… */
      messageKind: string;
      text: string;
      media: MediaRef[];
      metadata: Record<string, unknown>;
    }
  | { kind: "echo"; externalId: string; to: CustomerProfile; timestamp: Date; text: string; media: MediaRef[] }
  | {
      kind: "status";
      externalId: string;
      status: "sent" | "delivered" | "read" | "failed";
      timestamp: Date;
      error?: { code: string; message: string };
      /** What we attached to the send and the provider echoes (WhatsApp biz_opaque_callback_data: our message id). */
      callbackData?: string;
    }
  | { kind: "read"; customerExternalId: string; upTo: Date }
  | { kind: "edit"; externalId: string; text: string; timestamp: Date }
  | { kind: "delete"; externalId: string }
  | {
      kind: "template_status";
      externalId?: string;
      name: string;
      language: string;
      status: string;
      reason?: string;
    }
  | { kind: "template_quality"; externalId?: string; name: string; language: string; quality: string }
  /** WhatsApp business_capability_update: the portfolio's messaging limit (null: unlimited). */
  | { kind: "portfolio_limit"; limit: number | null; tier: string }
  | {
      /** The customer tapped one of our "Did this answer your question?" buttons (resolution-buttons.ts). */
      kind: "resolution_tap";
      customerExternalId: string;
      /** Our id of the AI answer the buttons were under. */
      messageId: string;
      helpful: boolean;
      /** What acknowledgeTap needs (Telegram's callback query id). */
      tapId?: string;
    }
  | {
      /** The customer tapped one of our CSAT survey buttons (survey-buttons.ts). */
      kind: "survey_tap";
      customerExternalId: string;
      surveyId: string;
      rating: number;
      tapId?: string;
    }
  | { kind: "ignored"; reason: string };

export interface OutboundMessage {
  /** Our message id (WhatsApp carries it as biz_opaque_callback_data, so its statuses name the message). */
  id: string;
  /** The customer's id at the provider (wa_id, chat id, IGSID, X user id). */
  to: string;
  text: string;
  attachments: { bytes: Buffer; contentType: string; fileName: string; publicUrl: string }[];
  template?: TemplateSend;
  /** Provider id of the message this replies to. */
  replyTo?: string;
  humanAgentTag?: boolean;
  /**
   * Ask "Did this answer your question?" with buttons (an AI answer, on a channel declaring
   * capabilities.resolutionButtons, while the reply window is open).
   */
  askResolution?: boolean;
  /** A CSAT survey (features/csat): the text is the question; the adapter adds its answer buttons. */
  survey?: { id: string };
}

/** The part of an outbound message about to be sent, as stored while it is in flight (matched against echoes). */
export interface PartInFlight {
  index: number;
  kind: "text" | "attachment" | "template";
  /** The text this part carries (text parts, captions), for matching an echo. */
  text?: string;
  /** How many parts the message has, and which one stands for it: evidence for the last part completes it. */
  of: number;
  standsFor: "first" | "last";
}

/** Where a multi-part send stands, kept in PostgreSQL (messages.sending + message_parts) by the deliver job. */
export interface SendProgress {
  /** Provider ids of the parts already sent, in order. */
  readonly sent: readonly string[];
  /** Marks the message "sending" (with this part and the attempt start time) before the provider is called. */
  beforePart(part: PartInFlight): Promise<void>;
  /** Records the part's provider id before the next part is sent. */
  afterPart(index: number, externalId: string): Promise<void>;
}

export interface SyncedTemplate {
  externalId: string;
  name: string;
  language: string;
  category: string | null;
  status: string;
  parameterFormat: string;
  components: unknown[];
  qualityScore: string | null;
  rejectedReason?: string | null;
}
