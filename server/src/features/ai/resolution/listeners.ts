import { type AiMessageMeta, aiMessageMetaSchema, isAiAnswerMessage, type Message } from "@switchboard/contracts";
import type { AppContext } from "../../../platform/context";
import { getMessage, listMessages } from "../../inbox";
import { loadAiSettings } from "../settings";
import { assumeResolvedJob } from "./assume-resolved";
import { classifyCustomerVerdict } from "./classify";
import { clearAssumedResolution, recordResolution } from "./record";

/** The AI metadata of a message (metadata.ai), or null when it is not an AI message or malformed. */
export function aiMeta(m: Pick<Message, "metadata">): AiMessageMeta | null {
  const parsed = aiMessageMetaSchema.safeParse(m.metadata?.ai);
  return parsed.success ? parsed.data : null;
}

export function isAiAnswer(m: Message): boolean {
  // A greeting, a thank-you or "fine, I'll keep helping" answers nothing: it resolves nothing either.
  return isAiAnswerMessage(m);
}

/**
 * Resolution tracking (issue 8 §3), fed by events only: the responder writes AI answers, the
 * inbox customer messages, the widget the customer's 👍/👎, WhatsApp and Telegram their button taps
 * (channels/resolution-buttons.ts) — none of them knows about resolution.
 */
export function registerResolutionListeners(ctx: AppContext) {
  const job = assumeResolvedJob(ctx);
  ctx.bus.after("message.created", async ({ message }) => {
    if (isAiAnswer(message)) {
      const { settings } = await loadAiSettings(ctx);
      const startAfter = new Date(Date.now() + settings.assumeResolvedAfterMinutes * 60_000);
      await ctx.jobs.send(job, { conversationId: message.conversationId, messageId: message.id }, { startAfter });
      return;
    }
    if (message.senderType !== "customer" || message.direction !== "inbound") return;
    await onCustomerMessage(ctx, message);
  });
  // The widget's 👍/👎 and a WhatsApp/Telegram button tap are the same answer to the same question.
  ctx.bus.on("customer.feedback", async ({ conversationId, messageId, helpful, channel }) => {
    const m = await getMessage(ctx.db, messageId);
    if (!m || m.conversationId !== conversationId || m.senderType !== "ai") return;
    await recordResolution(ctx, {
      conversationId,
      resolution: helpful ? "confirmed" : "unresolved",
      source: channel === "webchat" ? "widget" : "button",
      messageId,
    });
  });
  ctx.bus.on("conversation.handoff", async ({ conversation }) => {
    await clearAssumedResolution(ctx.db, conversation.id);
  });
}

/**
 * A reply to an AI answer that says it worked (or did not) confirms it; anything else is the
 * customer asking for more, which ends an assumption made from their silence.
 */
async function onCustomerMessage(ctx: AppContext, message: Message) {
  const verdict = classifyCustomerVerdict(message.content);
  if (!verdict) {
    await clearAssumedResolution(ctx.db, message.conversationId);
    return;
  }
  // Only a reply to the AI counts: "thanks" to a human agent is the agent's resolution.
  const page = await listMessages(ctx.db, { conversationId: message.conversationId, limit: 10, includePrivate: false });
  const before = page.items.filter((m) => m.id !== message.id && new Date(m.createdAt) <= new Date(message.createdAt));
  const lastOther = [...before].reverse().find((m) => m.senderType !== "customer" && m.senderType !== "system");
  if (!lastOther || !isAiAnswer(lastOther)) return;
  await recordResolution(ctx, {
    conversationId: message.conversationId,
    resolution: verdict === "resolved" ? "confirmed" : "unresolved",
    source: "text",
    messageId: lastOther.id,
  });
}
