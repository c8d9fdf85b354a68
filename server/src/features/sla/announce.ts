import type { SlaMetric } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import type { SlaLinks } from "./links";
import { slaStateOf } from "./state";

export type SlaSubjectRef = { subjectType: "ticket" | "conversation"; subjectId: string };

/** After commit: the subject's new SLA state goes to the consoles (every process, through the bus). */
export async function announceSla(
  ctx: AppContext,
  links: SlaLinks,
  s: SlaSubjectRef,
  kind: "sla.changed" | "sla.warning" | "sla.breached",
  metric: SlaMetric | null,
) {
  const sla = await slaStateOf(ctx.db, s.subjectType, s.subjectId);
  let target: { assigneeId: string | null; teamId: string | null; channelId: string } | undefined;
  if (s.subjectType === "conversation") {
    const c = await links.getConversation(ctx.db, s.subjectId);
    if (!c) return;
    target = { assigneeId: c.assignee?.id ?? null, teamId: c.team?.id ?? null, channelId: c.channelId };
  }
  ctx.bus.emit("sla.changed", { kind, ...s, metric, sla, ...(target ? { target } : {}) });
}

/** Every process: tickets to every agent (tickets have no visibility scope), conversations to their audience. */
export function registerSlaRealtime(ctx: AppContext, links: SlaLinks) {
  ctx.bus.onEveryProcess("sla.changed", (e) => {
    const event = { type: e.kind, subjectType: e.subjectType, subjectId: e.subjectId, metric: e.metric, sla: e.sla };
    if (e.subjectType === "ticket") ctx.hub.toAgents(event);
    else if (e.target) links.toConversationAudience(e.target, event);
  });
}
