import type { Db } from "../../platform/db/client";
import { teamLeadsOf } from "../agents";
import type { NewNotification } from "../notifications";
import type { SlaClockRow } from "./schema";
import type { FiredAlert, Subjects } from "./sweep-alerts";

const METRIC: Record<SlaClockRow["metric"], string> = {
  firstReply: "first reply",
  nextReply: "next reply",
  periodicUpdate: "periodic update",
  resolution: "resolution",
  requesterWait: "requester wait time",
  agentWork: "agent work time",
};

type Who = {
  assigneeId: string | null;
  teamId: string | null;
  conversationId: string | null;
  label: string;
  contact: string | null;
};

function whoOf(clock: SlaClockRow, subjects: Subjects): Who | null {
  if (clock.subjectType === "ticket") {
    const t = subjects.tickets.get(clock.subjectId);
    if (!t) return null;
    return {
      assigneeId: t.assignee?.id ?? null,
      teamId: t.team?.id ?? null,
      conversationId: t.conversationIds[0] ?? null,
      label: `Ticket #${t.number} "${t.subject}"`,
      contact: t.requester?.name ?? null,
    };
  }
  const c = subjects.conversations.get(clock.subjectId);
  if (!c) return null;
  return {
    assigneeId: c.assignee?.id ?? null,
    teamId: c.team?.id ?? null,
    conversationId: c.id,
    label: "Conversation",
    contact: c.contact.name ?? null,
  };
}

/**
 * The in-app notifications of a batch of warnings and breaches: to each subject's assignee and its
 * team's leads (one statement for every team of the batch). A notification points at a conversation,
 * so a ticket's goes with its first linked conversation; a ticket without one gets the live badge only.
 */
export async function alertNotifications(db: Db, fired: FiredAlert[], subjects: Subjects): Promise<NewNotification[]> {
  const whos = fired.map((f) => ({ ...f, who: whoOf(f.clock, subjects) }));
  const teams = [...new Set(whos.flatMap((w) => (w.who?.conversationId && w.who.teamId ? [w.who.teamId] : [])))];
  const leads = await teamLeadsOf(db, teams);
  return whos.flatMap(({ kind, clock, who }) => {
    if (!who?.conversationId) return [];
    const users = new Set<string>(who.assigneeId ? [who.assigneeId] : []);
    for (const id of (who.teamId && leads.get(who.teamId)) || []) users.add(id);
    const excerpt =
      kind === "warning"
        ? `${who.label}: ${METRIC[clock.metric]} SLA due ${clock.deadlineAt?.toISOString() ?? "soon"}`
        : `${who.label}: ${METRIC[clock.metric]} SLA breached`;
    return [...users].map(
      (userId): NewNotification => ({
        userId,
        type: kind === "warning" ? "sla_warning" : "sla_breached",
        conversationId: who.conversationId!,
        actor: { id: null, name: "SLA" },
        contactName: who.contact,
        excerpt,
      }),
    );
  });
}
