import type { Conversation, Message, Priority } from "@switchboard/contracts";
import { and, asc, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { assignmentEvent } from "./activity";
import { attachmentPath, getConversations, loadMessages } from "./queries";
import { conversations, messages } from "./schema";
import type { Actor } from "./system-events";

/*
 * The routing queue, as the inbox stores it: a conversation waits for a person while it is open,
 * human-handled, unassigned, not snoozed and has `queued_at`. Routing decides who; these are the
 * writes. Snoozing keeps `queued_at`: when the snooze ends the conversation is back in its place
 * (priority, then waiting since), not at the end of the queue.
 */

export const priorityRank = sql<number>`case ${conversations.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

const waiting = () =>
  and(
    isNotNull(conversations.queuedAt),
    isNull(conversations.assigneeId),
    eq(conversations.status, "open"),
    eq(conversations.handler, "human"),
    or(isNull(conversations.snoozedUntil), lte(conversations.snoozedUntil, sql`now()`)),
  );

export interface QueuedConversation {
  id: string;
  channelId: string;
  teamId: string | null;
  priority: Priority;
  queuedAt: Date;
}

/** The queue in routing order: priority first (urgent .. low), then longest waiting. */
export async function listQueued(
  db: Db,
  opts: { limit: number; teamIds?: string[] | null },
): Promise<QueuedConversation[]> {
  const rows = await db
    .select({
      id: conversations.id,
      channelId: conversations.channelId,
      teamId: conversations.teamId,
      priority: conversations.priority,
      queuedAt: conversations.queuedAt,
    })
    .from(conversations)
    .where(and(waiting(), opts.teamIds ? inArray(conversations.teamId, opts.teamIds) : undefined))
    .orderBy(priorityRank, asc(conversations.queuedAt), asc(conversations.id))
    .limit(opts.limit);
  return rows.map((r) => ({ ...r, queuedAt: new Date(r.queuedAt!) }));
}

export async function countQueued(db: Db, teamIds?: string[] | null): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .where(and(waiting(), teamIds ? inArray(conversations.teamId, teamIds) : undefined));
  return Number(r?.n ?? 0);
}

/**
 * The median wait (seconds) of the conversations routing assigned in the last `withinMs` (its most
 * recent `sample` at most), whichever process assigned them: read from the assignment lines, which
 * carry `waitedSeconds` (see assignQueued). Null when nothing was assigned in that time.
 */
export async function medianRoutingWaitSeconds(
  db: Db,
  opts: { withinMs: number; sample: number },
): Promise<number | null> {
  const since = new Date(Date.now() - opts.withinMs).toISOString();
  const r = (await db.execute(sql`
    select percentile_disc(0.5) within group (order by w) as median
      from (select (${messages.metadata}->'event'->>'waitedSeconds')::int as w
              from ${messages}
             where ${messages.kind} = 'event' and (${messages.metadata}->'event'->>'via') = 'routing'
               and ${messages.createdAt} > ${since}::timestamptz
             order by ${messages.createdAt} desc
             limit ${opts.sample}) recent
     where w is not null`)) as unknown as { rows: { median: number | null }[] };
  const median = r.rows[0]?.median;
  return median === null || median === undefined ? null : Number(median);
}

export interface RoutedPick {
  conversationId: string;
  assignee: { id: string; name: string; avatarUrl: string | null };
  /** The team routing resolved for a conversation that had none (its channel's only team). */
  teamId: string | null;
  queuedAt: Date;
}

export interface RoutedResult {
  conversationId: string;
  assigneeId: string;
  eventId: string;
  waitedSeconds: number;
  /** It had no team and took its channel's only team. */
  teamResolved: boolean;
}

/**
 * Assigns a round of queued conversations in one statement, inside the caller's transaction: a
 * conditional UPDATE (only rows still waiting: a conversation someone took meanwhile, or another
 * process's drain assigned, or one snoozed since the queue was read, is skipped, so nothing is ever
 * assigned twice or while snoozed) and, for exactly the rows
 * it assigned, the thread's activity lines. The whole round travels as one JSON parameter.
 */
export async function assignQueued(tx: Db, picks: RoutedPick[], actor: Actor): Promise<RoutedResult[]> {
  if (!picks.length) return [];
  const now = Date.now();
  const rows = picks.map((p) => {
    const waitedSeconds = Math.max(0, Math.round((now - p.queuedAt.getTime()) / 1000));
    const line = assignmentEvent(null, p.assignee, actor)!;
    return {
      id: p.conversationId,
      a: p.assignee.id,
      t: p.teamId,
      w: waitedSeconds,
      content: line.text,
      metadata: { event: { ...line.event, via: "routing", waitedSeconds } },
    };
  });
  const input = JSON.stringify(rows);
  const r = (await tx.execute(sql`
    with v as (
      select * from json_to_recordset(${input}::json) as v(id uuid, a uuid, t uuid, w int, content text, metadata jsonb)
    ), assigned as (
      update ${conversations} c
         set assignee_id = v.a, team_id = coalesce(c.team_id, v.t), queued_at = null, handler = 'human', updated_at = now()
        from v
       where c.id = v.id and c.assignee_id is null and c.queued_at is not null and c.status = 'open' and c.handler = 'human'
         and (c.snoozed_until is null or c.snoozed_until <= now())
      returning c.id, c.channel_id, v.a, v.w, v.t, v.content, v.metadata
    ), lines as (
      insert into ${messages} (conversation_id, channel_id, direction, sender_type, sender_id, sender_name, private, content, kind, metadata, status)
      select id, channel_id, 'outbound', 'system', ${actor.id ?? null}::text, ${actor.name ?? null}::text, true, content, 'event', metadata, 'sent'
        from assigned
      returning id, conversation_id
    )
    select l.id as event_id, a.id, a.a, a.w, a.t is not null as resolved from lines l join assigned a on a.id = l.conversation_id`)) as unknown as {
    rows: { event_id: string; id: string; a: string; w: number; resolved: boolean }[];
  };
  return r.rows.map((x) => ({
    conversationId: x.id,
    assigneeId: x.a,
    eventId: x.event_id,
    waitedSeconds: Number(x.w),
    teamResolved: Boolean(x.resolved),
  }));
}

/**
 * After commit: every console learns of the round's assignments (one read of the conversations,
 * one of the activity lines, whatever the round's size).
 */
export async function announceQueued(ctx: AppContext, results: RoutedResult[]): Promise<Conversation[]> {
  if (!results.length) return [];
  const byId = await getConversations(
    ctx.db,
    results.map((r) => r.conversationId),
  );
  const rows = await ctx.db
    .select({ m: messages, senderAvatar: sql<string | null>`null` })
    .from(messages)
    .where(
      inArray(
        messages.id,
        results.map((r) => r.eventId),
      ),
    );
  const lines = new Map<string, Message>(
    (await loadMessages(ctx.db, rows, attachmentPath, [])).map((m) => [m.conversationId, m]),
  );
  const out: Conversation[] = [];
  for (const r of results) {
    const conversation = byId.get(r.conversationId);
    if (!conversation) continue;
    out.push(conversation);
    // A conversation without a team that took its channel's team moved (see routing-actions.ts).
    const previous = { status: "open" as const, assignee: null, ...(r.teamResolved ? { team: null } : {}) };
    ctx.bus.emit("conversation.updated", { conversation, previous });
    const message = lines.get(r.conversationId);
    if (message) ctx.bus.emit("message.created", { message, conversation });
  }
  return out;
}

/**
 * A conversation needs a person: human-handled, in `teamId`'s queue when given, at `priority` when
 * given; it waits (`queued_at`, kept if it already waited) unless someone is assigned already.
 * In the caller's transaction; false when the row does not exist.
 */
export async function queueForHuman(
  tx: Db,
  id: string,
  change: { teamId?: string | null; priority?: Priority },
): Promise<boolean> {
  const rows = await tx
    .update(conversations)
    .set({
      handler: "human",
      ...(change.teamId !== undefined ? { teamId: change.teamId } : {}),
      ...(change.priority ? { priority: change.priority } : {}),
      queuedAt: sql`case when ${conversations.assigneeId} is null then coalesce(${conversations.queuedAt}, now()) end`,
      updatedAt: new Date(),
    })
    .where(eq(conversations.id, id))
    .returning({ id: conversations.id });
  return rows.length > 0;
}

/**
 * A customer wrote in a conversation that nobody answers and nobody has: it needs a person. Either
 * no AI claimed it (handler still `none`: a new conversation on a channel without the AI), or it is
 * human-handled but left the queue (resolved or set pending while unassigned, then the customer came
 * back): it becomes human-handled and waits from now. Conditional, so whoever claims it first (the
 * AI or routing) wins, and a conversation already waiting keeps its place.
 */
export async function claimUnhandled(db: Db, id: string, teamId: string | null): Promise<boolean> {
  const rows = await db
    .update(conversations)
    .set({
      handler: "human",
      teamId: sql`coalesce(${conversations.teamId}, ${teamId}::uuid)`,
      queuedAt: sql`now()`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(conversations.id, id),
        or(eq(conversations.handler, "none"), eq(conversations.handler, "human")),
        isNull(conversations.queuedAt),
        isNull(conversations.assigneeId),
        eq(conversations.status, "open"),
      ),
    )
    .returning({ id: conversations.id });
  return rows.length > 0;
}

/** A conversation resolved or set pending while it waited no longer waits (it queues afresh if the customer returns). */
export async function leaveQueue(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(conversations)
    .set({ queuedAt: null })
    .where(and(eq(conversations.id, id), ne(conversations.status, "open"), isNotNull(conversations.queuedAt)))
    .returning({ id: conversations.id });
  return rows.length > 0;
}
