import type { RoutableAgent } from "../agents";
import type { QueuedConversation, RoutedPick } from "../inbox";

/** An online agent as routing weighs them: load now, and when they last got a conversation. */
export interface Candidate {
  agent: RoutableAgent;
  load: number;
  /** ms since epoch; -Infinity for never (never assigned goes first). */
  lastAt: number;
}

export function candidates(agents: RoutableAgent[], loads: Map<string, number>): Candidate[] {
  return agents.map((agent) => ({
    agent,
    load: loads.get(agent.id) ?? 0,
    lastAt: agent.lastAssignedAt ? agent.lastAssignedAt.getTime() : Number.NEGATIVE_INFINITY,
  }));
}

/** Fewest open assigned conversations; ties to whoever waited longest since their last assignment. */
export function better(a: Candidate, b: Candidate): boolean {
  if (a.load !== b.load) return a.load < b.load;
  if (a.lastAt !== b.lastAt) return a.lastAt < b.lastAt;
  return a.agent.id < b.agent.id;
}

/** The eligible candidate for a conversation of `teamId` (any member when null), or null. */
export function choose(pool: Candidate[], teamId: string | null): Candidate | null {
  let best: Candidate | null = null;
  for (const c of pool) {
    if (c.load >= c.agent.capacity) continue;
    if (teamId && !c.agent.teamIds.includes(teamId)) continue;
    if (!best || better(c, best)) best = c;
  }
  return best;
}

/**
 * Plans one round: the queue in its order (priority, then longest waiting), each conversation to
 * the best eligible candidate at that moment, whose load then counts it. Pure: the caller writes.
 * A conversation nobody can take is skipped, and does not hold back those behind it (another
 * team's members may be free).
 */
export function planRound(
  queue: QueuedConversation[],
  pool: Candidate[],
  teamOfChannel: Map<string, string>,
  now = Date.now(),
): RoutedPick[] {
  const picks: RoutedPick[] = [];
  let seq = 0;
  for (const q of queue) {
    const resolved = q.teamId ? null : (teamOfChannel.get(q.channelId) ?? null);
    const c = choose(pool, q.teamId ?? resolved);
    if (!c) continue;
    c.load += 1;
    // Strictly increasing within the round, so ties rotate through the candidates (round-robin).
    c.lastAt = now + seq++;
    picks.push({ conversationId: q.id, assignee: c.agent, teamId: resolved, queuedAt: q.queuedAt });
  }
  return picks;
}
