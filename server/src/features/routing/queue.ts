import type { RoutingQueue } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { queueScope, routableAgents } from "../agents";
import { getConversations, listQueued, openConversationsByAssignee } from "../inbox";

const MAX_QUEUE = 5000;

/**
 * The Waiting view: the queue in routing order, as far as the reader may see it (admins and agents
 * who see everything: all of it; `teams`: their teams' conversations and unassigned ones of the
 * channels their teams serve; `assigned`: nothing, since nothing queued is theirs). Positions are
 * the conversation's place in the whole queue (what routing will do), not in the reader's slice.
 */
export async function readQueue(ctx: AppContext, userId: string, limit: number): Promise<RoutingQueue> {
  const [queue, scope, agents, loads] = await Promise.all([
    listQueued(ctx.db, { limit: MAX_QUEUE }),
    queueScope(ctx.db, userId),
    routableAgents(ctx.db),
    openConversationsByAssignee(ctx.db),
  ]);
  const visible = queue
    .map((q, i) => ({ q, position: i + 1 }))
    .filter(({ q }) => scope.all || (q.teamId ? scope.teamIds.has(q.teamId) : scope.channelIds.has(q.channelId)));
  const page = visible.slice(0, limit);
  const byId = await getConversations(
    ctx.db,
    page.map((v) => v.q.id),
  );
  const now = Date.now();
  return {
    items: page.flatMap(({ q, position }) => {
      const conversation = byId.get(q.id);
      if (!conversation) return [];
      return [{ conversation, position, waitingSeconds: Math.max(0, Math.floor((now - q.queuedAt.getTime()) / 1000)) }];
    }),
    total: visible.length,
    eligibleAgents: agents.filter((a) => (loads.get(a.id) ?? 0) < a.capacity).length,
  };
}
