import { z } from "zod";
import { isoDate, text } from "./common";
import { contactSummarySchema, conversationSchema, prioritySchema } from "./inbox";
import { slaStateFilter, slaStateSchema } from "./sla";
import { ticketNoticeStatuses, ticketNoticeVariables, ticketSorts, ticketStatuses, ticketTypes } from "./values";

export const ticketStatusSchema = z.enum(ticketStatuses);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;
export const ticketTypeSchema = z.enum(ticketTypes);
export type TicketType = z.infer<typeof ticketTypeSchema>;

/** Who did something to a ticket: a person in the console, the AI agent, or an integrator's API token. */
export const ticketActorSchema = z.object({
  type: z.enum(["user", "ai", "api"]),
  id: text().nullable(),
  name: text().nullable(),
});
export type TicketActor = z.infer<typeof ticketActorSchema>;
/** Who wrote an activity row: also `system`, Switchboard itself (the outcome of a customer notice). */
export const ticketEventActorSchema = ticketActorSchema.extend({ type: z.enum(["user", "ai", "api", "system"]) });

const personRef = z.object({ id: z.uuid(), name: text(), avatarUrl: text().nullable() });

export const ticketSchema = z.object({
  id: z.uuid(),
  number: z.number().int().describe('Shown as "#123"; increasing, unique'),
  subject: text(),
  description: text().describe("Markdown"),
  priority: prioritySchema,
  status: ticketStatusSchema,
  type: ticketTypeSchema,
  assignee: personRef.nullable(),
  team: z.object({ id: z.uuid(), name: text() }).nullable(),
  requester: contactSummarySchema.nullable(),
  tags: z.array(text()),
  customFields: z.record(text(), z.unknown()),
  dueAt: isoDate.nullable(),
  createdBy: ticketActorSchema,
  conversationIds: z.array(z.uuid()),
  solvedAt: isoDate.nullable(),
  closedAt: isoDate.nullable(),
  sla: slaStateSchema.describe("Its SLA targets as stored: deadlines, paused, hit or missed"),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Ticket = z.infer<typeof ticketSchema>;

export const ticketCommentSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  body: text().describe("Markdown; internal, never sent to the customer"),
  author: ticketActorSchema,
  createdAt: isoDate,
});
export type TicketComment = z.infer<typeof ticketCommentSchema>;

/** `notice`: the outcome of a status notice to a linked conversation's customer (`to` is a TicketNoticeOutcome). */
export const ticketEventKinds = ["created", "changed", "linked", "unlinked", "commented", "notice"] as const;
export const ticketEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ticketEventKinds),
  /** The field that changed (kind changed), else null. */
  field: text().nullable(),
  from: z.unknown().describe("The value before (ids for assignee/team/requester/conversation), null when none"),
  to: z.unknown(),
  actor: ticketEventActorSchema,
  createdAt: isoDate,
});
export type TicketEvent = z.infer<typeof ticketEventSchema>;

