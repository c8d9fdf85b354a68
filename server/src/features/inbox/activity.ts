import type { Conversation } from "@switchboard/contracts";
import type { Actor, SystemEvent } from "./system-events";

/*
 * The thread's activity lines: the structured facts (`metadata.event`, which the console renders
 * with icons and the reader's own date format) and the plain sentence stored as the message's content
 * (for integrators and anything that shows text only). Sentences name the actor when a person did it.
 */

type Assignee = Conversation["assignee"];

const by = (actor?: Actor) => (actor?.name ? ` by ${actor.name}` : "");

/** Assigned / unassigned / reassigned; null when nothing changed. */
export function assignmentEvent(
  before: Assignee,
  after: Assignee,
  actor?: Actor,
  via?: "reply",
): { event: SystemEvent; text: string } | null {
  if ((before?.id ?? null) === (after?.id ?? null)) return null;
  if (!after) {
    return {
      event: { type: "unassigned", actor, from: before && { id: before.id, name: before.name } },
      text: actor?.name ? `${actor.name} unassigned ${before!.name}` : `Unassigned from ${before!.name}`,
    };
  }
  const self = actor?.type === "user" && actor.id === after.id;
  const text = self
    ? via === "reply"
      ? `${after.name} took this conversation by replying`
      : `${after.name} self-assigned this conversation`
    : actor?.name
      ? `${actor.name} assigned this to ${after.name}`
      : `Assigned to ${after.name}`;
  return {
    event: {
      type: "assigned",
      actor,
      assignee: { id: after.id, name: after.name },
      from: before && { id: before.id, name: before.name },
      ...(via ? { via } : {}),
    },
    text,
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Status, snooze and priority changes, in the order a reader would tell them. */
export function conversationEvents(
  before: Conversation,
  after: Conversation,
  actor?: Actor,
): { event: SystemEvent; text: string }[] {
  const out: { event: SystemEvent; text: string }[] = [];
  const snoozedNow = after.snoozedUntil && after.snoozedUntil !== before.snoozedUntil;
  if (before.status !== after.status) {
    if (after.status === "resolved") out.push({ event: { type: "resolved", actor }, text: `Resolved${by(actor)}` });
    else if (after.status === "pending")
      out.push({ event: { type: "pending", actor }, text: `Set to pending${by(actor)} (waiting on the customer)` });
    else if (before.status === "resolved" || !snoozedNow)
      out.push({ event: { type: "reopened", actor, from: before.status }, text: `Reopened${by(actor)}` });
  }
  if (snoozedNow) {
    // UTC in the sentence (the server knows no reader's zone); the console formats `until` locally.
    const until = after.snoozedUntil!;
    out.push({
      event: { type: "snoozed", actor, until },
      text: `Snoozed${by(actor)} until ${until.slice(0, 16).replace("T", " ")} UTC`,
    });
  } else if (before.snoozedUntil && !after.snoozedUntil && after.status !== "resolved") {
    out.push({ event: { type: "unsnoozed", actor }, text: `Snooze cancelled${by(actor)}` });
  }
  if (before.priority !== after.priority) {
    out.push({
      event: { type: "priority", actor, from: before.priority, to: after.priority },
      text: `Priority changed${by(actor)} from ${cap(before.priority)} to ${cap(after.priority)}`,
    });
  }
  return out;
}

/** Routing's hand-overs (take, hand back to the AI, transfer to an agent or a team's queue). */
export function routingActionEvent(
  action:
    | { type: "taken"; from: Assignee }
    | { type: "handed_back"; from: Assignee }
    | {
        type: "transferred";
        to: { agent: { id: string; name: string } } | { team: { id: string; name: string } | null };
        from: Assignee;
        note?: string;
      },
  actor: Actor,
): { event: SystemEvent; text: string } {
  const from = (a: Assignee) => a && { id: a.id, name: a.name };
  if (action.type === "taken")
    return { event: { type: "taken", actor, from: from(action.from) }, text: `Taken${by(actor)}` };
  if (action.type === "handed_back")
    return {
      event: { type: "handed_back", actor, from: from(action.from) },
      text: `Handed back to the AI agent${by(actor)}`,
    };
  const to = action.to;
  const target = "agent" in to ? to.agent.name : (to.team?.name ?? "the queue");
  return {
    event: {
      type: "transferred",
      actor,
      from: from(action.from),
      ...("agent" in to ? { assignee: to.agent } : { team: to.team }),
      ...(action.note ? { note: action.note } : {}),
    },
    text: `Transferred to ${target}${by(actor)}${action.note ? `: ${action.note}` : ""}`,
  };
}
