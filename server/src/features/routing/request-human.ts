import type { Priority } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { announceHandler, getConversation, setConversationHandler } from "../inbox";

export interface HumanRequest {
  conversationId: string;
  /** Route within this team (undefined: the conversation's team, if any). */
  teamId?: string | null;
  priority?: Priority;
  reason: string;
}

export interface HumanRequestResult {
  /** The agent it went to at once, or null when it waits in the queue. */
  assignee: { id: string; name: string } | null;
  queued: boolean;
  /** Minutes a customer can expect to wait, when known. */
  expectedWaitMinutes: number | null;
  /** Is anyone who could take it online (the handoff message uses the offline message when not)? */
  anyoneOnline: boolean;
}

/**
 * A conversation needs a person: it becomes human-handled and waits in the routing queue.
 * PLACEHOLDER: routing (least-loaded eligible agent, teams, capacity) replaces this body.
 */
export async function requestHuman(ctx: AppContext, req: HumanRequest): Promise<HumanRequestResult> {
  const before = await getConversation(ctx.db, req.conversationId);
  await setConversationHandler(ctx.db, req.conversationId, { handler: "human", queued: !before?.assignee });
  await announceHandler(ctx, req.conversationId, before);
  return { assignee: before?.assignee ?? null, queued: !before?.assignee, expectedWaitMinutes: null, anyoneOnline: false };
}
