import { z } from "zod";
import { text } from "./common";
import { attachmentSchema, conversationStatusSchema, deliveryStatusSchema } from "./inbox";
import { visitorContextBody, widgetAvailabilitySchema } from "./visitor";

/** Start or resume a visitor session. The visitor token is kept by the widget in localStorage. */
export const widgetSessionBody = z.object({
  visitorToken: text().max(1000).optional(),
  name: text().trim().max(100).optional(),
  email: z.email().max(200).optional(),
  userId: text().trim().min(1).max(200).optional().describe("The site's own user id (identity verification)"),
  userHash: text().max(200).optional().describe("Hex HMAC-SHA256 of userId with the channel's identity secret"),
  context: visitorContextBody.optional().describe("The page and browser the visitor is on"),
});

export const widgetChannelSchema = z.object({
  id: z.uuid(),
  name: text(),
  color: text(),
  welcomeMessage: text(),
  agentsOnline: z.boolean(),
  availability: widgetAvailabilitySchema,
});

export const widgetSessionResult = z.object({
  visitorToken: text(),
  visitor: z.object({ id: z.uuid(), name: text().nullable(), email: text().nullable() }),
  channel: widgetChannelSchema,
});

export const widgetMessageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  from: z.enum(["visitor", "agent", "ai", "system"]),
  sender: z.object({ name: text().nullable(), avatarUrl: text().nullable() }),
  content: text(),
  attachments: z.array(attachmentSchema),
  status: deliveryStatusSchema,
  createdAt: text(),
  /** An AI answer: the widget asks "Did this answer your question?" under the latest one. */
  aiAnswer: z.boolean().optional(),
  /** A CSAT survey: the widget shows five stars (then a comment box) and posts to /api/widget/csat/:id. */
  survey: z.object({ id: z.uuid() }).optional(),
});
export type WidgetMessage = z.infer<typeof widgetMessageSchema>;

export const widgetConversationSchema = z.object({
  id: z.uuid(),
  status: conversationStatusSchema,
  lastMessageAt: text(),
  unreadCount: z.number().int(),
});

export const widgetSendBody = z
  .object({
    conversationId: z.uuid().optional().describe("Leave out to continue the latest conversation or start one"),
    content: text().trim().max(5000).default(""),
    attachmentIds: z.array(z.uuid()).max(5).default([]),
  })
  .refine((v) => v.content.length > 0 || v.attachmentIds.length > 0, {
    message: "Write a message or attach a file",
    path: ["content"],
  });

/** Events a visitor socket receives: only its own conversations, never private notes. */
export const widgetEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), as: z.literal("visitor") }),
  z.object({ type: z.literal("message.created"), message: widgetMessageSchema }),
  z.object({ type: z.literal("message.updated"), message: widgetMessageSchema }),
  z.object({ type: z.literal("typing"), conversationId: z.uuid(), name: text().nullable(), typing: z.boolean() }),
  z.object({ type: z.literal("pong") }),
]);
export type WidgetEvent = z.infer<typeof widgetEventSchema>;
