/**
 * The console's view of the API: the shared contracts themselves (contracts/src), re-exported so the
 * console's imports stay `@/lib/types`. Types cost no bytes; the values come from the Zod-free
 * `@switchboard/contracts/values`, so the initial bundle carries no Zod (the validators, with Zod, load
 * with the settings screens that use them). Nothing from server/ may reach the console
 * (web/tests/client-imports.test.ts checks it).
 */
import type {
  Conversation,
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
  ProviderType,
  Role,
  SenderType,
  ServerEvent,
  Template,
  User,
  Visibility,
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

/** GET /api/sandbox */
export interface SandboxInfo {
  enabled: boolean;
  /** `credentialsUnreadable`: no configured key opens its credentials; listed so it gets fixed. */
  channels: { id: string; type: string; name: string; credentialsUnreadable?: boolean }[];
}

/** One line of the sandbox customer's phone (GET /api/sandbox/:channelId/thread). */
export interface PhoneMessage {
  id: string;
  from: "customer" | "business";
  text: string;
  status: "sent" | "delivered" | "read" | "failed";
  at: string;
}

export {
  availabilities as AVAILABILITIES,
  channelTypes as CHANNEL_TYPES,
  conversationListStatuses as STATUS_FILTERS,
  isProviderType,
  priorities as PRIORITIES,
  providerTypes as PROVIDER_TYPES,
} from "@switchboard/contracts/values";

/** The channel's customer-service window (WhatsApp 24 h, Instagram 7 d with HUMAN_AGENT). */
export type ReplyWindow = Conversation["replyWindow"];

/** The window of a conversation, or null when an older server sent none. */
export function replyWindowOf(c: { replyWindow?: unknown }): ReplyWindow | null {
  const rw = c.replyWindow as ReplyWindow | undefined;
  return rw && typeof rw.open === "boolean" ? rw : null;
}
