import { z } from "zod";
import { isoDate, text } from "./common";

/** What an in-app notification is about. */
export const notificationTypes = ["mention", "assigned", "sla_warning", "sla_breached"] as const;
export const notificationTypeSchema = z.enum(notificationTypes);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

export const notificationSchema = z.object({
  id: z.uuid(),
  type: notificationTypeSchema,
  conversationId: z.uuid(),
  messageId: z.uuid().nullable().describe("The note that mentioned you (mentions)"),
  actor: z.object({ id: z.uuid().nullable(), name: text().nullable() }),
  contactName: text().nullable().describe("The customer of the conversation, as it was named then"),
  excerpt: text().describe("The start of the note, or what happened"),
  readAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type Notification = z.infer<typeof notificationSchema>;

export const listNotificationsQuery = z.object({
  type: notificationTypeSchema.optional(),
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const notificationPage = z.object({
  items: z.array(notificationSchema),
  nextCursor: text().nullable(),
  unread: z.number().int().describe("Unread notifications of this type (all types without `type`)"),
});
export type NotificationPage = z.infer<typeof notificationPage>;

export const markNotificationsReadBody = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(200) }),
  z.object({ all: z.literal(true), type: notificationTypeSchema.optional() }),
]);
export const markNotificationsReadResult = z.object({ unread: z.number().int() });

/** Per agent: how the console alerts them and which in-app notifications are created. */
export const notificationPreferencesSchema = z.object({
  sound: z.boolean(),
  desktop: z.boolean(),
  events: z.object({
    newConversation: z.boolean().describe("A new unassigned conversation"),
    assigned: z.boolean().describe("A conversation is assigned to me by someone else"),
    mention: z.boolean().describe("I am @mentioned in a private note"),
    newMessage: z.boolean().describe("A customer writes in a conversation assigned to me"),
  }),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
export const updateNotificationPreferencesBody = z
  .object({
    sound: z.boolean().optional(),
    desktop: z.boolean().optional(),
    events: notificationPreferencesSchema.shape.events.partial().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");
