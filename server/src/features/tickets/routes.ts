import {
  bulkTicketsBody,
  bulkTicketsResult,
  createTicketBody,
  idParams,
  listTicketsQuery,
  patchTicketBody,
  ticketCommentBody,
  ticketCommentSchema,
  ticketDetailSchema,
  ticketPage,
  ticketSchema,
  ticketViewBody,
  ticketViewList,
  ticketViewSchema,
  ticketNoticeSettingsBody,
  ticketNoticeSettingsSchema,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { visibilityScope } from "../agents";
import { requestActor } from "../audit";
import { ticketActor } from "./actor";
import { addTicketComment } from "./add-comment";
import { bulkUpdateTickets } from "./bulk-update-tickets";
import { createTicket } from "./create-ticket";
import { getTicketDetail } from "./get-ticket-detail";
import { listTickets } from "./list-tickets";
import { loadNoticeSettings, saveNoticeSettings } from "./notice-settings";
import { createTicketView, deleteTicketView, listTicketViews } from "./ticket-views";
import { updateTicket } from "./update-ticket";

/**
 * Every agent and admin works tickets (like contacts, tickets are shared by the team: no visibility
 * scope on the tickets themselves; linked conversations follow the caller's scope). Only an admin
 * reopens a closed ticket (transitions.ts). With an API token the actor is `api`.
 */
export function ticketRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: "get",
      path: "/api/tickets",
      guard: "agent",
      summary: "Tickets, filtered and sorted, a page at a time",
      tags: ["tickets"],
      query: listTicketsQuery,
      response: ticketPage,
      handler: ({ user, query }) => listTickets(ctx.db, user.id, query),
    }),
    defineRoute({
      method: "post",
      path: "/api/tickets",
      guard: "agent",
      summary: "Create a ticket (optionally from conversations: requester, subject and description prefilled)",
      tags: ["tickets"],
      body: createTicketBody,
      response: ticketSchema,
      status: 201,
      handler: async ({ user, body }) =>
        createTicket(ctx, ticketActor(user), body, await visibilityScope(ctx.db, user)),
    }),
    defineRoute({
      method: "patch",
      path: "/api/tickets/bulk",
      guard: "agent",
      summary: "The same change (status, priority, assignee, team, tags) on up to 500 tickets, all or nothing",
      tags: ["tickets"],
      body: bulkTicketsBody,
      response: bulkTicketsResult,
      handler: ({ user, body }) => bulkUpdateTickets(ctx, ticketActor(user), user.role, body),
    }),
    defineRoute({
      method: "get",
      path: "/api/tickets/notice-settings",
      guard: "agent",
      summary: "Customer notices per ticket status (agents read, admins change)",
      tags: ["tickets"],
      response: ticketNoticeSettingsSchema,
      handler: () => loadNoticeSettings(ctx.db),
    }),
    defineRoute({
      method: "put",
      path: "/api/tickets/notice-settings",
      guard: "admin",
      summary: "Replace the customer notices: per status on/off, the text, the WhatsApp template outside 24 h",
      tags: ["tickets"],
      body: ticketNoticeSettingsBody,
      response: ticketNoticeSettingsSchema,
      handler: ({ req, user, body }) => saveNoticeSettings(ctx.db, requestActor(req, user), body),
    }),
    defineRoute({
      method: "get",
      path: "/api/tickets/:id",
      guard: "agent",
      summary: "A ticket with its linked conversations, comments and activity log",
      tags: ["tickets"],
      params: idParams,
      response: ticketDetailSchema,
      handler: async ({ user, params }) => getTicketDetail(ctx.db, params.id, await visibilityScope(ctx.db, user)),
    }),
    defineRoute({
      method: "patch",
      path: "/api/tickets/:id",
      guard: "agent",
      summary: "Change a ticket's fields, status or linked conversations (every change is logged)",
      tags: ["tickets"],
      params: idParams,
      body: patchTicketBody,
      response: ticketSchema,
      handler: async ({ user, params, body }) =>
        updateTicket(ctx, ticketActor(user), user.role, params.id, body, await visibilityScope(ctx.db, user)),
    }),
    defineRoute({
      method: "post",
      path: "/api/tickets/:id/comments",
      guard: "agent",
      summary: "Add an internal comment (Markdown) to a ticket",
      tags: ["tickets"],
      params: idParams,
      body: ticketCommentBody,
      response: ticketCommentSchema,
      status: 201,
      handler: ({ user, params, body }) => addTicketComment(ctx, ticketActor(user), params.id, body.body),
    }),
    defineRoute({
      method: "get",
      path: "/api/ticket-views",
      guard: "agent",
      summary: "Saved views of the tickets page: the caller's own and the shared ones",
      tags: ["tickets"],
      response: ticketViewList,
      handler: ({ user }) => listTicketViews(ctx.db, user.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/ticket-views",
      guard: "agent",
      summary: "Save a view (name, filters, sort; personal or shared)",
      tags: ["tickets"],
      body: ticketViewBody,
      response: ticketViewSchema,
      status: 201,
      handler: ({ user, body }) => createTicketView(ctx.db, user.id, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/ticket-views/:id",
      guard: "agent",
      summary: "Delete a view (its owner; an admin also a shared one)",
      tags: ["tickets"],
      params: idParams,
      status: 204,
      handler: async ({ user, params }) => {
        await deleteTicketView(ctx.db, user.id, user.role, params.id);
      },
    }),
  ];
}
