/** Types of the API, derived from the shared Zod contracts without pulling Zod into the bundle. */
import type {
  channelWithSecretSchema,
  contactDetailSchema,
  contactPage,
  contactSummarySchema,
  conversationPage,
  createAgentBody,
  createAgentResult,
  createChannelBody,
  ListConversationsQuery,
  meSchema,
  messagePage,
  setupStatusSchema,
  templateSendSchema,
  updateAgentBody,
  updateChannelBody,
  updateContactBody,
  updateConversationBody,
  updateMeBody,
  webchatSettingsSchema,
} from "@switchboard/contracts";
import type { z } from "zod";

export type {
  AgentSummary,
  Attachment,
  Availability,
  Channel,
  ChannelCapabilities,
  ChannelType,
  ClientEvent,
  Contact,
  Conversation,
  ConversationStatus,
  DeliveryStatus,
  Message,
  Priority,
  Role,
  SenderType,
  ServerEvent,
  Template,
  User,
  WebhookEvent,
} from "@switchboard/contracts";

export type Me = z.infer<typeof meSchema>;
export type SetupStatus = z.infer<typeof setupStatusSchema>;
export type ConversationPage = z.infer<typeof conversationPage>;
export type MessagePage = z.infer<typeof messagePage>;
export type ContactPage = z.infer<typeof contactPage>;
export type ContactListItem = ContactPage["items"][number];
export type ContactSummary = z.infer<typeof contactSummarySchema>;
export type ContactDetail = z.infer<typeof contactDetailSchema>;
export type ChannelWithSecret = z.infer<typeof channelWithSecretSchema>;
export type CreateAgentResult = z.infer<typeof createAgentResult>;
export type CreateAgentInput = z.input<typeof createAgentBody>;
export type UpdateAgentInput = z.input<typeof updateAgentBody>;
export type UpdateMeInput = z.input<typeof updateMeBody>;
export type UpdateConversationInput = z.input<typeof updateConversationBody>;
export type UpdateContactInput = z.input<typeof updateContactBody>;
export type CreateChannelInput = z.input<typeof createChannelBody>;
export type UpdateChannelInput = z.input<typeof updateChannelBody>;
export type WebchatSettings = z.infer<typeof webchatSettingsSchema>;
export type StatusFilter = ListConversationsQuery["status"];
export type TemplateSendInput = z.input<typeof templateSendSchema>;
export type ProviderType = "whatsapp" | "telegram" | "instagram" | "x";

/** GET /api/sandbox */
export interface SandboxInfo {
  enabled: boolean;
  channels: { id: string; type: string; name: string }[];
}

/** One line of the sandbox customer's phone (GET /api/sandbox/:channelId/thread). */
export interface PhoneMessage {
  id: string;
  from: "customer" | "business";
  text: string;
  status: "sent" | "delivered" | "read" | "failed";
  at: string;
}

/** Runtime copies of the contract enums (importing the contract values would bundle Zod). */
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const STATUS_FILTERS = ["open", "pending", "resolved", "snoozed", "all"] as const;
export const AVAILABILITIES = ["online", "away", "offline"] as const;
export const CHANNEL_TYPES = ["webchat", "whatsapp", "telegram", "instagram", "x"] as const;
export const PROVIDER_TYPES = ["whatsapp", "telegram", "instagram", "x"] as const;

export function isProviderType(t: string): t is ProviderType {
  return (PROVIDER_TYPES as readonly string[]).includes(t);
}

/** The channel's customer-service window (WhatsApp 24 h, Instagram 7 d with HUMAN_AGENT). Absent on older servers. */
export interface ReplyWindow {
  open: boolean;
  closesAt: string | null;
  rule: string;
  templatesOnly: boolean;
}

export function replyWindowOf(c: { replyWindow?: unknown }): ReplyWindow | null {
  const rw = c.replyWindow as ReplyWindow | undefined;
  return rw && typeof rw.open === "boolean" ? rw : null;
}
