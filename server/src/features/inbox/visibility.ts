import type { Conversation } from "@switchboard/contracts";
import { and, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { scopeAllows, targetOf, type VisibilityScope, visibilityScope } from "../agents";
import { getConversation } from "./queries";
import { conversations, messages } from "./schema";

export type { VisibilityScope };

/**
 * The scope as one condition on `conversations` (undefined: no condition, the plan of an 'all'
 * agent or an admin is exactly the unscoped one). Part of the same statement as the list, the
 * counts or a read; never a filter after the fact.
 */
export function scopeWhere(scope: VisibilityScope): SQL | undefined {
  if (scope.kind === "all") return undefined;
  const mine = eq(conversations.assigneeId, scope.userId);
  if (scope.kind === "assigned") return mine;
  const parts: SQL[] = [mine];
  if (scope.teamIds.length) parts.push(inArray(conversations.teamId, scope.teamIds));
  if (scope.channelIds.length)
    parts.push(and(isNull(conversations.teamId), inArray(conversations.channelId, scope.channelIds))!);
  return parts.length === 1 ? mine : or(...parts);
}

/** Whether one conversation exists and the scope sees it (one indexed lookup; none for 'all'). */
export async function canSeeConversation(db: Db, scope: VisibilityScope, id: string): Promise<boolean> {
  const where = scopeWhere(scope);
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(where ? and(eq(conversations.id, id), where) : eq(conversations.id, id))
    .limit(1);
  return Boolean(row);
}

/**
 * For every route that takes a conversation id: 404 (not 403) when the caller may not see it, so a
 * conversation's existence does not leak. Answers the scope for the caller's follow-up queries.
 */
export async function requireVisibleConversation(db: Db, user: { id: string }, id: string): Promise<VisibilityScope> {
  const scope = await visibilityScope(db, user);
  if (scope.kind !== "all" && !(await canSeeConversation(db, scope, id))) throw notFound("Conversation");
  return scope;
}

/** The conversation as the caller may see it, or 404. */
export async function getVisibleConversation(db: Db, user: { id: string }, id: string): Promise<Conversation> {
  const scope = await visibilityScope(db, user);
  const conv = await getConversation(db, id);
  if (!conv || !scopeAllowsConversation(scope, conv)) throw notFound("Conversation");
  return conv;
}

/** Same rule on a Conversation already read (no second query). */
export function scopeAllowsConversation(scope: VisibilityScope, c: Conversation): boolean {
  return scopeAllows(scope, targetOf(c));
}

/** The conversation of a message, when the caller may see it (message-id routes: retry). */
export async function requireVisibleMessage(db: Db, user: { id: string }, messageId: string): Promise<void> {
  const scope = await visibilityScope(db, user);
  if (scope.kind === "all") return;
  const where = scopeWhere(scope);
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.id, messageId), where))
    .limit(1);
  if (!row) throw notFound("Message");
}

/** For SQL built elsewhere in the inbox over an aliased conversation id (contact pages). */
export function scopeWhereOn(scope: VisibilityScope, conversationId: SQL): SQL | undefined {
  const where = scopeWhere(scope);
  return where
    ? sql`exists (select 1 from ${conversations} where ${conversations.id} = ${conversationId} and ${where})`
    : undefined;
}
