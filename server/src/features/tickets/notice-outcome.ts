import type { Message, TicketNoticeOutcome } from "@switchboard/contracts";
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { channelTypeLabel } from "../channels";
import { getTicket } from "./queries";
import { type TicketNoticeRow, ticketEvents, ticketNotices } from "./schema";

export const SYSTEM_ACTOR = { actorType: "system" as const, actorId: null, actorName: "Switchboard" };

/** The timeline's line: "Customer notified on WhatsApp (template x)" or "Notice not sent: <reason>". */
export function outcomeOf(n: TicketNoticeRow): TicketNoticeOutcome {
  const outcome = n.status === "sent" ? "sent" : n.status === "failed" ? "failed" : "skipped";
  const on = n.channelType ? channelTypeLabel(n.channelType) : "no channel";
  return {
    outcome,
    text:
      outcome === "sent"
        ? `Customer notified on ${on}${n.templateName ? ` (template ${n.templateName})` : ""}`
        : `Notice not sent: ${n.reason ?? "unknown reason"}`,
    status: n.ticketStatus as TicketNoticeOutcome["status"],
    conversationId: n.conversationId,
    channelType: n.channelType,
    template: n.templateName,
    reason: n.reason,
  };
}

/** The activity row of a notice's final state, in the transaction that reached it (so it is written once). */
export async function insertOutcomeEvent(tx: Db, n: TicketNoticeRow): Promise<void> {
  await tx.insert(ticketEvents).values({
    ...SYSTEM_ACTOR,
    ticketId: n.ticketId,
    kind: "notice",
    field: "customer_notice",
    fromValue: null,
    toValue: outcomeOf(n),
  });
}

/** The ticket changed for the console (its timeline has a new line). */
export async function announceTicket(ctx: AppContext, ticketId: string): Promise<void> {
  const ticket = await getTicket(ctx.db, ticketId);
  if (ticket) ctx.bus.emit("ticket.updated", { ticket, fields: ["notice"] });
}

/**
 * A pending notice reaches its final state, once: the update is conditional on `pending`, and the
 * timeline row is written in the same transaction. False when another run got there first.
 */
export async function finishNotice(
  ctx: AppContext,
  noticeId: string,
  status: "sent" | "failed" | "skipped",
  reason: string | null,
): Promise<boolean> {
  const done = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(ticketNotices)
      .set({ status, reason, updatedAt: new Date() })
      .where(and(eq(ticketNotices.id, noticeId), eq(ticketNotices.status, "pending")))
      .returning();
    if (row) await insertOutcomeEvent(tx, row);
    return row ?? null;
  });
  if (done) await announceTicket(ctx, done.ticketId);
  return !!done;
}

/** The notice's message went (the provider accepted it, or the widget has it) or failed after its retries. */
export async function settleFromMessage(ctx: AppContext, m: Pick<Message, "status" | "metadata" | "error">) {
  const noticeId = (m.metadata.ticketNotice as { noticeId?: unknown } | undefined)?.noticeId;
  if (typeof noticeId !== "string") return;
  if (m.status === "failed")
    await finishNotice(
      ctx,
      noticeId,
      "failed",
      `The provider failed after retries: ${m.error?.message ?? "unknown error"}`,
    );
  else if (m.status !== "queued") await finishNotice(ctx, noticeId, "sent", null);
}
