import { z } from "zod";
import { slaStateSchema } from "./sla";
import { channelTypeSchema } from "./channels";
import { isoDate, pageOf, text } from "./common";
import { labelRefSchema } from "./label-ref";
import { conversationSorts } from "./list-values";
import { conversationListStatuses, conversationStatuses, deliveryStatuses, priorities, senderTypes } from "./values";

export const conversationStatusSchema = z.enum(conversationStatuses);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const prioritySchema = z.enum(priorities);
export type Priority = z.infer<typeof prioritySchema>;

export const senderTypeSchema = z.enum(senderTypes);
export type SenderType = z.infer<typeof senderTypeSchema>;

export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const attachmentSchema = z.object({
  id: z.uuid(),
  fileName: text(),
  contentType: text(),
  size: z.number().int(),
  url: text(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const contactSummarySchema = z.object({
  id: z.uuid(),
  name: text().nullable(),
  email: text().nullable(),
  phone: text().nullable(),
  avatarUrl: text().nullable(),
});

export const contactIdentitySchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  channelType: channelTypeSchema,
  externalId: text(),
});

export const contactSchema = contactSummarySchema.extend({
  notes: text(),
  attributes: z.record(text(), z.unknown()),
  identities: z.array(contactIdentitySchema),
  labels: z.array(labelRefSchema),
  createdAt: isoDate,
});
export type Contact = z.infer<typeof contactSchema>;

export const conversationSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  channelType: channelTypeSchema,
  channelName: text(),
  contact: contactSummarySchema,
  status: conversationStatusSchema,
  snoozedUntil: isoDate.nullable(),
  priority: prioritySchema,
  assignee: z.object({ id: z.uuid(), name: text(), avatarUrl: text().nullable() }).nullable(),
  team: z.object({ id: z.uuid(), name: text() }).nullable().describe("The team the conversation belongs to"),
  handler: z
    .enum(["ai", "human", "none"])
    .describe("Who answers: the AI agent, a human, or not decided yet (separate from status and assignee)"),
  queuedAt: isoDate.nullable().describe("Since when it waits for a human with nobody assigned (the Waiting view)"),
  lastMessageAt: isoDate,
  lastMessagePreview: text(),
  lastMessageSender: z
    .object({ type: senderTypeSchema, id: text().nullable(), name: text().nullable() })
    .nullable()
    .describe("Who wrote the preview; null when the customer did (or nobody yet)"),
  labels: z.array(labelRefSchema),
  waitingSince: isoDate.nullable().describe("Since when the customer's oldest unanswered message waits"),
  lastInboundAt: isoDate.nullable(),
  replyWindow: z
    .object({
      open: z.boolean().describe("Free-form replies are allowed now"),
      closesAt: isoDate.nullable().describe("When free-form replies stop being allowed"),
      rule: z.enum(["none", "24h", "24h+human_agent"]),
      templatesOnly: z.boolean().describe("When closed, only approved templates may be sent (WhatsApp)"),
    })
    .describe("The channel's customer-service window"),
  unreadCount: z.number().int().describe("Customer messages no agent has read yet"),
  sla: slaStateSchema.optional().describe("First and next reply targets (on the detail and list payloads)"),
  createdAt: isoDate,
});
export type Conversation = z.infer<typeof conversationSchema>;

export const messageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  direction: z.enum(["inbound", "outbound"]),
  senderType: senderTypeSchema,
  sender: z.object({ id: text().nullable(), name: text().nullable(), avatarUrl: text().nullable() }),
  private: z.boolean(),
  kind: text().describe("text, media, template, interactive, location, contacts, unsupported"),
  metadata: z.record(text(), z.unknown()),
  content: text(),
  attachments: z.array(attachmentSchema),
  status: deliveryStatusSchema,
  error: z.object({ code: text(), message: text() }).nullable(),
  createdAt: isoDate,
});
export type Message = z.infer<typeof messageSchema>;

export const assigneeFilter = z.union([z.enum(["me", "unassigned", "any"]), z.uuid()]);

export const listConversationsQuery = z.object({
  status: z.enum(conversationListStatuses).default("open"),
  channelId: z.uuid().optional(),
  assignee: assigneeFilter.default("any"),
  priority: prioritySchema.optional(),
  label: z.uuid().optional(),
  sort: z.enum(conversationSorts).default("newest"),
  q: text().trim().max(200).optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuery>;
export const conversationPage = pageOf(conversationSchema);

export const updateConversationBody = z
  .object({
    status: conversationStatusSchema.optional(),
    priority: prioritySchema.optional(),
    snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const assignBody = z.object({ assigneeId: z.uuid().nullable() });

export const listMessagesQuery = z.object({
  before: text().max(200).optional().describe("Cursor for older messages"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const messagePage = z.object({ items: z.array(messageSchema), prevCursor: text().nullable() });

export const templateSendSchema = z.object({
  name: text().min(1).max(512),
  language: text().min(2).max(20),
  bodyParameters: z.array(text().max(1000)).max(20).default([]),
  headerParameters: z.array(text().max(1000)).max(5).default([]),
});
export type TemplateSend = z.infer<typeof templateSendSchema>;

export const sendMessageBody = z
  .object({
    content: text().trim().max(10_000).default(""),
    private: z.boolean().default(false),
    attachmentIds: z.array(z.uuid()).max(10).default([]),
    template: templateSendSchema.optional().describe("Send an approved WhatsApp template instead of free text"),
    mentions: z.array(z.uuid()).max(50).optional().describe("Teammates @mentioned in a private note (user ids)"),
  })
  .refine((v) => v.content.length > 0 || v.attachmentIds.length > 0 || v.template, {
    message: "Write a message or attach a file",
    path: ["content"],
  });
export const mergeContactsBody = z.object({
  otherContactId: z.uuid().describe("Merged into this contact, then removed"),
});

export const listContactsQuery = z.object({
  q: text().trim().max(200).optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const contactPage = pageOf(contactSummarySchema.extend({ createdAt: isoDate }));
export const contactDetailSchema = contactSchema.extend({
  conversations: z.array(
    z.object({
      id: z.uuid(),
      status: conversationStatusSchema,
      channelType: channelTypeSchema,
      lastMessageAt: isoDate,
      lastMessagePreview: text(),
    }),
  ),
});
export const updateContactBody = z
  .object({
    name: text().trim().max(200).nullable().optional(),
    email: z.email().max(200).nullable().optional(),
    phone: text().trim().max(40).nullable().optional(),
    notes: text().max(5000).optional(),
    attributes: z.record(text(), z.union([text().max(500), z.number(), z.boolean(), z.null()])).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
