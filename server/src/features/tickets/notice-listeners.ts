import type { AppContext } from "../../platform/context";
import { settleFromMessage } from "./notice-outcome";
import { ticketNoticeJob } from "./send-notice";

/**
 * Customer notices (send-notice.ts): a status change queues one `tickets.notice` job after its
 * commit, keyed by the change (a bulk edit queues one per ticket; internal changes — priority,
 * assignee, tags — carry no statusChange and queue nothing). A notice message's delivery outcome
 * (sent, or failed after the delivery job's retries) settles the notice and writes its timeline line.
 */
export function registerTicketNotices(ctx: AppContext) {
  const job = ticketNoticeJob(ctx);
  ctx.jobs.register(job);
  ctx.bus.on("ticket.updated", async ({ ticket, statusChange }) => {
    if (!statusChange || statusChange.to === "new") return;
    await ctx.jobs.send(
      job,
      { ticketId: ticket.id, changeId: statusChange.eventId, from: statusChange.from, to: statusChange.to },
      { singletonKey: statusChange.eventId },
    );
  });
  ctx.bus.on("message.updated", async ({ message }) => {
    if (message.metadata.ticketNotice) await settleFromMessage(ctx, message);
  });
}
