import type { AppContext } from "../../platform/context";
import { teamLeadIds } from "../agents";
import { createNotification } from "../notifications";
import type { SlaLinks } from "./links";
import type { SlaClockRow } from "./schema";

const METRIC: Record<SlaClockRow["metric"], string> = {
  firstReply: "first reply",
  nextReply: "next reply",
  periodicUpdate: "periodic update",
  resolution: "resolution",
  requesterWait: "requester wait time",
  agentWork: "agent work time",
};

/**
 * A warning or a breach: an in-app notification to the subject's assignee and its team's leads. A
 * notification points at a conversation, so a ticket's goes with its first linked conversation (a
 * ticket without one gets the realtime badge only).
 */
export async function notifyAlert(ctx: AppContext, links: SlaLinks, clock: SlaClockRow, kind: "warning" | "breach") {
  let who: {
    assigneeId: string | null;
    teamId: string | null;
    conversationId: string | null;
    label: string;
    contact: string | null;
  };
  if (clock.subjectType === "ticket") {
    const t = await links.getTicket(ctx.db, clock.subjectId);
    if (!t) return;
    who = {
      assigneeId: t.assignee?.id ?? null,
      teamId: t.team?.id ?? null,
      conversationId: t.conversationIds[0] ?? null,
      label: `Ticket #${t.number} "${t.subject}"`,
      contact: t.requester?.name ?? null,
    };
  } else {
    const c = await links.getConversation(ctx.db, clock.subjectId);
    if (!c) return;
    who = {
      assigneeId: c.assignee?.id ?? null,
      teamId: c.team?.id ?? null,
      conversationId: c.id,
      label: "Conversation",
      contact: c.contact.name ?? null,
    };
  }
  if (!who.conversationId) return;
  const users = new Set<string>(who.assigneeId ? [who.assigneeId] : []);
  if (who.teamId) for (const id of await teamLeadIds(ctx.db, who.teamId)) users.add(id);
  const what =
    kind === "warning"
      ? `${who.label}: ${METRIC[clock.metric]} SLA due ${clock.deadlineAt?.toISOString() ?? "soon"}`
      : `${who.label}: ${METRIC[clock.metric]} SLA breached`;
  for (const userId of users)
    await createNotification(ctx, {
      userId,
      type: kind === "warning" ? "sla_warning" : "sla_breached",
      conversationId: who.conversationId,
      actor: { id: null, name: "SLA" },
      contactName: who.contact,
      excerpt: what,
    });
}
