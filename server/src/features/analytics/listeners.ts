import type { AppContext } from "../../platform/context";
import type { DomainEvents } from "../../platform/bus";
import { keyedSerial } from "../../platform/keyed-serial";
import { forgetConversations } from "./imported";
import { reportsChanged, canSeeReports } from "./live";
import type { SourceEvent } from "./plan-events";
import { recordReportingEvent } from "./record-event";

export interface AnalyticsWiring {
  /** Whether a customer's text is an answer to "did that help?" (the AI feature's classifier, given by app.ts). */
  customerVerdict?: (text: string) => boolean;
}

/**
 * An SLA change of a conversation, as reporting events: each target that ended (hit or missed, once
 * per clock: its start names it) and each breach (once per deadline). Tickets' clocks are not
 * conversation facts; they only move the live tiles.
 */
function slaEvents(p: DomainEvents["sla.changed"], at: Date): SourceEvent[] {
  if (p.subjectType !== "conversation") return [];
  const base = { kind: "external" as const, conversationId: p.subjectId, at };
  return p.sla.targets.flatMap((t): SourceEvent[] => {
    if (p.kind === "sla.breached" && t.metric === p.metric && t.breached)
      return [
        {
          ...base,
          type: "sla_breached",
          key: `sla:breach:${p.subjectId}:${t.metric}:${t.startedAt}`,
          detail: { metric: t.metric },
        },
      ];
    if (t.status === "hit" || t.status === "missed")
      return [
        {
          ...base,
          type: `sla_${t.status}`,
          key: `sla:${t.status}:${p.subjectId}:${t.metric}:${t.startedAt}`,
          detail: { metric: t.metric },
        },
      ];
    return [];
  });
}

/**
 * Reporting is fed by bus events after commit, in the committing process (bus.on: exactly once per
 * event; a redelivery would insert nothing, source keys are unique). The console hears
 * `reports.changed` in every process.
 */
export function registerAnalytics(ctx: AppContext, wiring: AnalyticsWiring = {}) {
  // A message and the conversation update it causes land on one fact row: one after the other here,
  // instead of two transactions where the second holds a pool connection waiting on the row lock.
  const serial = keyedSerial(ctx.log, "reporting event");
  // The tiles read the inbox and agents, committed before the event: announced at once. The hit after
  // the fact row is written falls in the same throttle window, so its trailing emit (~1 s) refreshes
  // the charts.
  const record = (ev: SourceEvent) => (reportsChanged(ctx), recordSerially(ev));
  const recordSerially = (ev: SourceEvent) =>
    serial("conversation" in ev ? ev.conversation.id : ev.conversationId, async () => {
      try {
        await recordReportingEvent(ctx.db, ev);
      } finally {
        reportsChanged(ctx);
      }
    });
  ctx.bus.on("conversation.created", ({ conversation }) => record({ kind: "conversation.created", conversation }));
  ctx.bus.after("message.created", ({ message, conversation }) =>
    record({
      kind: "message.created",
      message,
      conversation,
      customerVerdict: message.senderType === "customer" ? (wiring.customerVerdict?.(message.content) ?? false) : false,
    }),
  );
  // After the AI's answer (bus.after): dated by the emit, not by when it runs.
  ctx.bus.after("conversation.updated", ({ conversation, previous }, at) =>
    record({ kind: "conversation.updated", conversation, previous, at }),
  );
  ctx.bus.on("conversation.handoff", ({ conversation, rule, reason }) =>
    record({ kind: "conversation.handoff", conversation, rule, reason, at: new Date() }),
  );
  ctx.bus.on("ai.resolution", (p) => record({ kind: "ai.resolution", ...p, at: new Date() }));
  ctx.bus.on("presence.updated", () => reportsChanged(ctx));
  ctx.bus.on("sla.changed", async (p) => {
    const events = slaEvents(p, new Date());
    if (!events.length) return reportsChanged(ctx);
    for (const ev of events) await record(ev);
  });
  ctx.bus.on("csat.answered", ({ kind, survey }) =>
    record({
      kind: "external",
      type: "csat_answered",
      conversationId: survey.conversationId,
      key: `csat:${survey.id}:${kind}`,
      at: survey.answeredAt ? new Date(survey.answeredAt) : new Date(),
      detail: { rating: survey.rating, surveyId: survey.id, answer: kind },
    }),
  );
  ctx.bus.on("csat.sent", ({ survey }) =>
    record({
      kind: "external",
      type: "csat_sent",
      conversationId: survey.conversationId,
      key: `csat:${survey.id}:sent`,
      at: survey.sentAt ? new Date(survey.sentAt) : new Date(),
      detail: { surveyId: survey.id, channelType: survey.channelType },
    }),
  );
  // The overall score is the mean of the three dimensions (1–5): what the distribution and the agent table show.
  ctx.bus.on("quality.scored", ({ score }) => {
    if (score.status !== "scored" || !score.resolution || !score.sentiment || !score.service) return;
    return record({
      kind: "external",
      type: "quality_scored",
      conversationId: score.conversationId,
      key: `quality:${score.id}`,
      at: new Date(score.updatedAt),
      detail: {
        scoreId: score.id,
        resolution: score.resolution,
        sentiment: score.sentiment,
        service: score.service,
        overall: (score.resolution + score.sentiment + score.service) / 3,
      },
    });
  });
  // A deleted conversation leaves the reports too (Zendesk's rule for deleted tickets): counts and
  // their drill-down lists stay equal. After the inbox's commit, in the deleting process.
  // Through the per-conversation queue: an event of it still being recorded cannot bring it back.
  ctx.bus.on("conversations.deleted", async ({ conversationIds }) => {
    await Promise.all(conversationIds.map((id) => serial(id, () => forgetConversations(ctx.db, [id]))));
    reportsChanged(ctx);
  });
  ctx.bus.onEveryProcess("reports.changed", () => ctx.hub.toAgents({ type: "reports.changed" }, canSeeReports));
}
