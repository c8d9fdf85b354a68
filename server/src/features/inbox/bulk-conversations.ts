import type { BulkBody } from "@switchboard/contracts";
import { and, inArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { isActiveAgent } from "../agents";
import { assignConversation } from "./assign-conversation";
import { type Actor, requireLabel, setConversationLabel } from "./labels/apply-label";
import { conversations } from "./schema";
import { updateConversation } from "./update-conversation";
import { scopeWhere, type VisibilityScope } from "./visibility";

const invalid = (field: string, message: string) =>
  new AppError("validation_failed", message, { fieldErrors: { [field]: [message] }, formErrors: [] });

/**
 * One action on many conversations. Everything is checked before anything changes (every id
 * exists, the assignee is an active agent, the label exists), so a bad request changes nothing;
 * then each conversation goes through the same use-case as a single change, so realtime events and
 * thread events happen per conversation exactly as they would one by one.
 */
export async function bulkConversations(ctx: AppContext, body: BulkBody, actor: Actor, scope?: VisibilityScope) {
  const ids = [...new Set(body.ids)];
  // A conversation the caller may not see counts as one that does not exist (nothing leaks).
  const visible = scope ? scopeWhere(scope) : undefined;
  const found = await ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(inArray(conversations.id, ids), visible));
  if (found.length !== ids.length) {
    const known = new Set(found.map((r) => r.id));
    const missing = ids.filter((id) => !known.has(id));
    throw new AppError("validation_failed", `${missing.length} of the conversations do not exist`, {
      fieldErrors: { ids: [`Unknown conversation ids: ${missing.slice(0, 5).join(", ")}`] },
      formErrors: [],
    });
  }
  if (body.action === "snooze" && new Date(body.snoozedUntil).getTime() <= Date.now())
    throw invalid("snoozedUntil", "Choose a time in the future");
  if (body.action === "assign" && body.assigneeId && !(await isActiveAgent(ctx.db, body.assigneeId)))
    throw invalid("assigneeId", "No active agent with that id");
  const label = body.action === "label" || body.action === "unlabel" ? await requireLabel(ctx, body.labelId) : null;

  for (const id of ids) {
    switch (body.action) {
      case "resolve":
        await updateConversation(ctx, id, { status: "resolved" });
        break;
      case "reopen":
        await updateConversation(ctx, id, { status: "open", snoozedUntil: null });
        break;
      case "pending":
        await updateConversation(ctx, id, { status: "pending" });
        break;
      case "snooze":
        await updateConversation(ctx, id, { snoozedUntil: body.snoozedUntil });
        break;
      case "priority":
        await updateConversation(ctx, id, { priority: body.priority });
        break;
      case "assign":
        await assignConversation(ctx, id, body.assigneeId);
        break;
      case "label":
      case "unlabel":
        await setConversationLabel(ctx, id, label!, body.action === "label", actor);
        break;
    }
  }
  return { updated: ids.length, ids };
}
