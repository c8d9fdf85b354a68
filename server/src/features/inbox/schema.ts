import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { teams, users } from "../agents/schema";
import { channels } from "../channels/schema";

export const contacts = pgTable(
  "contacts",
  {
    id: pk(),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    avatarUrl: text("avatar_url"),
    notes: text("notes").notNull().default(""),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    /** When an agent last set the name by hand: from then on a channel's profile name never replaces it. */
    nameEditedAt: ts("name_edited_at"),
    /**
     * Marketing consent (WhatsApp campaigns). `opted_out` is the flag every campaign audience
     * excludes; it is set by the customer's keyword, an agent, an import or the provider (131050),
     * and each change is a row in contact_consent_events.
     */
    consentStatus: text("consent_status", { enum: ["opted_in", "opted_out", "unknown"] })
      .notNull()
      .default("unknown"),
    consentSource: text("consent_source", { enum: ["keyword", "agent", "import", "provider", "api"] }),
    consentAt: ts("consent_at"),
    /** IANA zone for send windows; null: guessed from the phone's country when needed (consent/time-zone.ts). */
    timeZone: text("time_zone"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One contact per number: imports and campaigns look contacts up by phone in batches.
    index("contacts_phone_idx").on(t.phone),
    index("contacts_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The contacts table sorted by name: the display name (name, else email, else phone), keyset-paged.
    index("contacts_sort_name_idx").on(sql`lower(coalesce(${t.name}, ${t.email}, ${t.phone}))`, t.id),
    // Z→A with the nameless still last (a backward scan of the first would put them first).
    index("contacts_sort_name_desc_idx").on(
      sql`lower(coalesce(${t.name}, ${t.email}, ${t.phone})) desc nulls last`,
      t.id.desc().nullsFirst(),
    ),
  ],
);

export const contactIdentities = pgTable(
  "contact_identities",
  {
    id: pk(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    externalId: text("external_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("contact_identities_channel_external_key").on(t.channelId, t.externalId),
    index("contact_identities_contact_idx").on(t.contactId),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: pk(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    identityId: uuid("identity_id").references(() => contactIdentities.id),
    status: text("status", { enum: ["open", "pending", "resolved"] })
      .notNull()
      .default("open"),
    snoozedUntil: ts("snoozed_until"),
    priority: text("priority", { enum: ["low", "normal", "high", "urgent"] })
      .notNull()
      .default("normal"),
    assigneeId: uuid("assignee_id").references(() => users.id),
    /** The team the conversation belongs to (from its channel, a handoff or a transfer); routing picks its members. */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    /** Who answers: the AI agent, a human, or nobody decided yet. Separate from status and assignee: the AI
     * never speaks unless this is `ai`, and only a handoff or an agent changes it. */
    handler: text("handler", { enum: ["ai", "human", "none"] })
      .notNull()
      .default("none"),
    /** Since when the conversation waits for a human with nobody assigned (the Waiting view and the routing
     * queue); null when assigned or not waiting for a human. */
    queuedAt: ts("queued_at"),
    lastMessageAt: ts("last_message_at").notNull().defaultNow(),
    lastMessagePreview: text("last_message_preview").notNull().default(""),
    /** Who wrote the preview ("You:", "Sam:", "AI:" in the list); null: the customer, or nobody yet. */
    lastMessageSenderType: text("last_message_sender_type", { enum: ["customer", "ai", "agent", "system"] }),
    lastMessageSenderId: text("last_message_sender_id"),
    lastMessageSenderName: text("last_message_sender_name"),
    lastInboundAt: ts("last_inbound_at"),
    /** Customer messages no agent has read yet. */
    agentUnreadCount: integer("agent_unread_count").notNull().default(0),
    /** Agent messages the customer has not seen yet (widget badge). */
    contactUnreadCount: integer("contact_unread_count").notNull().default(0),
    waitingSince: ts("waiting_since"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("conversations_status_recent_idx").on(
      t.status,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("conversations_assignee_recent_idx").on(
      t.assigneeId,
      t.status,
      t.lastMessageAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("conversations_recent_idx").on(t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The "oldest waiting" sort: the customer waiting longest first, then those nobody owes an answer.
    index("conversations_status_waiting_idx").on(
      t.status,
      sql`coalesce(${t.waitingSince}, 'infinity'::timestamptz)`,
      t.id,
    ),
    index("conversations_contact_idx").on(t.contactId),
    // The routing queue: waiting for a human, nobody assigned.
    index("conversations_queue_idx").on(t.queuedAt).where(sql`${t.queuedAt} is not null`),
    index("conversations_channel_idx").on(t.channelId),
    // A customer's open conversation, looked up for every inbound message and echo.
    index("conversations_identity_idx").on(t.identityId, t.lastMessageAt.desc().nullsFirst()),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: pk(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    direction: text("direction", { enum: ["inbound", "outbound"] }).notNull(),
    senderType: text("sender_type", { enum: ["customer", "ai", "agent", "system"] }).notNull(),
    senderId: text("sender_id"),
    senderName: text("sender_name"),
    private: boolean("private").notNull().default(false),
    content: text("content").notNull().default(""),
    /** Provider's id for the message; unique per channel so redelivered webhooks are no-ops. */
    externalId: text("external_id"),
    /** text, media, template, interactive, location, contacts, unsupported… (how to render it). */
    kind: text("kind").notNull().default("text"),
    /** Channel details: reply context, template name and parameters, location, the raw payload of unsupported types. */
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: ["queued", "sent", "delivered", "read", "failed"] })
      .notNull()
      .default("sent"),
    /** Delivery attempts made by the deliver-message job. */
    attempts: integer("attempts").notNull().default(0),
    /**
     * Set just before a part goes to the provider, cleared once its id is recorded: a message found
     * with it set was in flight when the process died ("in doubt", settled by channels/reconcile-send.ts).
     */
    sending: jsonb("sending").$type<{
      startedAt: string;
      part: number;
      kind: string;
      text?: string;
      of?: number;
      standsFor?: "first" | "last";
    }>(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("messages_channel_external_key").on(t.channelId, t.externalId),
    index("messages_conversation_idx").on(t.conversationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("messages_content_fts_idx").using("gin", sql`to_tsvector('simple', ${t.content})`),
    // Routing's assignment lines (they carry how long the conversation waited): the expected wait
    // told in a handoff is the median of the last hour's, read by any process (routing-queue.ts).
    index("messages_routing_waits_idx")
      .on(t.createdAt)
      .where(sql`${t.kind} = 'event' and (${t.metadata}->'event'->>'via') = 'routing'`),
  ],
);

/**
 * The provider ids of a message's parts (a file each, then the text), recorded as each one is sent:
 * a retry resumes from the first unsent part, and echoes of our own parts are known to every process.
 */
export const messageParts = pgTable(
  "message_parts",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    externalId: text("external_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.index] }),
    uniqueIndex("message_parts_channel_external_key").on(t.channelId, t.externalId),
  ],
);

export const attachments = pgTable(
  "attachments",
  {
    id: pk(),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    uploaderType: text("uploader_type", { enum: ["agent", "visitor", "provider"] }).notNull(),
    uploaderId: text("uploader_id").notNull(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    /** Path relative to DATA_DIR/attachments. */
    storageKey: text("storage_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_message_idx").on(t.messageId)],
);

/**
 * Delivery statuses for a provider message id we do not know (yet): a status can overtake our own
 * send's answer, or belong to a message another tool sent from the same number. Parked here instead
 * of holding the customer's later events back; applied when a message with that id appears (our
 * send records its provider id, or an echo is recorded) and dropped after a time limit (see
 * update-delivery-status.ts). No foreign key: the message does not exist yet, by definition.
 */
export const parkedStatuses = pgTable(
  "parked_statuses",
  {
    id: pk(),
    channelId: uuid("channel_id").notNull(),
    externalId: text("external_id").notNull(),
    status: text("status", { enum: ["queued", "sent", "delivered", "read", "failed"] }).notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    receivedAt: ts("received_at").notNull().defaultNow(),
  },
  (t) => [
    // One row per status of one message: a redelivered status parks nothing new.
    uniqueIndex("parked_statuses_key").on(t.channelId, t.externalId, t.status),
    index("parked_statuses_received_idx").on(t.receivedAt),
  ],
);

/** Every consent change of a contact, newest last: who or what changed it, and why. */
export const contactConsentEvents = pgTable(
  "contact_consent_events",
  {
    id: pk(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["opted_in", "opted_out", "unknown"] }).notNull(),
    previous: text("previous", { enum: ["opted_in", "opted_out", "unknown"] }).notNull(),
    source: text("source", { enum: ["keyword", "agent", "import", "provider", "api"] }).notNull(),
    reason: text("reason"),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    messageId: uuid("message_id"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("contact_consent_events_contact_idx").on(t.contactId, t.at)],
);

/** The opt-out and opt-in keywords (one row, id 1); absent: the built-in lists (consent/keywords.ts). */
export const consentSettings = pgTable("consent_settings", {
  id: integer("id").primaryKey(),
  optOut: jsonb("opt_out").$type<string[]>().notNull(),
  optIn: jsonb("opt_in").$type<string[]>().notNull(),
  updatedAt: updatedAt(),
});

/** Typed custom fields: values live in contacts.attributes under `key`, checked against `type` on import. */
export const contactFields = pgTable("contact_fields", {
  key: text("key").primaryKey(),
  label: text("label").notNull(),
  type: text("type", { enum: ["text", "number", "date", "choice"] }).notNull(),
  options: jsonb("options").$type<string[]>().notNull().default([]),
  createdAt: createdAt(),
});

/**
 * A CSV import of contacts. The file stays in the FileStore (every process reads it) until the
 * import ends; `processed_rows` moves with each committed batch, so a restarted job resumes after it.
 */
export const contactImports = pgTable(
  "contact_imports",
  {
    id: pk(),
    status: text("status", { enum: ["uploaded", "queued", "running", "done", "cancelled", "failed"] })
      .notNull()
      .default("uploaded"),
    fileName: text("file_name").notNull(),
    fileKey: text("file_key"),
    size: integer("size").notNull(),
    columns: jsonb("columns").$type<string[]>().notNull(),
    preview: jsonb("preview").$type<string[][]>().notNull(),
    totalRows: integer("total_rows").notNull(),
    processedRows: integer("processed_rows").notNull().default(0),
    createdRows: integer("created_rows").notNull().default(0),
    updatedRows: integer("updated_rows").notNull().default(0),
    failedRows: integer("failed_rows").notNull().default(0),
    mapping: jsonb("mapping").$type<Record<string, unknown>>(),
    defaultCountry: text("default_country"),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    error: text("error"),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    updatedAt: updatedAt(),
  },
  (t) => [index("contact_imports_created_idx").on(t.createdAt.desc().nullsFirst())],
);

/**
 * The contacts an import created or updated (merged into): a campaign can target "the list I
 * uploaded" (audience.importIds) even after tags were edited. Written with each batch.
 */
export const contactImportContacts = pgTable(
  "contact_import_contacts",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => contactImports.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.importId, t.contactId] })],
);

/** One row per refused CSV row: the errors report (GET /api/contacts/imports/:id/errors.csv). */
export const contactImportErrors = pgTable(
  "contact_import_errors",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => contactImports.id, { onDelete: "cascade" }),
    row: integer("row").notNull(),
    column: text("column"),
    value: text("value"),
    reason: text("reason").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.row] })],
);

/**
 * A saved filter over contacts (segments/): the definition is the contract's SegmentDefinition,
 * re-parsed when read, compiled to SQL on every count so it always answers for today's contacts.
 */
export const segments = pgTable("segments", {
  id: pk(),
  name: text("name").notNull(),
  definition: jsonb("definition").$type<Record<string, unknown>>().notNull(),
  createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
