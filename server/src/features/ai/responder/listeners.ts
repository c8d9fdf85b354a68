import type { AppContext } from "../../../platform/context";
import {
  announceHandler,
  humanActivitySinceResolved,
  lockConversationForAi,
  setConversationHandler,
} from "../../inbox";
import { routeUnhandled } from "../../routing";
import { loadAiSettings } from "../settings";
import { aiAnswersNow } from "./business-hours";
import { queueResponse } from "./job-spec";
import { resetAfterHandBack, startOwnership } from "./state";

/**
 * Who answers, decided on the customer's message (bus.on: once, in the committing process):
 * - handler none, the AI answers on this channel now (enabled, the channel chosen, business hours),
 *   no agent has answered since the last resolution (nor assigned before any) -> the AI takes it;
 * - handler ai -> one debounced turn is queued (job-spec.ts);
 * - handler human -> nothing: the AI never speaks after a handoff until an agent hands it back;
 * - an agent's public reply in an AI-owned conversation makes it the humans'.
 * A resolved conversation goes back to `none`, so the customer's next question starts with the AI.
 */
export function registerResponderListeners(ctx: AppContext) {
  ctx.bus.on("message.created", async ({ message, conversation }) => {
    if (message.senderType !== "customer" || message.private || message.direction !== "inbound") return;
    if (conversation.handler === "human") return;
    const { settings } = await loadAiSettings(ctx);
    let handler: "ai" | "human" | "none" = conversation.handler;
    if (handler === "none") {
      // Not the AI's: a person answers, and routing finds one (routing never claims a new
      // conversation by itself, so the two never race for the first message).
      const toHumans = () =>
        conversation.assignee || conversation.status !== "open" ? undefined : routeUnhandled(ctx, conversation);
      if (!settings.enabled || !settings.channelIds.includes(conversation.channelId)) return toHumans();
      if (!aiAnswersNow(settings.businessHours)) return toHumans();
      const human = await humanActivitySinceResolved(ctx.db, conversation.id);
      if (human.agentReplied) return toHumans();
      // Assigned by hand before anyone answered: that person takes it. After a resolution the old
      // assignee stays on the row, but the new question is the AI's first.
      if (conversation.assignee && !human.resolvedBefore) return;
      handler = await takeOwnership(ctx, conversation.id);
    }
    if (handler === "ai") await queueResponse(ctx, conversation.id, settings.replyDelaySeconds);
  });

  // A person answering an AI-owned conversation takes it over (the AI stops, as Fin does).
  ctx.bus.on("message.created", async ({ message, conversation }) => {
    if (message.senderType !== "agent" || message.private || conversation.handler !== "ai") return;
    const taken = await ctx.db.transaction(async (tx) => {
      const conv = await lockConversationForAi(tx, conversation.id);
      if (conv?.handler !== "ai") return false;
      return setConversationHandler(tx, conv.id, { handler: "human", queued: false });
    });
    if (taken) await announceHandler(ctx, conversation.id, conversation);
  });

  ctx.bus.on("conversation.updated", async ({ conversation }) => {
    if (conversation.handler === "ai" && conversation.status !== "resolved") {
      await resetAfterHandBack(ctx.db, conversation.id);
      return;
    }
    if (conversation.status !== "resolved" || conversation.handler === "none") return;
    const released = await ctx.db.transaction(async (tx) => {
      const conv = await lockConversationForAi(tx, conversation.id);
      if (!conv || conv.status !== "resolved" || conv.handler === "none") return false;
      return setConversationHandler(tx, conv.id, { handler: "none", queued: false });
    });
    if (released) await announceHandler(ctx, conversation.id, conversation);
  });
}

/** handler none -> ai under the row lock (a burst's messages race here); returns the handler after. */
async function takeOwnership(ctx: AppContext, conversationId: string) {
  const before = await ctx.db.transaction(async (tx) => {
    const conv = await lockConversationForAi(tx, conversationId);
    if (!conv) return null;
    if (conv.handler !== "none") return { handler: conv.handler, changed: false };
    await setConversationHandler(tx, conversationId, { handler: "ai" });
    await startOwnership(tx, conversationId);
    return { handler: "ai" as const, changed: true };
  });
  if (before?.changed) await announceHandler(ctx, conversationId);
  return before?.handler ?? "none";
}
