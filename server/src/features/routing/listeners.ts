import type { Conversation } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { channelTeams } from "../agents";
import { announceHandler, claimUnhandled, leaveQueue } from "../inbox";
import { drainerFor, drainQueue } from "./drain";

/**
 * The queue drains when someone may have become able to take a conversation, never on a timer
 * (the minute's sweep only covers a request lost in a crash). `bus.on`: once, in the process that
 * committed the change.
 */
export function registerRoutingListeners(ctx: AppContext) {
  ctx.bus.on("presence.updated", ({ availability }) => {
    if (availability === "online") void drainQueue(ctx);
  });
  ctx.bus.on("routing.changed", () => void drainQueue(ctx));
  ctx.bus.on("conversation.handoff", () => void drainQueue(ctx));
  ctx.bus.on("conversation.updated", ({ conversation: c, previous }) => {
    // Capacity freed: an assigned conversation was resolved/set pending, unassigned or reassigned.
    const freed =
      previous?.assignee &&
      (c.assignee?.id !== previous.assignee.id || (previous.status === "open" && c.status !== "open"));
    // A waiting conversation (re)entered the queue: reopened, queued by a hand-over, or its snooze ended.
    const waiting = c.queuedAt && !c.assignee && c.status === "open" && c.handler === "human" && !c.snoozedUntil;
    const entered = previous && (previous.status !== "open" || previous.assignee || previous.snoozedUntil);
    if (freed || (waiting && entered)) void drainQueue(ctx);
    // Resolved or pending while waiting: out of the queue (its wait would otherwise count on from before).
    if (c.queuedAt && c.status !== "open")
      void leaveQueue(ctx.db, c.id).catch((err) => ctx.log.warn({ err }, "leaving the queue failed"));
  });
  // A human-handled conversation with nobody assigned and not waiting (it came back after being
  // resolved or set pending unassigned) needs a person again. A new conversation (handler `none`) is
  // the AI feature's decision first: it calls routeUnhandled when the AI does not answer it, so the
  // AI and routing never race for the same first message.
  ctx.bus.on("message.created", ({ message, conversation: c }) => {
    if (message.senderType !== "customer" || c.assignee || c.status !== "open") return;
    if (c.handler === "human" && !c.queuedAt) return routeUnhandled(ctx, c);
  });
}

/**
 * A customer wrote and nobody answers: the conversation becomes human-handled and queued, then the
 * queue drains. Whoever claims it first wins (the update is conditional).
 */
export function routeUnhandled(ctx: AppContext, c: Conversation): Promise<void> {
  return drainerFor(ctx).track(
    (async () => {
      const team = c.team?.id ?? (await channelTeams(ctx.db, [c.channelId])).get(c.channelId) ?? null;
      if (!(await claimUnhandled(ctx.db, c.id, team))) return;
      await announceHandler(ctx, c.id, c);
      await drainQueue(ctx);
    })(),
  );
}
