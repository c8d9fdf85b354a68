// The tickets feature's public surface. It owns tickets, ticket_conversations, ticket_events and
// ticket_comments and ticket_views; everyone else (the AI's create_ticket tool, app.ts) goes through these.
export { AI_ACTOR, ticketActor } from "./actor";
export { addTicketComment } from "./add-comment";
export { createTicket } from "./create-ticket";
export { getTicket, getTickets, ticketsOfConversation, unsolvedTicketsOfContact } from "./queries";
export { registerTicketRealtime } from "./realtime";
export { ticketRoutes } from "./routes";
export { updateTicket } from "./update-ticket";
export { type TicketsReportQuery, ticketsReport } from "./report";
export { ticketsReportDrillDown } from "./report-drill-down";
export { openTicketForAi } from "./open-ticket-for-ai";
export { registerTicketNotices } from "./notice-listeners";
export { ticketNoticeJob } from "./send-notice";
