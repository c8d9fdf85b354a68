import type { AppContext } from "../../platform/context";
import { channelTeams, recordAssignments, routableAgents } from "../agents";
import { type Actor, announceQueued, assignQueued, listQueued, openConversationsByAssignee } from "../inbox";
import { candidates, planRound } from "./plan";

/** Who the thread's line names for an automatic assignment ("Routing assigned this to Sam"). */
export const ROUTING_ACTOR: Actor = { type: "system", name: "Routing" };

/** Conversations planned and written per round: 1,000 waiting conversations are one round. */
const ROUND = 2000;

/**
 * One pass over the queue: read who is online (1 statement), the queue in order (1), loads (1),
 * the channels' teams (1), then one transaction (conditional UPDATE, activity lines INSERT,
 * agents' last assignment UPDATE) and one read of the results to announce them, whatever the
 * number of conversations. Returns how many it assigned and how long each had waited.
 */
export async function drainOnce(ctx: AppContext): Promise<{ assigned: number; waits: number[] }> {
  const waits: number[] = [];
  for (;;) {
    const agents = await routableAgents(ctx.db);
    if (!agents.length) break;
    const queue = await listQueued(ctx.db, { limit: ROUND });
    if (!queue.length) break;
    const [loads, teamOf] = await Promise.all([
      openConversationsByAssignee(ctx.db),
      channelTeams(
        ctx.db,
        queue.filter((q) => !q.teamId).map((q) => q.channelId),
      ),
    ]);
    const pool = candidates(agents, loads);
    const picks = planRound(queue, pool, teamOf);
    if (!picks.length) break;
    // Each agent's last pick of the round, as its "last assigned" (the next round's tie-break).
    const got = new Set(picks.map((p) => p.assignee.id));
    const given = new Map(pool.filter((c) => got.has(c.agent.id)).map((c) => [c.agent.id, new Date(c.lastAt)]));
    const results = await ctx.db.transaction(async (tx) => {
      const r = await assignQueued(tx, picks, ROUTING_ACTOR);
      await recordAssignments(tx, given);
      return r;
    });
    await announceQueued(ctx, results);
    waits.push(...results.map((r) => r.waitedSeconds));
    // A short page was the whole queue; a full one may have more behind it.
    if (queue.length < ROUND || results.length === 0) break;
  }
  return { assigned: waits.length, waits };
}

/**
 * One drain at a time in this process, and across processes (a named lock every process on the
 * database respects). A request while a drain runs marks it to run once more after, and resolves
 * with that run: no request is lost, and a burst of fifty costs two passes. Across processes the
 * lock is waited for (not skipped), because a skipped request from another process would be lost;
 * each process waits with at most one connection, since its own requests coalesce first.
 */
export class Drainer {
  private running: Promise<void> | null = null;
  private again = false;
  /** Listener work that will end in a request (claiming a new conversation first). */
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly ctx: AppContext) {}

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.catch(() => {}).finally(() => this.pending.delete(work));
    return work;
  }

  /** Resolves when nothing routing started is still running (tests and benchmarks await it). */
  async settled(): Promise<void> {
    while (this.pending.size || this.running !== null) {
      await Promise.allSettled([...this.pending, this.running]);
    }
  }

  request(): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop() {
    do {
      this.again = false;
      await this.ctx.database.lock("routing:drain", () => drainOnce(this.ctx));
    } while (this.again);
  }
}

const drainers = new WeakMap<object, Drainer>();

/** This server's drainer (one per running server; tests run several in one process). */
export function drainerFor(ctx: AppContext): Drainer {
  let d = drainers.get(ctx.bus);
  if (!d) {
    d = new Drainer(ctx);
    drainers.set(ctx.bus, d);
  }
  return d;
}

/** Drain the queue now (and log, never throw: the minute's sweep tries again). */
export function drainQueue(ctx: AppContext): Promise<void> {
  return drainerFor(ctx)
    .request()
    .catch((err) => ctx.log.warn({ err }, "routing drain failed"));
}
