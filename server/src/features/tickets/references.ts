import type { Conversation } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { getTeam, isActiveAgent, type VisibilityScope } from "../agents";
import { contactSummaries, getConversations, scopeAllowsConversation } from "../inbox";

const unknown = (field: string, what: string) =>
  new AppError("unknown_reference", `Unknown ${what}`, { fieldErrors: { [field]: [`Unknown ${what}`] } });

/** The people a ticket points at exist: an enabled agent, a team, a contact (422 naming the field otherwise). */
export async function checkReferences(
  db: Db,
  refs: { assigneeId?: string | null; teamId?: string | null; requesterId?: string | null },
): Promise<void> {
  const [assigneeOk, team, contacts] = await Promise.all([
    refs.assigneeId ? isActiveAgent(db, refs.assigneeId) : true,
    refs.teamId ? getTeam(db, refs.teamId) : true,
    refs.requesterId ? contactSummaries(db, [refs.requesterId]) : null,
  ]);
  if (!assigneeOk) throw unknown("assigneeId", "agent");
  if (!team) throw unknown("teamId", "team");
  if (contacts && !contacts.has(refs.requesterId!)) throw unknown("requesterId", "contact");
}

/**
 * The conversations to link, in the order given. One the caller may not see is as unknown as one that
 * does not exist (its existence does not leak); `scope` undefined: the AI, linking its own conversation.
 */
export async function linkableConversations(
  db: Db,
  ids: string[],
  scope: VisibilityScope | undefined,
  field = "conversationIds",
): Promise<Conversation[]> {
  if (!ids.length) return [];
  const found = await getConversations(db, ids);
  return ids.map((id) => {
    const c = found.get(id);
    if (!c || (scope && !scopeAllowsConversation(scope, c))) throw unknown(field, "conversation");
    return c;
  });
}
