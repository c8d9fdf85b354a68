import crypto from "node:crypto";
import type { AiSettings, Conversation } from "@switchboard/contracts";
import { eq, type WithSubquery } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import type { Db } from "../../../platform/db/client";
import {
  announceHandler,
  announceSystemEvents,
  customerWroteAfter,
  getConversation,
  insertAiNote,
  lockConversationForAi,
  recordAiReply,
  setConversationHandler,
} from "../../inbox";
import { type HumanRequestResult, requestHuman } from "../../routing";
import type { Decision } from "../decide";
import { aiDecisions } from "../schema";
import type { PhraseLanguage } from "./phrases";
import { handoffDefaults } from "./replies";
import { insertDecision, recordHandoffState, toSource } from "./state";

export const AI_SENDER_NAME = "AI agent";

export interface HandoffInput {
  conversationId: string;
  decision: Pick<
    Decision,
    | "rule"
    | "reason"
    | "summary"
    | "sources"
    | "confidence"
    | "provider"
    | "model"
    | "latencyMs"
    | "priority"
    | "language"
    | "cause"
  >;
  /** The newest customer message the turn read. */
  triggerMessageId: string;
  /** The customer's words the turn answered (the burst), kept on the decision for the knowledge-gaps report. */
  question?: string;
  settings: AiSettings;
}

/**
 * The AI hands a conversation to people. One transaction: the decision, a private note with the
 * reason and a summary (what the agent reads first), handler -> human and queued, the handoff on
 * ai_conversations. Then routing (requestHuman), then the customer is told (the handoff message,
 * with the expected wait when routing knows it, or the offline message when nobody is online) as
 * the AI's last message, and `conversation.handoff` goes out. Refused (a `dropped` decision) when
 * the AI no longer owns the conversation: a person took it meanwhile.
 */
export async function handOff(ctx: AppContext, h: HandoffInput): Promise<"handed_off" | "dropped"> {
  const decisionId = crypto.randomUUID();
  const d = h.decision;
  const sources = d.sources.map(toSource);
  const before = await getConversation(ctx.db, h.conversationId);
  const outcome = await ctx.db.transaction(async (tx) => {
    const conv = await lockConversationForAi(tx, h.conversationId);
    if (conv?.handler !== "ai") return "taken" as const;
    // The customer wrote again: the turn queued by that message reads everything (a request for a
    // person included, since nothing was answered) and decides again.
    if (await customerWroteAfter(tx, conv.id, h.triggerMessageId)) return "stale" as const;
    await insertDecision(tx, {
      id: decisionId,
      conversationId: conv.id,
      triggerMessageId: h.triggerMessageId,
      action: "handoff",
      rule: d.rule,
      reason: d.reason,
      provider: d.provider,
      model: d.model,
      confidence: d.confidence,
      sources,
      latencyMs: d.latencyMs,
      details: {
        summary: d.summary,
        priority: d.priority ?? "normal",
        ...(h.question ? { question: h.question } : {}),
        ...(d.cause ? { cause: d.cause } : {}),
      },
    });
    const id = await insertAiNote(tx, conv, {
      content: noteText(d.reason, d.summary),
      senderName: AI_SENDER_NAME,
      ai: {
        kind: "handoff",
        decisionId,
        rule: d.rule,
        reason: d.reason,
        summary: d.summary,
        confidence: d.confidence,
        sources,
        provider: d.provider,
        model: d.model,
      },
    });
    await setConversationHandler(tx, conv.id, { handler: "human", queued: !conv.assigneeId });
    await recordHandoffState(tx, conv.id, d.rule, d.reason);
    return { noteId: id };
  });
  if (typeof outcome === "string") {
    await insertDecision(ctx.db, {
      id: decisionId,
      conversationId: h.conversationId,
      triggerMessageId: h.triggerMessageId,
      action: "dropped",
      rule: outcome === "taken" ? "stale_not_ai" : "stale_newer_customer_message",
      reason:
        outcome === "taken"
          ? `Would have handed off (${d.rule}), but a person had already taken the conversation`
          : `Would have handed off (${d.rule}), but the customer wrote again; the next turn reads it`,
      provider: d.provider,
      model: d.model,
      confidence: d.confidence,
      sources,
      latencyMs: d.latencyMs,
      details: { wouldHave: "handoff", rule: d.rule },
    });
    return "dropped";
  }
  await announceHandler(ctx, h.conversationId, before);
  await announceSystemEvents(ctx, [outcome.noteId]);

  let routed: HumanRequestResult;
  try {
    routed = await requestHuman(ctx, {
      conversationId: h.conversationId,
      priority: d.priority ?? "normal",
      reason: d.reason,
    });
  } catch (err) {
    // The conversation is already the humans' and queued; the customer must still be told.
    ctx.log.error({ err, conversationId: h.conversationId }, "routing after an AI handoff failed");
    routed = { assignee: null, queued: true, expectedWaitMinutes: null, anyoneOnline: false };
  }
  const told = await recordAiReply(ctx, {
    conversationId: h.conversationId,
    content: handoffText(h.settings, routed, d.language ?? "en"),
    senderName: AI_SENDER_NAME,
    newestPendingId: h.triggerMessageId,
    mode: "handoff_message",
    ai: {
      kind: "handoff_message",
      decisionId,
      rule: d.rule,
      reason: d.reason,
      confidence: d.confidence,
      sources: [],
      provider: d.provider,
      model: d.model,
    },
    alsoWrite: (tx, messageId) => [linkReply(tx, decisionId, messageId)],
  });
  if (!told.ok) ctx.log.info({ conversationId: h.conversationId, why: told.reason }, "handoff message not sent");
  const conversation: Conversation | null = told.ok
    ? told.conversation
    : await getConversation(ctx.db, h.conversationId);
  if (conversation)
    ctx.bus.emit("conversation.handoff", { conversation, rule: d.rule, reason: d.reason, summary: d.summary });
  return "handed_off";
}

export function noteText(reason: string, summary: string | null): string {
  const why = reason.replace(/[.\s]+$/, "");
  return summary ? `Handed off: ${why}. Summary: ${summary}` : `Handed off: ${why}.`;
}

/**
 * What the customer reads: offline when nobody could take it, else the handoff message and the wait.
 * While the admin keeps the default texts they are sent in the customer's language; a message the
 * admin wrote is sent as written (with the wait in the customer's language).
 */
export function handoffText(settings: AiSettings, routed: HumanRequestResult, language: PhraseLanguage = "en"): string {
  const local = handoffDefaults[language];
  const pick = (written: string, key: "handoff" | "offline") =>
    written === handoffDefaults.en[key] ? local[key] : written;
  if (!routed.anyoneOnline && !routed.assignee) return pick(settings.offlineMessage, "offline");
  const wait = routed.expectedWaitMinutes;
  const message = pick(settings.handoffMessage, "handoff");
  if (wait === null || routed.assignee) return message;
  return `${message} ${local.wait(Math.max(1, Math.round(wait)))}`;
}

/** The decision's reply, as a CTE of the statement that records the handoff message (recordAiReply's alsoWrite). */
export function linkReply(tx: Db, decisionId: string, messageId: string): WithSubquery {
  return tx
    .$with("ai_reply_link")
    .as(tx.update(aiDecisions).set({ replyMessageId: messageId }).where(eq(aiDecisions.id, decisionId)));
}
