import { createHash } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import type { EventName } from "../../platform/bus";
import { reportsChanged, canSeeReports } from "./live";
import type { SourceEvent } from "./plan-events";
import { recordReportingEvent } from "./record-event";

export interface AnalyticsWiring {
  /** Whether a customer's text is an answer to "did that help?" (the AI feature's classifier, given by app.ts). */
  customerVerdict?: (text: string) => boolean;
}

/**
 * Events other engineers add (issue 10 §2 and §5). Accepted when something emits them, recorded as
 * they come (the SLA outcome per target, the CSAT answer); their payload must name the conversation.
 */
export const HOOK_EVENTS = ["sla.hit", "sla.missed", "sla.miss", "csat.answered"] as const;
const hookPayload = z
  .object({
    conversationId: z.uuid().optional(),
    conversation: z.object({ id: z.uuid() }).optional(),
    subject: z.object({ type: z.string(), id: z.uuid() }).optional(),
  })
  .loose();

function hookEvent(name: string, payload: unknown, at: Date): SourceEvent | null {
  const p = hookPayload.safeParse(payload);
  if (!p.success) return null;
  const id =
    p.data.conversationId ??
    p.data.conversation?.id ??
    (p.data.subject?.type === "conversation" ? p.data.subject.id : undefined);
  if (!id) return null;
  const key = `${name}:${createHash("sha256").update(JSON.stringify(payload)).digest("hex").slice(0, 32)}`;
  return { kind: "external", type: name.replace(".", "_"), conversationId: id, key, at, detail: p.data };
}

/**
 * Reporting is fed by bus events after commit, in the committing process (bus.on: exactly once per
 * event; a redelivery would insert nothing, source keys are unique). The console hears
 * `reports.changed` in every process.
 */
export function registerAnalytics(ctx: AppContext, wiring: AnalyticsWiring = {}) {
  const record = async (ev: SourceEvent) => {
    try {
      await recordReportingEvent(ctx.db, ev);
    } finally {
      reportsChanged(ctx);
    }
  };
  ctx.bus.on("conversation.created", ({ conversation }) => record({ kind: "conversation.created", conversation }));
  ctx.bus.on("message.created", ({ message, conversation }) =>
    record({
      kind: "message.created",
      message,
      conversation,
      customerVerdict: message.senderType === "customer" ? (wiring.customerVerdict?.(message.content) ?? false) : false,
    }),
  );
  ctx.bus.on("conversation.updated", ({ conversation, previous }) =>
    record({ kind: "conversation.updated", conversation, previous, at: new Date() }),
  );
  ctx.bus.on("conversation.handoff", ({ conversation, rule, reason }) =>
    record({ kind: "conversation.handoff", conversation, rule, reason, at: new Date() }),
  );
  ctx.bus.on("ai.resolution", (p) => record({ kind: "ai.resolution", ...p, at: new Date() }));
  ctx.bus.on("presence.updated", () => reportsChanged(ctx));
  for (const name of HOOK_EVENTS) {
    // Not in DomainEvents yet: the listener waits for whoever adds and emits them.
    ctx.bus.on(name as EventName, (payload: unknown) => {
      const ev = hookEvent(name, payload, new Date());
      return ev ? record(ev) : undefined;
    });
  }
  ctx.bus.onEveryProcess("reports.changed", () => ctx.hub.toAgents({ type: "reports.changed" }, canSeeReports));
}
