import type { AppContext } from "../../../platform/context";
import { announceHandler, claimForAi, lockConversationForAi, setConversationHandler } from "../../inbox";
import { routeUnhandled } from "../../routing";
import { loadAiSettings } from "../settings";
import { aiAnswersNow } from "./business-hours";
import { queueResponse, respondNow } from "./job-spec";
import { resetAfterHandBack, startOwnershipOnClaim } from "./state";

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
    // The AI's already: queue the turn without reading the settings (this runs before every AI
    // reply). The turn reads them fresh and waits out replyDelaySeconds itself (run-turn.ts), so a
    // burst still collapses into one delayed job (singletonKey).
    if (conversation.handler === "ai") return void (await respondNow(ctx, conversation.id));
    if (conversation.handler !== "none") return;
    // Not the AI's: a person answers, and routing finds one (routing never claims a new
    // conversation by itself, so the two never race for the first message).
    const toHumans = () =>
      conversation.assignee || conversation.status !== "open" ? undefined : routeUnhandled(ctx, conversation);
    const { settings } = await loadAiSettings(ctx);
    if (!settings.enabled || !settings.channelIds.includes(conversation.channelId)) return toHumans();
    if (!aiAnswersNow(settings.businessHours)) return toHumans();
    const claim = await claimForAi(ctx.db, conversation.id, startOwnershipOnClaim);
    if (claim.claimed) {
      // The turn first: the console learns who answers in parallel (announceHandler reads the row).
      await Promise.all([
        settings.replyDelaySeconds > 0
          ? queueResponse(ctx, conversation.id, settings.replyDelaySeconds)
          : respondNow(ctx, conversation.id),
        announceHandler(ctx, conversation.id),
      ]);
      return;
    }
    // Another message of the burst claimed it a moment ago: its turn reads this message too.
    if (claim.handler === "ai") return void (await queueResponse(ctx, conversation.id, settings.replyDelaySeconds));
    if (claim.handler !== "none") return;
    if (claim.agentReplied) return toHumans();
    // Else assigned by hand before anyone answered (claim.assignedByHand: that person takes it), or
    // another message of the burst claimed it while this statement waited (its turn reads this one).
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

  ctx.bus.on("conversation.updated", async ({ conversation, previous }) => {
    if (conversation.handler === "ai" && conversation.status !== "resolved") {
      // A hand-back is announced with `previous` (routing-actions.ts handOver), like every change of
      // who answers; the messages of a turn (the customer's, the AI's) are not: no statement for them.
      if (previous) await resetAfterHandBack(ctx.db, conversation.id);
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
