import type { Conversation, ServerEvent } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { scopeAllows, targetOf, VisibilityCache, type VisibilityScope, type VisibilityTarget } from "../agents";

/** How long a process trusts a cached scope without hearing of a change (a backstop, see below). */
const SCOPE_TTL_MS = 30_000;

const allowed = (scope: VisibilityScope | undefined, target: VisibilityTarget | undefined) =>
  scope !== undefined && (scope.kind === "all" || (target !== undefined && scopeAllows(scope, target)));

/**
 * The agents' side of a conversation event: each agent socket gets it only when its user may see
 * the conversation. Scopes come from a per-process cache (one statement loads every user missing,
 * none when all are cached), so an event never costs a query per socket. The cache forgets a user
 * on `visibility.changed` and everyone on a team change (`routing.changed`); both run in every
 * process through the relay, and the TTL bounds what a change that was never announced can cost.
 * Deliveries are chained so events leave in the order they were emitted, even when one had to
 * wait for a load.
 */
export class ConversationAudience {
  private readonly cache: VisibilityCache;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {
    this.cache = new VisibilityCache(ctx.db, SCOPE_TTL_MS);
  }

  /** The cached scope of one user (typing from a socket). */
  async scopeOf(userId: string): Promise<VisibilityScope | undefined> {
    return (await this.cache.scopes([userId])).get(userId);
  }

  private run(deliver: (scopes: Map<string, VisibilityScope>) => void) {
    this.chain = this.chain
      .then(async () => {
        const ids = this.ctx.hub.agentUserIds();
        if (ids.size) deliver(await this.cache.scopes(ids));
      })
      .catch((err) => this.ctx.log.error({ err }, "realtime audience failed"));
  }

  /** `target` undefined: only those who see every conversation (the event did not say whose it is). */
  send(target: VisibilityTarget | undefined, event: ServerEvent, exceptUserId?: string) {
    this.run((scopes) =>
      this.ctx.hub.toAgents(event, (u) => u.id !== exceptUserId && allowed(scopes.get(u.id), target)),
    );
  }

  /**
   * A conversation changed: those who see it get the new state; those who saw it before (the old
   * assignee, the old team) but not any more get `conversation.removed`, so their console drops it.
   * Someone who gains it simply receives the update (the console adds it where it belongs).
   */
  updated(conversation: Conversation, previous?: { assignee: Conversation["assignee"]; team?: Conversation["team"] }) {
    const now = targetOf(conversation);
    const before: VisibilityTarget | undefined = previous
      ? {
          ...now,
          assigneeId: previous.assignee?.id ?? null,
          teamId: previous.team === undefined ? now.teamId : (previous.team?.id ?? null),
        }
      : undefined;
    this.run((scopes) => {
      this.ctx.hub.toAgents({ type: "conversation.updated", conversation }, (u) => allowed(scopes.get(u.id), now));
      if (before)
        this.ctx.hub.toAgents(
          { type: "conversation.removed", conversationId: conversation.id },
          (u) => !allowed(scopes.get(u.id), now) && allowed(scopes.get(u.id), before),
        );
    });
  }

  /** One user's visibility or role changed: forget their scope and tell their consoles to refetch. */
  userChanged(userId: string) {
    this.cache.invalidate(userId);
    this.run(() => this.ctx.hub.toUser(userId, { type: "visibility.changed" }));
  }

  /** A team's members or channels changed: every scope may be stale; 'teams' agents refetch. */
  teamsChanged() {
    this.cache.invalidate();
    this.run((scopes) =>
      this.ctx.hub.toAgents({ type: "visibility.changed" }, (u) => scopes.get(u.id)?.kind === "teams"),
    );
  }
}

const audiences = new WeakMap<AppContext, ConversationAudience>();

/** One audience (one cache) per running app: the realtime listeners and socket typing share it. */
export function audienceFor(ctx: AppContext): ConversationAudience {
  let a = audiences.get(ctx);
  if (!a) {
    a = new ConversationAudience(ctx);
    audiences.set(ctx, a);
  }
  return a;
}
