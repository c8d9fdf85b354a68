import type { Priority } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { anyoneOnlineFor, channelTeams } from "../agents";
import { announceHandler, getConversation, queueForHuman } from "../inbox";
import { drainQueue } from "./drain";
import { expectedWaitMinutes } from "./expected-wait";

export interface HumanRequest {
  conversationId: string;
  /** Route within this team (undefined: the conversation's team, if any). */
  teamId?: string | null;
  priority?: Priority;
  reason: string;
}

export interface HumanRequestResult {
  /** The agent it went to at once, or null when it waits in the queue. */
  assignee: { id: string; name: string } | null;
  queued: boolean;
  /** Minutes a customer can expect to wait, when known. */
  expectedWaitMinutes: number | null;
  /** Is anyone who could take it online (the handoff message uses the offline message when not)? */
  anyoneOnline: boolean;
}

/**
 * A conversation needs a person: it becomes human-handled in its team (given, its own, or its
 * channel's only team), joins the queue unless someone already has it, and the queue drains at once,
 * so an eligible agent gets it now if there is one. It does not jump the queue: a conversation
 * waiting longer (or more urgent) for the same people goes first.
 */
export async function requestHuman(ctx: AppContext, req: HumanRequest): Promise<HumanRequestResult> {
  const before = await getConversation(ctx.db, req.conversationId);
  if (!before) throw notFound("Conversation");
  const teamId =
    req.teamId !== undefined
      ? req.teamId
      : (before.team?.id ?? (await channelTeams(ctx.db, [before.channelId])).get(before.channelId) ?? null);
  await ctx.db.transaction((tx) => queueForHuman(tx, req.conversationId, { teamId, priority: req.priority }));
  await announceHandler(ctx, req.conversationId, before);
  if (!before.assignee) await drainQueue(ctx);
  const after = (await getConversation(ctx.db, req.conversationId))!;
  const anyoneOnline = after.assignee ? true : await anyoneOnlineFor(ctx.db, teamId);
  return {
    assignee: after.assignee && { id: after.assignee.id, name: after.assignee.name },
    queued: !after.assignee && Boolean(after.queuedAt),
    expectedWaitMinutes: after.assignee ? 0 : anyoneOnline ? await expectedWaitMinutes(ctx.db) : null,
    anyoneOnline,
  };
}