export const ticketDetailSchema = ticketSchema.extend({
  /** The linked conversations the caller may see (conversationIds lists them all). */
  conversations: z.array(conversationSchema),
  comments: z.array(ticketCommentSchema),
  events: z.array(ticketEventSchema),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

const tag = text()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[^,\s][^,]*$/, "No commas");
const tags = z
  .array(tag)
  .max(20)
  .transform((t) => [...new Set(t)]);
const customFieldKey = text().regex(/^[a-z][a-z0-9_]{0,39}$/, "Use a snake_case key of up to 40 characters");
const customFields = z
  .record(customFieldKey, z.union([text().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((v) => Object.keys(v).length <= 50, "At most 50 custom fields");
const subject = text().trim().min(1).max(200);
const description = text().max(20_000);
const dueAt = z.iso.datetime({ offset: true }).nullable();
const conversationIds = z
  .array(z.uuid())
  .max(20)
  .transform((ids) => [...new Set(ids)]);

export const createTicketBody = z
  .object({
    subject: subject.optional().describe("Required unless conversationIds is given (then prefilled from the thread)"),
    description: description
      .optional()
      .describe("Markdown; prefilled from the first linked conversation's last messages"),
    priority: prioritySchema.default("normal"),
    status: z.enum(["new", "open", "pending", "on_hold"]).default("new"),
    type: ticketTypeSchema.default("question"),
    assigneeId: z.uuid().nullable().optional(),
    teamId: z.uuid().nullable().optional(),
    requesterId: z.uuid().nullable().optional().describe("A contact; defaults to the first linked conversation's"),
    tags: tags.default([]),
    customFields: customFields.default({}),
    dueAt: dueAt.optional(),
    conversationIds: conversationIds.default([]),
  })
  .refine((v) => v.subject !== undefined || v.conversationIds.length > 0, {
    message: "A subject is required when no conversation is linked",
    path: ["subject"],
  });
export type CreateTicketBody = z.infer<typeof createTicketBody>;

export const patchTicketBody = z
  .object({
    subject: subject.optional(),
    description: description.optional(),
    priority: prioritySchema.optional(),
    status: ticketStatusSchema.optional(),
    type: ticketTypeSchema.optional(),
    assigneeId: z.uuid().nullable().optional(),
    teamId: z.uuid().nullable().optional(),
    requesterId: z.uuid().nullable().optional(),
    tags: tags.optional(),
    customFields: customFields.optional().describe("Replaces the whole set"),
    dueAt: dueAt.optional(),
    linkConversationIds: conversationIds.optional(),
    unlinkConversationIds: conversationIds.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to update");
export type PatchTicketBody = z.infer<typeof patchTicketBody>;

/** PATCH /api/tickets/bulk: the same change on up to 500 tickets, all or nothing. */
export const bulkTicketChanges = z
  .object({
    status: ticketStatusSchema.optional(),
    priority: prioritySchema.optional(),
    assigneeId: z.uuid().nullable().optional(),
    teamId: z.uuid().nullable().optional(),
    addTags: tags.optional(),
    removeTags: tags.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to update");
export const bulkTicketsBody = z.object({
  ids: z
    .array(z.uuid())
    .min(1)
    .max(500)
    .transform((ids) => [...new Set(ids)]),
  changes: bulkTicketChanges,
});
export type BulkTicketsBody = z.infer<typeof bulkTicketsBody>;
export const bulkTicketsResult = z.object({ items: z.array(ticketSchema), changed: z.number().int() });

export const ticketCommentBody = z.object({ body: text().trim().min(1).max(20_000) });

export const listTicketsQuery = z.object({
  status: z
    .union([ticketStatusSchema, z.literal("unsolved")])
    .optional()
    .describe("A status, or unsolved (new, open, pending, on hold)"),
  priority: prioritySchema.optional(),
  type: ticketTypeSchema.optional(),
  assignee: z.union([z.enum(["me", "unassigned"]), z.uuid()]).optional(),
  team: z.union([z.literal("none"), z.uuid()]).optional(),
  tag: tag.optional(),
  requester: z.uuid().optional(),
  conversation: z.uuid().optional(),
  sla: slaStateFilter.optional().describe("at_risk: past a warning; breached: a deadline passed; ok: neither"),
  q: text()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("Search: words of the subject, or #123 / 123 for a ticket number"),
  sort: z.enum(ticketSorts).default("updated"),
  cursor: text().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;
export const ticketPage = z.object({ items: z.array(ticketSchema), nextCursor: text().nullable() });

/** The AI agent's create_ticket tool: what the model fills in. */
export const createTicketToolArgs = z.object({
  subject: z.string().trim().min(1).max(200).describe("A short title for the team, in the team's language"),
  priority: prioritySchema.default("normal"),
  summary: z.string().trim().min(1).max(2000).describe("What the customer needs and what is known so far"),
});
export type CreateTicketToolArgs = z.infer<typeof createTicketToolArgs>;

/** Saved views of the tickets page (GET|POST|DELETE /api/ticket-views). */
export const ticketViewFilters = listTicketsQuery.pick({
  status: true,
  priority: true,
  type: true,
  assignee: true,
  team: true,
  tag: true,
  sla: true,
  q: true,
});
export const ticketViewBody = z.object({
  name: text().trim().min(1).max(80),
  shared: z.boolean().default(false),
  filters: ticketViewFilters.strict().default({}),
  sort: z.enum(ticketSorts).default("updated"),
});
export const ticketViewSchema = ticketViewBody.extend({
  id: z.uuid(),
  ownerId: z.uuid(),
  mine: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type TicketView = z.infer<typeof ticketViewSchema>;
export const ticketViewList = z.object({ items: z.array(ticketViewSchema) });

/**
 * Customer notices on status changes (GET|PUT /api/tickets/notice-settings). Per status: on/off, the
 * text (variables {{ticket.number}}, {{ticket.subject}}, {{ticket.status}}, {{contact.name}}), and the
 * approved WhatsApp template sent outside the 24-hour window with the variable for each of its body
 * parameters ({{1}}, {{2}}, ... in order). Without a template, outside the window the notice is skipped.
 */
export const ticketNoticeStatusSchema = z.enum(ticketNoticeStatuses);
export type TicketNoticeStatus = z.infer<typeof ticketNoticeStatusSchema>;
export const ticketNoticeVariableSchema = z.enum(ticketNoticeVariables);
export type TicketNoticeVariable = z.infer<typeof ticketNoticeVariableSchema>;

const noticeText = text()
  .trim()
  .min(1, "Write the message the customer receives")
  .max(1000)
  .refine(
    (s) =>
      [...s.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].every((m) =>
        (ticketNoticeVariables as readonly string[]).includes(m[1] ?? ""),
      ),
    { message: `Unknown variable: use ${ticketNoticeVariables.map((v) => `{{${v}}}`).join(", ")}` },
  );
export const ticketNoticeTemplateSchema = z.strictObject({
  name: text().trim().min(1).max(512),
  language: text().trim().min(2).max(20),
  bodyVariables: z.array(ticketNoticeVariableSchema).max(20).default([]).describe("The variable for {{1}}, {{2}}, ..."),
});
export type TicketNoticeTemplate = z.infer<typeof ticketNoticeTemplateSchema>;
export const ticketStatusNoticeSchema = z.strictObject({
  enabled: z.boolean(),
  message: noticeText,
  whatsappTemplate: ticketNoticeTemplateSchema
    .nullable()
    .describe("Sent on WhatsApp outside the 24-hour window; null: the notice is skipped there"),
});
export type TicketStatusNotice = z.infer<typeof ticketStatusNoticeSchema>;
const statusNames: Record<TicketNoticeStatus, string> = {
  open: "open",
  pending: "waiting for your reply",
  on_hold: "on hold",
  solved: "solved",
  closed: "closed",
};
const defaultNotice = (s: TicketNoticeStatus): TicketStatusNotice => ({
  enabled: false,
  message: `Your request #{{ticket.number}} ({{ticket.subject}}) is now ${statusNames[s]}.`,
  whatsappTemplate: null,
});
/** Every status off by default: the customer gets no message the team did not choose (as CSAT). */
export const ticketNoticeSettingsSchema = z.strictObject({
  open: ticketStatusNoticeSchema.default(defaultNotice("open")),
  pending: ticketStatusNoticeSchema.default(defaultNotice("pending")),
  on_hold: ticketStatusNoticeSchema.default(defaultNotice("on_hold")),
  solved: ticketStatusNoticeSchema.default(defaultNotice("solved")),
  closed: ticketStatusNoticeSchema.default(defaultNotice("closed")),
});
export type TicketNoticeSettings = z.infer<typeof ticketNoticeSettingsSchema>;
/** PUT replaces the whole document: every status is given. */
export const ticketNoticeSettingsBody = z.strictObject({
  open: ticketStatusNoticeSchema,
  pending: ticketStatusNoticeSchema,
  on_hold: ticketStatusNoticeSchema,
  solved: ticketStatusNoticeSchema,
  closed: ticketStatusNoticeSchema,
});
export type TicketNoticeSettingsBody = z.infer<typeof ticketNoticeSettingsBody>;

/** A notice event's `to`: what happened on one linked conversation, and the line the timeline shows. */
export const ticketNoticeOutcomeSchema = z.object({
  outcome: z.enum(["sent", "skipped", "failed"]),
  text: text().describe('"Customer notified on WhatsApp (template x)" or "Notice not sent: <reason>"'),
  status: ticketStatusSchema,
  conversationId: z.uuid().nullable().describe("null: the ticket had no linked conversation"),
  channelType: text().nullable(),
  template: text().nullable(),
  reason: text().nullable(),
});
export type TicketNoticeOutcome = z.infer<typeof ticketNoticeOutcomeSchema>;
