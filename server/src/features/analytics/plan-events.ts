import { createHash } from "node:crypto";
import type { Conversation, Message } from "@switchboard/contracts";
import { businessSecondsBetween, CALENDAR, type Hours } from "../sla";
import { outcomeOf } from "./outcome-facts";
import type { ConversationFactRow } from "./schema";

/** A conversation's fact row as the planner reads and changes it (updatedAt is the writer's). */
export type Fact = Omit<ConversationFactRow, "updatedAt">;

/** Bus events the analytics feature records, each with the time it happened (`at`: the listener's `now`). */
export type SourceEvent =
  | { kind: "conversation.created"; conversation: Conversation }
  | { kind: "message.created"; message: Message; conversation: Conversation; customerVerdict?: boolean }
  | {
      kind: "conversation.updated";
      conversation: Conversation;
      previous?: Pick<Conversation, "status" | "assignee">;
      at: Date;
    }
  | { kind: "conversation.handoff"; conversation: Conversation; rule: string; reason: string; at: Date }
  | {
      kind: "ai.resolution";
      conversationId: string;
      resolution: "assumed" | "confirmed" | "unresolved";
      source: string;
      messageId: string | null;
      at: Date;
    }
  /** Events of other features recorded as they come (a conversation's SLA outcome per target, a CSAT answer). */
  | { kind: "external"; type: string; conversationId: string; key: string; at: Date; detail: Record<string, unknown> };

/** One reporting event to append, and what it changes on the fact row when it is new. */
export interface Planned {
  sourceKey: string;
  type: string;
  occurredAt: Date;
  senderType?: string | null;
  direction?: string | null;
  seconds?: number | null;
  businessSeconds?: number | null;
  detail?: Record<string, unknown>;
  apply?: (f: Fact) => void;
}

const hash = (v: unknown) => createHash("sha256").update(JSON.stringify(v)).digest("hex").slice(0, 32);
const calendar = (a: Date, b: Date) => businessSecondsBetween(a, b, CALENDAR);

/** A fresh fact row from the first conversation snapshot seen. */
export function newFact(c: Conversation): Fact {
  return {
    conversationId: c.id,
    channelId: c.channelId,
    channelType: c.channelType,
    channelName: c.channelName,
    teamId: c.team?.id ?? null,
    teamName: c.team?.name ?? null,
    agentId: c.assignee?.id ?? null,
    agentName: c.assignee?.name ?? null,
    labels: c.labels.map((l) => l.id),
    status: c.status,
    contactName: c.contact.name ?? null,
    createdAt: new Date(c.createdAt),
    handoffAt: null,
    handoffRule: null,
    handoffReason: null,
    firstResponseAt: null,
    firstResponseSeconds: null,
    firstResponseBusinessSeconds: null,
    resolvedAt: null,
    resolutionSeconds: null,
    resolutionBusinessSeconds: null,
    resolvedBy: null,
    handledBy: c.handler === "ai" ? "ai" : null,
    aiInvolved: c.handler === "ai",
    aiResolution: null,
    humanReplied: false,
    reopenCount: 0,
    messagesIn: 0,
    messagesOut: 0,
    waitingSince: null,
    slaHit: [],
    slaMissed: [],
    csatSurveyed: false,
    csatRating: null,
    csatAt: null,
    qualityResolution: null,
    qualitySentiment: null,
    qualityService: null,
    qualityOverall: null,
    qualityAt: null,
  };
}

/** What the latest snapshot tells: channel, team, agent (the last one assigned is kept), labels, status. */
export function takeSnapshot(f: Fact, c: Conversation) {
  f.channelName = c.channelName;
  f.teamId = c.team?.id ?? null;
  f.teamName = c.team?.name ?? null;
  if (c.assignee) {
    f.agentId = c.assignee.id;
    f.agentName = c.assignee.name;
  }
  f.labels = c.labels.map((l) => l.id);
  f.contactName = c.contact.name ?? f.contactName;
  if (c.handler === "ai") f.aiInvolved = true;
  refreshHandledBy(f);
}

function refreshHandledBy(f: Fact) {
  f.handledBy = f.humanReplied || f.handoffAt || f.agentId ? "human" : f.aiInvolved ? "ai" : null;
}

/**
 * The reporting events a source event makes, given the conversation's current fact row. Pure. The
 * first response is the first public human reply, timed from the handoff when the AI handed the
 * conversation over before it (the human clock of an AI conversation starts there), else from the
 * conversation's creation; AI and system messages never count as a response.
 */
