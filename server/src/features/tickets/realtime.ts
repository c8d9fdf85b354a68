import type { AppContext } from "../../platform/context";

/**
 * Tickets are the whole team's (no visibility scope), so every agent socket gets their changes, in
 * every process (the relay carries the events); the console patches its lists and the open ticket.
 */
export function registerTicketRealtime(ctx: AppContext) {
  ctx.bus.onEveryProcess("ticket.created", ({ ticket }) => ctx.hub.toAgents({ type: "ticket.created", ticket }));
  ctx.bus.onEveryProcess("ticket.updated", ({ ticket }) => ctx.hub.toAgents({ type: "ticket.updated", ticket }));
}
