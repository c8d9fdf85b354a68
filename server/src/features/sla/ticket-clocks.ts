import type { Message, Ticket } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { announceSla } from "./announce";
import { chooseVersion, clocksOf, isOpen, openOf, pause, resume, retarget, start } from "./clock-ops";
import type { SlaLinks } from "./links";
import { isCustomerMessage, isHumanPublicReply } from "./reply-kind";
import { stopClock } from "./stop-clock";

/** Zendesk's statuses: targets run while new, open or on hold; pending (waiting on the customer) pauses. */
const RUNNING = new Set<Ticket["status"]>(["new", "open", "on_hold"]);

/**
 * Brings a ticket's clocks in line with the ticket as it is now (created, or a status, priority, team or
 * tag change), at `now`: solved or closed stops every open target (hit or miss by its deadline);
 * pending pauses everything; running again resumes, takes the targets of the policy that matches now,
 * and starts resolution (again, after a reopen) and, once per ticket, first reply.
 */
export async function syncTicketClocks(ctx: AppContext, links: SlaLinks, ticket: Ticket, now: Date): Promise<void> {
  const s = { subjectType: "ticket" as const, subjectId: ticket.id };
  const clocks = await clocksOf(ctx.db, s);
  let changed = false;
  if (ticket.status === "solved" || ticket.status === "closed") {
    // Solving fulfils every target still open (Zendesk): each is hit or missed by its own deadline.
    for (const c of clocks.filter(isOpen))
      changed = (await stopClock(ctx.db, { ...s, metric: c.metric, now })) !== null || changed;
  } else if (ticket.status === "pending") {
    for (const c of clocks.filter((c) => c.status === "active"))
      changed = (await pause(ctx, s, c.metric, now)) || changed;
  } else if (RUNNING.has(ticket.status)) {
    for (const c of clocks.filter((c) => c.status === "paused"))
      changed = (await resume(ctx, s, c.metric, now)) || changed;
    const versionId = await versionOfTicket(ctx, links, ticket);
    if (versionId) {
      for (const c of clocks.filter(isOpen))
        changed = (await retarget(ctx, s, c.metric, versionId, ticket.priority, now)) || changed;
      if (!openOf(clocks, "resolution"))
        changed = (await start(ctx, s, "resolution", versionId, ticket.priority, now)) || changed;
      if (!clocks.some((c) => c.metric === "firstReply"))
        changed = (await start(ctx, s, "firstReply", versionId, ticket.priority, now)) || changed;
    }
  }
  if (changed) await announceSla(ctx, links, s, "sla.changed", null);
}

/**
 * A message on a conversation linked to an unsolved ticket, at `now`: a human public reply fulfils first
 * and next reply and restarts the periodic update; a customer message after the first reply starts next
 * reply (idempotent, so it runs from the oldest unanswered message). AI, automated and private: nothing.
 */
export async function ticketMessage(
  ctx: AppContext,
  links: SlaLinks,
  ticket: Ticket,
  message: Message,
  now: Date,
): Promise<void> {
  if (!RUNNING.has(ticket.status) && ticket.status !== "pending") return;
  const s = { subjectType: "ticket" as const, subjectId: ticket.id };
  let changed = false;
  if (isHumanPublicReply(message)) {
    for (const metric of ["firstReply", "nextReply", "periodicUpdate"] as const)
      changed = (await stopClock(ctx.db, { ...s, metric, now })) !== null || changed;
    const versionId = RUNNING.has(ticket.status) ? await versionOfTicket(ctx, links, ticket) : null;
    if (versionId) changed = (await start(ctx, s, "periodicUpdate", versionId, ticket.priority, now)) || changed;
  } else if (isCustomerMessage(message) && RUNNING.has(ticket.status)) {
    const clocks = await clocksOf(ctx.db, s);
    const first = clocks.find((c) => c.metric === "firstReply");
    if (first && !isOpen(first)) {
      const versionId = await versionOfTicket(ctx, links, ticket);
      if (versionId) changed = await start(ctx, s, "nextReply", versionId, ticket.priority, now);
    }
  }
  if (changed) await announceSla(ctx, links, s, "sla.changed", null);
}

async function versionOfTicket(ctx: AppContext, links: SlaLinks, ticket: Ticket) {
  const channel = ticket.conversationIds[0]
    ? ((await links.getConversation(ctx.db, ticket.conversationIds[0]))?.channelType ?? null)
    : null;
  return chooseVersion(ctx.db, {
    priority: ticket.priority,
    channel,
    teamId: ticket.team?.id ?? null,
    tags: ticket.tags,
  });
}