export function planEvents(f: Fact, ev: SourceEvent, hours: Hours): Planned[] {
  const both = (a: Date, b: Date) => ({
    seconds: calendar(a, b),
    businessSeconds: businessSecondsBetween(a, b, hours),
  });
  switch (ev.kind) {
    case "conversation.created":
      return [{ sourceKey: `created:${ev.conversation.id}`, type: "conversation_created", occurredAt: f.createdAt }];
    case "message.created": {
      const m = ev.message;
      const at = new Date(m.createdAt);
      const base = { senderType: m.senderType, direction: m.direction, occurredAt: at };
      const inbound = m.direction === "inbound";
      const out: Planned[] = [
        {
          ...base,
          sourceKey: `message:${m.id}`,
          type: inbound ? "message_in" : "message_out",
          detail: { private: m.private, messageId: m.id },
          apply: (x) => {
            if (m.private) return;
            if (inbound) x.messagesIn += 1;
            else x.messagesOut += 1;
            if (inbound && m.senderType === "customer") {
              x.waitingSince ??= at;
              // Mirrors the AI feature: the customer asking for more ends an assumption made from silence.
              if (x.aiResolution === "assumed" && !ev.customerVerdict) x.aiResolution = null;
            }
            if (m.senderType === "ai") x.aiInvolved = true;
            refreshHandledBy(x);
          },
        },
      ];
      if (m.private || inbound || m.senderType !== "agent") return out;
      const waited = f.waitingSince;
      if (waited && waited <= at)
        out.push({
          ...base,
          sourceKey: `reply:${m.id}`,
          type: "reply",
          ...both(waited, at),
          apply: (x) => {
            x.waitingSince = null;
          },
        });
      if (!f.firstResponseAt) {
        const start = f.handoffAt && f.handoffAt <= at ? f.handoffAt : f.createdAt;
        const d = both(start, at);
        out.push({
          ...base,
          sourceKey: `first_reply:${f.conversationId}`,
          type: "first_human_reply",
          ...d,
          apply: (x) => {
            x.firstResponseAt = at;
            x.firstResponseSeconds = d.seconds;
            x.firstResponseBusinessSeconds = d.businessSeconds;
          },
        });
      }
      out[0]!.apply = chain(out[0]!.apply, (x) => {
        x.humanReplied = true;
        refreshHandledBy(x);
      });
      return out;
    }
    case "conversation.updated": {
      const c = ev.conversation;
      const prev = ev.previous;
      const out: Planned[] = [];
      if (prev && prev.status !== "resolved" && c.status === "resolved") {
        const d = both(f.createdAt, ev.at);
        const by = f.humanReplied || f.handoffAt || !f.aiInvolved ? "human" : "ai";
        out.push({
          sourceKey: `resolved:${c.id}:${f.reopenCount}`,
          type: by === "ai" ? "resolved_by_ai" : "resolved_by_human",
          occurredAt: ev.at,
          ...d,
          apply: (x) => {
            x.resolvedAt = ev.at;
            x.resolutionSeconds = d.seconds;
            x.resolutionBusinessSeconds = d.businessSeconds;
            x.resolvedBy = by;
            x.status = "resolved";
          },
        });
      }
      if (prev && prev.status === "resolved" && c.status !== "resolved")
        out.push({
          sourceKey: `reopened:${c.id}:${f.reopenCount + 1}`,
          type: "reopened",
          occurredAt: ev.at,
          apply: (x) => {
            x.reopenCount += 1;
            x.resolvedAt = null;
            x.resolutionSeconds = null;
            x.resolutionBusinessSeconds = null;
            x.resolvedBy = null;
            x.status = c.status;
          },
        });
      if (prev && (prev.assignee?.id ?? null) !== (c.assignee?.id ?? null) && c.assignee)
        out.push({
          sourceKey: `assigned:${c.id}:${hash({ c, prev })}`,
          type: "assigned",
          occurredAt: ev.at,
          detail: { from: prev.assignee?.id ?? null, to: c.assignee.id },
        });
      return out;
    }
    case "conversation.handoff":
      return [
        {
          sourceKey: `handoff:${ev.conversation.id}:${hash(ev.conversation)}`,
          type: "handoff",
          occurredAt: ev.at,
          detail: { rule: ev.rule, reason: ev.reason },
          apply: (x) => {
            x.handoffAt ??= ev.at;
            x.handoffRule = ev.rule;
            x.handoffReason = ev.reason;
            x.aiInvolved = true;
            // As the AI feature does: a handoff ends an assumed resolution.
            if (x.aiResolution === "assumed") x.aiResolution = null;
            refreshHandledBy(x);
          },
        },
      ];
    case "ai.resolution":
      return [
        {
          sourceKey: `ai_resolution:${ev.conversationId}:${ev.resolution}:${ev.messageId ?? "none"}:${f.reopenCount}`,
          type: `ai_${ev.resolution}`,
          occurredAt: ev.at,
          detail: { source: ev.source, messageId: ev.messageId },
          apply: (x) => {
            x.aiInvolved = true;
            // The latest word of the customer wins; silence only fills an empty value (ai/resolution/record.ts).
            if (ev.resolution !== "assumed" || x.aiResolution === null) x.aiResolution = ev.resolution;
            refreshHandledBy(x);
          },
        },
      ];
    case "external": {
      const apply = outcomeOf(ev.type, ev.at, ev.detail);
      return [{ sourceKey: ev.key, type: ev.type, occurredAt: ev.at, detail: ev.detail, ...(apply ? { apply } : {}) }];
    }
  }
}

function chain(a: Planned["apply"], b: (f: Fact) => void): (f: Fact) => void {
  return (f) => {
    a?.(f);
    b(f);
  };
}
