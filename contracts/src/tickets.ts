import { z } from "zod";
import { isoDate, text } from "./common";
import { contactSummarySchema, conversationSchema, prioritySchema } from "./inbox";
import { slaStateFilter, slaStateSchema } from "./sla";
import { ticketSorts, ticketStatuses, ticketTypes } from "./values";

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

export const ticketEventKinds = ["created", "changed", "linked", "unlinked", "commented"] as const;
export const ticketEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ticketEventKinds),
  /** The field that changed (kind changed), else null. */
  field: text().nullable(),
  from: z.unknown().describe("The value before (ids for assignee/team/requester/conversation), null when none"),
  to: z.unknown(),
  actor: ticketActorSchema,
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
