import type { Message } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { defineJob } from "../../../platform/jobs";
import { getConversation, getMessage, listMessages } from "../../inbox";
import { aiConversations } from "../schema";
import { recordResolution } from "./record";

/** Messages looked at after the AI answer; more than this happened means the customer did not go quiet. */
const LOOK_BACK = 20;

export type AssumeOutcome = "assumed" | "already" | "newer_activity" | "handed_off" | "gone";

/**
 * "Assumed resolved": the AI answered and the customer stayed silent for the configured time. Runs
 * as a delayed job per AI answer; by the time it runs anything may have happened, so it checks that
 * the answer is still the conversation's last word (no customer or agent message, note or handoff
 * after it) and that no human has the conversation. Idempotent (a rerun finds the value set).
 */
export async function checkAssumedResolution(
  ctx: AppContext,
  p: { conversationId: string; messageId: string },
): Promise<AssumeOutcome> {
  const [answer, conversation] = await Promise.all([
    getMessage(ctx.db, p.messageId),
    getConversation(ctx.db, p.conversationId),
  ]);
  if (!answer || !conversation || answer.conversationId !== conversation.id) return "gone";
  if (conversation.handler === "human") return "handed_off";
  const page = await listMessages(ctx.db, { conversationId: p.conversationId, limit: LOOK_BACK, includePrivate: true });
  const at = page.items.findIndex((m) => m.id === answer.id);
  if (at < 0) return "newer_activity";
  if (page.items.slice(at + 1).some((m) => !isActivityLine(m))) return "newer_activity";
  const [state] = await ctx.db
    .select({ handoffAt: aiConversations.handoffAt })
    .from(aiConversations)
    .where(eq(aiConversations.conversationId, p.conversationId));
  if (state?.handoffAt && state.handoffAt.getTime() >= new Date(answer.createdAt).getTime()) return "handed_off";
  const changed = await recordResolution(ctx, {
    conversationId: p.conversationId,
    resolution: "assumed",
    source: "silence",
    messageId: answer.id,
  });
  return changed ? "assumed" : "already";
}

/** Activity lines (assigned, labelled…) are not someone speaking. */
function isActivityLine(m: Message): boolean {
  return m.senderType === "system" || m.kind === "event";
}

export const assumeResolvedJob = (ctx: AppContext) =>
  defineJob({
    name: "ai.assume-resolved",
    schema: z.object({ conversationId: z.uuid(), messageId: z.uuid() }),
    retryLimit: 3,
    handler: async (payload) => {
      await checkAssumedResolution(ctx, payload);
    },
  });
