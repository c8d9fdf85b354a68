import { describe, expect, it } from "vitest";
import type { RoutableAgent } from "../src/features/agents";
import type { QueuedConversation } from "../src/features/inbox";
import { candidates, planRound } from "../src/features/routing/plan";

/** The pure planner: order, fairness, capacity, teams (the integration tests cover the writes). */
const agent = (id: string, o: Partial<RoutableAgent> = {}): RoutableAgent => ({
  id,
  name: id,
  avatarUrl: null,
  capacity: 10,
  lastAssignedAt: null,
  teamIds: [],
  ...o,
});
const queued = (n: number, o: Partial<QueuedConversation> = {}): QueuedConversation[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `c${String(i).padStart(4, "0")}`,
    channelId: "site",
    teamId: null,
    priority: "normal",
    queuedAt: new Date(1_000_000 + i),
    ...o,
  }));

describe("routing plan", () => {
  it("1,000 conversations over 50 agents: 20 each, none over capacity", () => {
    const agents = Array.from({ length: 50 }, (_, i) => agent(`a${i}`, { capacity: 30 }));
    const picks = planRound(queued(1000), candidates(agents, new Map()), new Map());
    const loads = new Map<string, number>();
    for (const p of picks) loads.set(p.assignee.id, (loads.get(p.assignee.id) ?? 0) + 1);
    expect(picks).toHaveLength(1000);
    expect(Math.max(...loads.values()) - Math.min(...loads.values())).toBeLessThanOrEqual(1);
  });

  it("counts existing load and stops at capacity; the rest wait", () => {
    const pool = candidates([agent("a", { capacity: 3 }), agent("b", { capacity: 3 })], new Map([["a", 2]]));
    const picks = planRound(queued(6), pool, new Map());
    // b is least loaded twice; then a tie at 2, and a (never assigned) waited longer than b (just now).
    expect(picks.map((p) => p.assignee.id)).toEqual(["b", "b", "a", "b"]);
    expect(picks).toHaveLength(4);
  });

  it("a team's conversation waits for its members without holding back the others", () => {
    const pool = candidates([agent("member", { teamIds: ["t"], capacity: 1 }), agent("other")], new Map());
    const q = [...queued(2, { teamId: "t" }), ...queued(1).map((c) => ({ ...c, id: "general" }))];
    const picks = planRound(q, pool, new Map());
    expect(picks.map((p) => [p.conversationId, p.assignee.id])).toEqual([
      ["c0000", "member"],
      ["general", "other"],
    ]);
  });

  it("a channel's only team is resolved for a conversation without one", () => {
    const pool = candidates([agent("member", { teamIds: ["t"] }), agent("other")], new Map([["member", 5]]));
    const picks = planRound(queued(1), pool, new Map([["site", "t"]]));
    expect(picks[0]).toMatchObject({ teamId: "t", assignee: { id: "member" } });
  });
});
