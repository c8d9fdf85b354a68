import { z } from "zod";
import { channelTypeSchema } from "./channels";
import { isoDate, pageOf } from "./common";
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
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const contactSummarySchema = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  avatarUrl: z.string().nullable(),
});

export const contactIdentitySchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  channelType: channelTypeSchema,
  externalId: z.string(),
});

export const contactSchema = contactSummarySchema.extend({
  notes: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  identities: z.array(contactIdentitySchema),
  createdAt: isoDate,
});
export type Contact = z.infer<typeof contactSchema>;

export const conversationSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  channelType: channelTypeSchema,
  channelName: z.string(),
  contact: contactSummarySchema,
  status: conversationStatusSchema,
  snoozedUntil: isoDate.nullable(),
  priority: prioritySchema,
  assignee: z.object({ id: z.uuid(), name: z.string(), avatarUrl: z.string().nullable() }).nullable(),
  lastMessageAt: isoDate,
  lastMessagePreview: z.string(),
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
  createdAt: isoDate,
});
export type Conversation = z.infer<typeof conversationSchema>;

export const messageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  direction: z.enum(["inbound", "outbound"]),
  senderType: senderTypeSchema,
  sender: z.object({ id: z.string().nullable(), name: z.string().nullable(), avatarUrl: z.string().nullable() }),
  private: z.boolean(),
  kind: z.string().describe("text, media, template, interactive, location, contacts, unsupported"),
  metadata: z.record(z.string(), z.unknown()),
  content: z.string(),
  attachments: z.array(attachmentSchema),
  status: deliveryStatusSchema,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: isoDate,
});
export type Message = z.infer<typeof messageSchema>;

export const assigneeFilter = z.union([z.enum(["me", "unassigned", "any"]), z.uuid()]);

export const listConversationsQuery = z.object({
  status: z.enum(conversationListStatuses).default("open"),
  channelId: z.uuid().optional(),
  assignee: assigneeFilter.default("any"),
  priority: prioritySchema.optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
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
  before: z.string().max(200).optional().describe("Cursor for older messages"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const messagePage = z.object({ items: z.array(messageSchema), prevCursor: z.string().nullable() });

export const templateSendSchema = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(20),
  bodyParameters: z.array(z.string().max(1000)).max(20).default([]),
  headerParameters: z.array(z.string().max(1000)).max(5).default([]),
});
export type TemplateSend = z.infer<typeof templateSendSchema>;

export const sendMessageBody = z
  .object({
    content: z.string().trim().max(10_000).default(""),
    private: z.boolean().default(false),
    attachmentIds: z.array(z.uuid()).max(10).default([]),
    template: templateSendSchema.optional().describe("Send an approved WhatsApp template instead of free text"),
  })
  .refine((v) => v.content.length > 0 || v.attachmentIds.length > 0 || v.template, {
    message: "Write a message or attach a file",
    path: ["content"],
  });
export const mergeContactsBody = z.object({
  otherContactId: z.uuid().describe("Merged into this contact, then removed"),
});

export const listContactsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
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
      lastMessagePreview: z.string(),
    }),
  ),
});
export const updateContactBody = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    email: z.email().max(200).nullable().optional(),
    phone: z.string().trim().max(40).nullable().optional(),
    notes: z.string().max(5000).optional(),
    attributes: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
