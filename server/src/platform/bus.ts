import type { Availability, Conversation, Message } from "@switchboard/contracts";
import type { Logger } from "./logger";

/**
 * Domain events, emitted by use-cases after their transaction commits. Payloads carry the
 * public shapes so listeners (realtime fan-out, later AI/SLA/reporting) need no extra reads.
 */
export interface DomainEvents {
  "message.created": { message: Message; conversation: Conversation };
  "message.updated": { message: Message; conversation: Conversation };
  "conversation.updated": { conversation: Conversation; previous?: Pick<Conversation, "status" | "assignee"> };
  "presence.updated": { userId: string; availability: Availability };
}
export type EventName = keyof DomainEvents;
type Listener<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
  private readonly listeners = new Map<EventName, Listener<EventName>[]>();
  constructor(private readonly log: Logger) {}

  on<K extends EventName>(name: K, listener: Listener<K>): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<EventName>);
    this.listeners.set(name, list);
  }

  /** Never throws: a failing listener is logged and must not undo the committed change. */
  emit<K extends EventName>(name: K, payload: DomainEvents[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        const r = listener(payload);
        if (r && typeof r.then === "function")
          r.catch((err) => this.log.error({ err, event: name }, "event listener failed"));
      } catch (err) {
        this.log.error({ err, event: name }, "event listener failed");
      }
    }
  }
}
