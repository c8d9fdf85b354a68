import type {
  AiMessageFeedback,
  Call,
  CallCampaign,
  Campaign,
  Availability,
  Contact,
  ContactImport,
  CsatSurvey,
  FieldValue,
  FlowOutcome,
  FlowToolCall,
  FlowTurn,
  Conversation,
  Message,
  Notification,
  SlaMetric,
  SlaState,
  QualityScore,
  TemplateDetail,
  Ticket,
  TicketStatus,
} from "@switchboard/contracts";
import type { Logger } from "./logger";

export interface TicketStatusChange {
  eventId: string;
  from: TicketStatus;
  to: TicketStatus;
}

/**
 * Domain events, emitted by use-cases after their transaction commits. Payloads carry the
 * public shapes so listeners (realtime fan-out, later AI/SLA/reporting) need no extra reads.
 * Payloads are plain JSON (ISO dates): they cross processes as they are.
 */
export interface DomainEvents {
  "message.created": { message: Message; conversation: Conversation };
  "message.updated": { message: Message; conversation: Conversation };
  /** `previous.team`, when given, is the team before a move (absent: the team did not change). */
  "conversation.updated": {
    conversation: Conversation;
    previous?: Pick<Conversation, "status" | "assignee"> & {
      team?: Conversation["team"];
      /** Set when a snooze just ended (the conversation re-enters the routing queue in its place). */
      snoozedUntil?: string | null;
    };
  };
  /** A conversation was opened (its first message's message.created follows). */
  "conversation.created": { conversation: Conversation };
  /** Conversations were deleted (one, or a contact's with the contact): their reporting goes with them. */
  "conversations.deleted": { conversationIds: string[] };
  "contact.created": { contact: Contact };
  "contact.updated": { contact: Contact };
  "presence.updated": { userId: string; availability: Availability };
  /** The AI (or an agent's transfer to the queue) handed a conversation to humans; routing follows. */
  "conversation.handoff": { conversation: Conversation; rule: string; reason: string; summary: string | null };
  /** Something that decides who may take conversations changed (capacity, team membership, an agent
   * enabled): the routing queue drains again. Availability has its own event (presence.updated). */
  "routing.changed": { cause: "capacity" | "team" | "agent"; userId?: string; teamId?: string };
  /** What a user may see changed (their visibility or role): realtime audiences forget their scope. */
  "visibility.changed": { userId: string };
  /** An in-app notification for one user: pushed to that user's sockets only, in every process. */
  "notification.created": { userId: string; notification: Notification };
  /** A customer answered "Did this answer your question?" under an AI message (the widget's 👍/👎, a WhatsApp/Telegram button). */
  "customer.feedback": {
    conversationId: string;
    messageId: string;
    helpful: boolean;
    channel: "webchat" | "whatsapp" | "telegram";
  };
  /** The AI's part in a conversation ended: resolved (assumed after silence, or confirmed) or not (the customer said so). */
  "ai.resolution": {
    conversationId: string;
    resolution: "assumed" | "confirmed" | "unresolved";
    source: "silence" | "widget" | "button" | "text";
    messageId: string | null;
  };
  /** A WhatsApp template was created, edited, submitted, or Meta changed its status or quality. */
  "template.updated": { template: TemplateDetail };
  "template.removed": { templateId: string };
  /** Agents' verdicts on an AI answer changed; `target` is whose conversation it is (the audience). */
  "ai.feedback.changed": {
    conversationId: string;
    messageId: string;
    wrong: AiMessageFeedback["wrong"];
    target: { assigneeId: string | null; teamId: string | null; channelId: string };
  };
  /** A typing indicator from a socket (not stored); the receiving side decides who sees it. */
  "typing.changed": {
    conversationId: string;
    contactId: string;
    actor: { type: "agent" | "customer"; id: string; name: string | null };
    typing: boolean;
    /** Who the conversation belongs to, for the agents' audience (visibility); absent: admins and 'all' only. */
    target?: { assigneeId: string | null; teamId: string | null; channelId: string };
  };
  /** A contact import committed a batch or ended (inbox/contact-import): pushed to admins in every process. */
  "contact_import.updated": { import: ContactImport };
  /** A campaign's counts or status changed (campaigns/progress.ts throttles it to ~1/s per campaign). */
  "campaign.progress": { campaignId: string; status: Campaign["status"]; counts: Campaign["counts"] };
  /** A ticket was created (console, API, the AI's create_ticket): agents' sockets in every process. */
  "ticket.created": { ticket: Ticket };
  /** A ticket changed (fields, links, a comment); `fields` names what changed ("comment" for a comment). */
  /** `statusChange`: the status moved (its activity row's id keys the customer notice: one per change). */
  "ticket.updated": { ticket: Ticket; fields: string[]; statusChange?: TicketStatusChange };
  /** A phone call's status, AMD verdict or recording changed (features/calls): agents' sockets in every process. */
  "call.updated": { call: Call };
  /** Something the dashboard counts changed (analytics/live.ts throttles it to ~1/s across processes). */
  "reports.changed": Record<string, never>;
  /**
   * A subject's SLA changed (features/sla): a clock started, paused, resumed, stopped or was retargeted
   * (sla.changed), its warning or its breach fired. `target`: whose conversation it is (the audience).
   */
  "sla.changed": {
    kind: "sla.changed" | "sla.warning" | "sla.breached";
    subjectType: "ticket" | "conversation";
    subjectId: string;
    metric: SlaMetric | null;
    sla: SlaState;
    target?: { assigneeId: string | null; teamId: string | null; channelId: string };
  };
  /**
   * A customer answered a CSAT survey (features/csat): `kind` rating (the first answer, maybe with
   * a comment) or comment (a follow-up comment to an answered survey). `survey` is its state after commit.
   */
  "csat.answered": { kind: "rating" | "comment"; survey: CsatSurvey };
  /** A CSAT survey went out to the customer (features/csat): the report's "surveyed". */
  "csat.sent": { survey: CsatSurvey };
  /** A resolution's quality score was stored: scored, or skipped / failed with the reason. */
  "quality.scored": { score: QualityScore };
  /** A call campaign's targets or status moved (features/calls/campaign-progress.ts): admins and agents, every process. */
  "call_campaign.progress": { campaignId: string; status: CallCampaign["status"]; counts: CallCampaign["counts"] };
  /** An admin saved the consent keywords: every process drops its copy (inbox/consent/keywords.ts). */
  "consent.keywords_changed": Record<string, never>;
  /** A turn of a flow run was stored (features/flows): what was actually said, for live transcripts. */
  "flow.turn": { callId: string; flowId: string; turn: FlowTurn };
  /** A flow run ended with an outcome (features/flows); the calls feature writes it to the call and contact. */
  "flow.finished": {
    callId: string;
    flowId: string;
    contactId: string | null;
    outcome: FlowOutcome;
    fields: Record<string, FieldValue>;
    summary: string | null;
    toolCalls: FlowToolCall[];
  };
}
export type EventName = keyof DomainEvents;
type Listener<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;

