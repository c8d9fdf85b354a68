import crypto from "node:crypto";
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { agentConnections, users } from "./schema";

/**
 * Auto-away. Two rules, both only ever move an agent from `online` to `away` (coming back online is
 * the agent's own choice; a manual `away` or `offline` is never touched):
 *
 * - Disconnected: all of an agent's sockets closed, in every process. Sockets live in one process's
 *   memory, so each serving process writes its count per agent to `agent_connections` when it
 *   changes and refreshes `seen_at` every REFRESH_MS while the agent has sockets there. An agent is
 *   connected while some row has sockets > 0 and a fresh `seen_at`; a row that went stale belongs to
 *   a process that died (kill -9, lost host), so a crash cannot keep its agents "online" forever.
 *   A grace period after the last close (a page reload, a flaky network) keeps a reload from
 *   flipping anyone away. The check is one conditional UPDATE, so processes racing on it emit once.
 * - Inactive: no deliberate sign of life (`last_active_at`: console input, going online, logging in)
 *   for `awayAfterMs`.
 *
 * Agents who never opened a socket (API scripts) are judged by inactivity only.
 */
export interface PresenceRules {
  /** Inactivity before auto-away (0 turns the rule off). */
  awayAfterMs: number;
  /** How long after the last socket closed before auto-away. */
  graceMs: number;
  /** A process's row is trusted this long after its last refresh. */
  staleMs: number;
}

const REFRESH_MS = 30_000;
export const STALE_MS = 3 * REFRESH_MS;

const iso = (d: Date) => d.toISOString();

/** Moves to away the online agents whom the rules say are gone; returns who moved (presence.updated sent). */
export async function sweepAvailability(
  ctx: Pick<AppContext, "db" | "bus">,
  rules: PresenceRules,
  opts: { now?: Date; userIds?: string[] } = {},
): Promise<string[]> {
  const now = opts.now ?? new Date();
  const fresh = iso(new Date(now.getTime() - rules.staleMs));
  const graceEnd = iso(new Date(now.getTime() - rules.graceMs));
  const disconnected = sql`(
    exists (select 1 from ${agentConnections} c where c.user_id = ${users.id})
    and not exists (
      select 1 from ${agentConnections} c
      where c.user_id = ${users.id} and c.sockets > 0 and c.seen_at > ${fresh}::timestamptz)
    and greatest(
      (select max(c.seen_at) from ${agentConnections} c where c.user_id = ${users.id}),
      ${users.lastActiveAt}) <= ${graceEnd}::timestamptz
  )`;
  const inactive =
    rules.awayAfterMs > 0 ? lt(users.lastActiveAt, new Date(now.getTime() - rules.awayAfterMs)) : undefined;
  const moved = await ctx.db
    .update(users)
    .set({ availability: "away", updatedAt: now })
    .where(
      and(
        eq(users.availability, "online"),
        eq(users.disabled, false),
        opts.userIds ? inArray(users.id, opts.userIds) : undefined,
        inactive ? or(disconnected, inactive) : disconnected,
      ),
    )
    .returning({ id: users.id });
  for (const { id } of moved) ctx.bus.emit("presence.updated", { userId: id, availability: "away" });
  return moved.map((m) => m.id);
}

/** A deliberate sign of life from the agent: the inactivity clock starts again. */
export async function touchActivity(db: Db, userId: string, now = new Date()) {
  await db.update(users).set({ lastActiveAt: now }).where(eq(users.id, userId));
}

/** Connection rows no process refreshed for a day (closed, or of processes long gone). */
export async function purgeOldConnections(db: Db) {
  await db.delete(agentConnections).where(lt(agentConnections.seenAt, new Date(Date.now() - 24 * 3600_000)));
}

/**
 * This process's side of the disconnect rule: writes its socket counts when they change and
 * refreshes them while they last, and after the last local close checks (after the grace period)
 * whether the agent is gone everywhere.
 */
export class PresenceTracker {
  readonly processId = crypto.randomUUID();
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private refresher?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly ctx: Pick<AppContext, "db" | "bus" | "log" | "hub">,
    private readonly rules: PresenceRules,
  ) {}

  start() {
    this.ctx.hub.onAgentSocketsChanged = (userId) => this.changed(userId);
    this.refresher = setInterval(() => this.enqueue(() => this.refresh()), REFRESH_MS);
    this.refresher.unref();
  }

  /** Writes are serialised and read the hub's count when they run, so a quick open/close lands right. */
  private changed(userId: string) {
    this.enqueue(async () => {
      const sockets = this.ctx.hub.agentSocketCount(userId);
      await this.write([{ userId, sockets }]);
      if (sockets === 0) this.later(userId);
    });
  }

  private later(userId: string) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.ctx.hub.agentSocketCount(userId) > 0) return;
      this.enqueue(() => sweepAvailability(this.ctx, this.rules, { userIds: [userId] }).then(() => {}));
    }, this.rules.graceMs);
    t.unref();
    this.timers.add(t);
  }

  private async refresh() {
    const counts = [...this.ctx.hub.agentSocketCounts()].map(([userId, sockets]) => ({ userId, sockets }));
    if (counts.length) await this.write(counts);
  }

  private async write(rows: { userId: string; sockets: number }[]) {
    const now = new Date();
    await this.ctx.db
      .insert(agentConnections)
      .values(rows.map((r) => ({ processId: this.processId, userId: r.userId, sockets: r.sockets, seenAt: now })))
      .onConflictDoUpdate({
        target: [agentConnections.processId, agentConnections.userId],
        set: { sockets: sql`excluded.sockets`, seenAt: now },
      });
  }

  private enqueue(fn: () => Promise<void>) {
    if (this.stopped) return;
    this.chain = this.chain.then(fn).catch((err) => this.ctx.log.warn({ err }, "presence update failed"));
  }

  /** Resolves when every pending check and write is done (tests, shutdown). */
  async idle() {
    for (;;) {
      const chain = this.chain;
      await chain;
      if (this.timers.size === 0 && chain === this.chain) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * On shutdown the rows stay as they are: they go stale, and the agents whose consoles do not
   * reconnect to another process within STALE_MS are moved away by the sweep there.
   */
  async stop() {
    this.stopped = true;
    if (this.refresher) clearInterval(this.refresher);
    for (const t of this.timers) clearTimeout(t);
    this.ctx.hub.onAgentSocketsChanged = undefined;
    await this.chain;
  }
}
