import type { Message, SlaMetric, Ticket } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { announceSla } from "./announce";
import { chooseVersion, clocksOf, isOpen, openOf, pause, resume, retarget, start } from "./clock-ops";
import type { SlaLinks } from "./links";
import { isCustomerMessage, isHumanPublicReply } from "./reply-kind";
import { stopClock } from "./stop-clock";

/** Zendesk's statuses: targets run while new, open or on hold; pending (waiting on the customer) pauses. */
const RUNNING = new Set<Ticket["status"]>(["new", "open", "on_hold"]);
/** Agent work time runs only while the agent can act: on hold (waiting on a third party) pauses it too. */
const AGENT_WORKING = new Set<Ticket["status"]>(["new", "open"]);
/** The clocks that run by status alone, (re)started with resolution on every cycle. */
const CYCLE: SlaMetric[] = ["resolution", "requesterWait", "agentWork"];
const runsIn = (metric: SlaMetric, status: Ticket["status"]) =>
  metric === "agentWork" ? AGENT_WORKING.has(status) : RUNNING.has(status);

/**
 * Brings a ticket's clocks in line with the ticket as it is now (created, or a status, priority, team or
 * tag change), at `now`: solved or closed stops every open target (hit or miss by its deadline);
 * pending pauses everything (on hold pauses agent work time only); running again resumes what runs in
 * that status, takes the targets of the policy that matches now, and starts the status clocks (again,
 * after a reopen) and, once per ticket, first reply. Each resume stores a fresh deadline.
 */
export async function syncTicketClocks(ctx: AppContext, links: SlaLinks, ticket: Ticket, now: Date): Promise<void> {
  const s = { subjectType: "ticket" as const, subjectId: ticket.id };
  const clocks = await clocksOf(ctx.db, s);
  let changed = false;
  if (ticket.status === "solved" || ticket.status === "closed") {
    // Solving fulfils every target still open (Zendesk): each is hit or missed by its own deadline.
    for (const c of clocks.filter(isOpen))
      changed = (await stopClock(ctx.db, { ...s, metric: c.metric, now })) !== null || changed;
  } else {
    for (const c of clocks.filter((c) => c.status === "active" && !runsIn(c.metric, ticket.status)))
      changed = (await pause(ctx, s, c.metric, now)) || changed;
    for (const c of clocks.filter((c) => c.status === "paused" && runsIn(c.metric, ticket.status)))
      changed = (await resume(ctx, s, c.metric, now)) || changed;
    if (RUNNING.has(ticket.status)) {
      const versionId = await versionOfTicket(ctx, links, ticket);
      if (versionId) {
        for (const c of clocks.filter(isOpen))
          changed = (await retarget(ctx, s, c.metric, versionId, ticket.priority, now)) || changed;
        for (const metric of CYCLE)
          if (!openOf(clocks, metric)) {
            changed = (await start(ctx, s, metric, versionId, ticket.priority, now)) || changed;
            if (!runsIn(metric, ticket.status)) changed = (await pause(ctx, s, metric, now)) || changed;
          }
        if (!clocks.some((c) => c.metric === "firstReply"))
          changed = (await start(ctx, s, "firstReply", versionId, ticket.priority, now)) || changed;
      }
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
  const first = ticket.conversationIds[0] ? await links.getConversation(ctx.db, ticket.conversationIds[0]) : null;
  // The requester's fields; a ticket without one falls back to its first conversation's contact.
  const contactId = ticket.requester?.id ?? first?.contact.id ?? null;
  return chooseVersion(
    ctx.db,
    links,
    {
      priority: ticket.priority,
      channel: first?.channelType ?? null,
      teamId: ticket.team?.id ?? null,
      tags: ticket.tags,
    },
    contactId,
  );
}