/** Carries events to the other processes on the same database (see realtime/relay.ts). */
export interface EventRelay {
  publishEvent(name: EventName, payload: unknown): void;
}

/**
 * The longest bookkeeping waits for the listeners it follows: an LLM turn can take seconds, and SLA
 * clocks and live tiles should not lag the customer's message by that much.
 */
const AFTER_MAX_MS = 1000;

export class EventBus {
  private readonly listeners = new Map<EventName, Listener<EventName>[]>();
  /** Listeners that run in EVERY process for an event committed in any process (realtime audiences). */
  private readonly everywhere = new Map<EventName, Listener<EventName>[]>();
  /** Bookkeeping that waits for the event's `on` listeners (see `after`). */
  private readonly deferred = new Map<EventName, Listener<EventName>[]>();
  private readonly urgentWork = new Set<Promise<void>>();
  /** Listeners still running (and deferred ones still waiting): what `idle` waits for. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private relay?: EventRelay;
  constructor(private readonly log: Logger) {}

  /** Runs in the process that committed (queueing jobs, follow-up work): exactly once per event. */
  on<K extends EventName>(name: K, listener: Listener<K>): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<EventName>);
    this.listeners.set(name, list);
  }

  /**
   * Runs in every process: at once in the process that committed, and in each other process when
   * the relay delivers the event. For work about local state only (this process's sockets).
   */
  onEveryProcess<K extends EventName>(name: K, listener: Listener<K>): void {
    const list = this.everywhere.get(name) ?? [];
    list.push(listener as Listener<EventName>);
    this.everywhere.set(name, list);
  }

  /**
   * Like `on`, but runs once the event's `on` listeners and the urgent work in flight in this process
   * (`urgent`: the AI's inline answer) have settled, or after AFTER_MAX_MS if they take longer. For
   * bookkeeping nobody waits on (reporting facts, SLA clocks, campaign engagement): on two cores,
   * every statement it sends while the AI answers is time the customer waits. `at` is when the
   * event was emitted: listeners date what they record by it (or by the payload), never by now.
   * They must not depend on running before the events of the work they wait for.
   */
  after<K extends EventName>(name: K, listener: (payload: DomainEvents[K], at: Date) => void | Promise<void>): void {
    const list = this.deferred.get(name) ?? [];
    list.push(listener as Listener<EventName>);
    this.deferred.set(name, list);
  }

  /** Marks work a person is waiting on (the AI's answer): `after` listeners let it go first. */
  urgent<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => {},
      () => {},
    );
    this.urgentWork.add(settled);
    void settled.then(() => this.urgentWork.delete(settled));
    return work;
  }

  attachRelay(relay: EventRelay) {
    this.relay = relay;
  }

  /** Never throws: a failing listener is logged and must not undo the committed change. */
  emit<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    const pending = this.run(this.listeners.get(name), name, payload);
    void this.run(this.everywhere.get(name), name, payload);
    if (this.relay && this.everywhere.has(name)) this.relay.publishEvent(name, payload);
    const later = this.deferred.get(name);
    if (!later) return;
    const at = new Date();
    const gate = [...pending, ...this.urgentWork];
    if (!gate.length) return void this.run(later, name, payload, at);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise((r) => {
      timer = setTimeout(r, AFTER_MAX_MS).unref();
    });
    void this.track(
      Promise.race([Promise.allSettled(gate), bound]).then(() => {
        clearTimeout(timer);
        void this.run(later, name, payload, at);
      }),
    );
  }

  /** An event another process committed (and published): only the every-process listeners run here. */
  deliverRemote(name: EventName, payload: unknown): void {
    void this.run(this.everywhere.get(name), name, payload as DomainEvents[EventName]);
  }

  /**
   * Resolves once no listener of this process runs or waits (benchmarks measure one message at a
   * time from a settled process; tests may await it instead of polling for a listener's effect).
   */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    p.finally(() => this.inFlight.delete(p)).catch(() => {}); // p's own caller handles its failure
    return p;
  }

  /** Starts every listener; returns the promises of those still running. */
  private run(list: Listener<EventName>[] | undefined, name: EventName, payload: DomainEvents[EventName], at?: Date) {
    const pending: Promise<void>[] = [];
    for (const listener of list ?? []) {
      try {
        const r = (listener as (p: DomainEvents[EventName], at?: Date) => void | Promise<void>)(payload, at);
        if (r && typeof r.then === "function")
          pending.push(this.track(r.catch((err) => this.log.error({ err, event: name }, "event listener failed"))));
      } catch (err) {
        this.log.error({ err, event: name }, "event listener failed");
      }
    }
    return pending;
  }
}
