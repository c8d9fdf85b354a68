import { z } from "zod";
import { text } from "./common";
import { availabilitySchema } from "./agents";
import { callCampaignCountsSchema, callCampaignStatuses } from "./call-campaigns";
import { callSchema } from "./calls";
import { flowTurnSchema } from "./flows";
import { campaignCountsSchema, campaignStatuses } from "./campaigns";
import { contactImportSchema } from "./contact-import";
import { aiFeedbackEntrySchema } from "./ai-review";
import { conversationSchema, messageSchema } from "./inbox";
import { notificationSchema } from "./notifications";
import { slaMetricSchema, slaStateSchema } from "./sla";
import { templateDetailSchema } from "./template-authoring";
import { ticketSchema } from "./tickets";

/** Events the server pushes on /ws. The server decides each event's audience. */
export const serverEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), as: z.enum(["agent", "visitor"]) }),
  z.object({ type: z.literal("message.created"), message: messageSchema }),
  z.object({ type: z.literal("message.updated"), message: messageSchema }),
  z.object({ type: z.literal("conversation.updated"), conversation: conversationSchema }),
  z.object({ type: z.literal("presence.updated"), userId: z.uuid(), availability: availabilitySchema }),
  z.object({
    type: z.literal("typing"),
    conversationId: z.uuid(),
    actor: z.object({ type: z.enum(["agent", "customer"]), id: text(), name: text().nullable() }),
    typing: z.boolean(),
  }),
  z.object({ type: z.literal("notification.created"), notification: notificationSchema }),
  /** Agents' "wrong" verdicts on an AI answer changed (marked, withdrawn): the thread's badge follows. */
  z.object({
    type: z.literal("ai.feedback.updated"),
    conversationId: z.uuid(),
    messageId: z.uuid(),
    wrong: z.array(aiFeedbackEntrySchema),
  }),
  /** The conversation left what this agent may see (reassigned, moved to another team): drop it. */
  z.object({ type: z.literal("conversation.removed"), conversationId: z.uuid() }),
  /** What this agent may see changed (visibility setting, role, team membership): refetch the lists. */
  z.object({ type: z.literal("visibility.changed") }),
  /** A template's status or quality changed (Meta's webhook, a sync, a submit): the templates page updates live. */
  z.object({ type: z.literal("template.updated"), template: templateDetailSchema }),
  z.object({ type: z.literal("template.removed"), templateId: z.uuid() }),
  z.object({ type: z.literal("pong") }),
  /** Something the dashboard counts changed: at most about one per second, the console refetches its tiles. */
  z.object({ type: z.literal("reports.changed") }),
  /** A ticket was created or changed (fields, links, a comment): lists and open ticket pages follow. */
  z.object({ type: z.literal("ticket.created"), ticket: ticketSchema }),
  z.object({ type: z.literal("ticket.updated"), ticket: ticketSchema }),
  /**
   * A subject's SLA changed: a clock started, paused, resumed, stopped (sla.changed), its warning
   * (sla.warning) or its breach (sla.breached) fired. Carries the whole new state; badges follow.
   */
  z.object({
    type: z.enum(["sla.changed", "sla.warning", "sla.breached"]),
    subjectType: z.enum(["ticket", "conversation"]),
    subjectId: z.uuid(),
    metric: slaMetricSchema.nullable(),
    sla: slaStateSchema,
  }),
  /** A contact import moved on (a batch committed, finished, cancelled): admins' import wizards follow it. */
  z.object({ type: z.literal("contact_import.updated"), import: contactImportSchema }),
  /**
   * A campaign's recipients or status moved (a dispatch batch, delivery statuses, a reply, a control
   * action): at most about one per second per campaign. A signal with the counts; the page refetches its report.
   */
  z.object({
    type: z.literal("campaign.progress"),
    campaignId: z.uuid(),
    status: z.enum(campaignStatuses),
    counts: campaignCountsSchema,
  }),
  /** A phone call moved (status, answering-machine verdict, recording): the calls pages follow it live. */
  z.object({ type: z.literal("call.updated"), call: callSchema }),
  /** A turn of a call's transcript was written (or cut by an interruption): the live dashboard appends it. */
  z.object({ type: z.literal("call.turn"), callId: z.string(), turn: flowTurnSchema }),
  /** A call campaign's targets moved (a call placed or settled, a retry scheduled, paused, completed). */
  z.object({
    type: z.literal("call_campaign.progress"),
    campaignId: z.uuid(),
    status: z.enum(callCampaignStatuses),
    counts: callCampaignCountsSchema,
  }),
]);
export type ServerEvent = z.infer<typeof serverEventSchema>;

/** What a client may send on /ws. */
export const clientEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("typing"), conversationId: z.uuid(), typing: z.boolean() }),
  z.object({ type: z.literal("ping") }),
]);
export type ClientEvent = z.infer<typeof clientEventSchema>;
