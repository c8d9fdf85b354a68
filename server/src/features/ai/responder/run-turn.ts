import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import type { AiReplyRefusal } from "../../inbox";
import {
  announceHandler,
  loadAiTurn,
  recordAiReply,
  setContactFieldsFromAi,
  setConversationHandler,
} from "../../inbox";
import { openTicketForAi } from "../../tickets";
import { type Decision, decideTurn } from "../decide";
import { aiSettings } from "../schema";
import { parseStoredSettings, resolveKey } from "../settings";
import { AI_SENDER_NAME, handOff } from "./handoff";
import { responderHooks } from "./hooks";
import { queueResponse } from "./job-spec";
import { watchTakeover } from "./watch-takeover";
import { countReply, decisionWrite, insertDecision, parseState, stateColumn, toSource } from "./state";

/** Recent public messages the brain reads (the issue's "recent history"). */
const HISTORY = 20;
/** A chatty customer still gets an answer: the quiet period stretches to at most this many delays. */
const MAX_DEBOUNCE_FACTOR = 3;

const refusalReasons: Record<AiReplyRefusal, string> = {
  gone: "The conversation or the message it answered is gone",
  not_ai: "A person took the conversation while the AI was answering",
  newer_customer_message: "The customer wrote again while the AI was answering; the next turn reads it",
  already_answered: "Someone answered the customer while the AI was answering",
  channel_unavailable: "The channel is disabled or removed",
  window_closed: "The channel's reply window is closed",
  cannot_send: "The channel cannot send this answer",
};

/** The settings row as a column of the turn's one read (the settings are read fresh every turn). */
const settingsColumn = sql<{ settings: Record<string, unknown>; sealed: string | null } | string | null>`(select
  json_build_object('settings', ${aiSettings.settings}, 'sealed', ${aiSettings.apiKeySealed})
  from ${aiSettings} where ${aiSettings.id} = 'default')`;

/**
 * One turn: read the conversation, the customer's pending burst, recent history, contact facts, the
 * AI's state and settings (one statement: loadAiTurn); decide (decide.ts: policy, then the brain);
 * then answer or hand off. The answer is recorded with the ownership re-check in its own
 * transaction (record-ai-reply.ts); a refused draft becomes a `dropped` decision. Nothing to do
 * (not the AI's, nothing pending) ends quietly.
 */
export async function runTurn(ctx: AppContext, conversationId: string): Promise<void> {
  const turn = await loadAiTurn(ctx.db, conversationId, HISTORY, {
    state: stateColumn(conversationId),
    settings: settingsColumn,
  });
  if (!turn || turn.conversation.handler !== "ai") return;
  const { conversation, contact } = turn;
  const stored = typeof turn.extra.settings === "string" ? JSON.parse(turn.extra.settings) : turn.extra.settings;
  const settings = parseStoredSettings(stored?.settings);
  const { apiKey } = resolveKey(ctx, settings.provider, stored?.sealed ?? null);
  if (!settings.enabled || !settings.channelIds.includes(conversation.channelId)) {
    // Switched off since it took the conversation: it goes back to the team as an ordinary one.
    await setConversationHandler(ctx.db, conversationId, { handler: "none" });
    await announceHandler(ctx, conversationId, conversation);
    return;
  }
  const newest = turn.pending.at(-1);
  if (!newest) return;
  // Debounce: wait until the customer has been quiet for the delay (bounded), then read the burst.
  const delayMs = settings.replyDelaySeconds * 1000;
  const quietAt = Date.parse(newest.at) + delayMs;
  const latest = Date.parse(turn.pending[0]!.at) + MAX_DEBOUNCE_FACTOR * delayMs;
  if (delayMs > 0 && quietAt - Date.now() > 250 && Date.now() < latest) {
    await queueResponse(ctx, conversationId, (Math.min(quietAt, latest) - Date.now()) / 1000);
    return;
  }
  const state = parseState(turn.extra.state);
  await responderHooks.beforeDecide?.(conversationId);
  // A person may take the conversation while the model writes: then the call stops, not just its draft.
  const takeover = watchTakeover(ctx, conversationId, newest.id);
  const decision = await decideTurn(ctx, {
    settings,
    apiKey,
    conversation,
    history: turn.history.map(({ role, content, at }) => ({ role, content, at })),
    pending: turn.pending.map(({ id, content }) => ({ id, content })),
    state: {
      turns: state.turns,
      humanOffered: !!state.humanOfferedAt,
      offerPending: !!state.humanOfferedAt && state.lastReplyAt?.getTime() === state.humanOfferedAt.getTime(),
    },
    contact,
    signal: takeover.signal,
  }).finally(() => takeover.stop());
  await responderHooks.beforeRecord?.(conversationId, decision);

  const decisionId = crypto.randomUUID();
  const sources = decision.sources.map(toSource);
  const question = questionOf(turn.pending);
  if (takeover.takenOver) {
    // Whatever the aborted call left (a provider error) is no decision: only that it was stopped.
    await insertDecision(ctx.db, {
      id: decisionId,
      conversationId,
      triggerMessageId: newest.id,
      action: "dropped",
      rule: "stale_not_ai",
      reason: `Stopped: ${refusalReasons.not_ai}; the model call was cancelled`,
      provider: decision.provider,
      model: decision.model,
      confidence: null,
      sources: [],
      latencyMs: decision.latencyMs,
      details: { aborted: true },
    });
    return;
  }
  if (decision.action === "handoff") {
    await handOff(ctx, { conversationId, decision, triggerMessageId: newest.id, question, settings });
    await openTicket(ctx, conversationId, decision);
    return;
  }
  const row = {
    id: decisionId,
    conversationId,
    triggerMessageId: newest.id,
    rule: decision.rule,
    reason: decision.reason,
    provider: decision.provider,
    model: decision.model,
    confidence: decision.confidence,
    sources,
    latencyMs: decision.latencyMs,
    details: { question },
  };
  const offered = decision.action === "offer_human";
  const sent = await recordAiReply(ctx, {
    conversationId,
    content: decision.text ?? "",
    senderName: AI_SENDER_NAME,
    newestPendingId: newest.id,
    mode: "answer",
    ai: {
      kind: offered ? "offer_human" : "answer",
      decisionId,
      rule: decision.rule,
      reason: decision.reason,
      confidence: decision.confidence,
      sources,
      provider: decision.provider,
      model: decision.model,
    },
    alsoWrite: (tx, messageId) => [
      decisionWrite(tx, { ...row, action: decision.action, replyMessageId: messageId }),
      countReply(tx, conversationId, messageId, new Date(), offered),
    ],
  });
  if (sent.ok) {
    if (decision.contactFields) await setContactFieldsFromAi(ctx, conversation.contact.id, decision.contactFields);
    await openTicket(ctx, conversationId, decision);
    return;
  }
  const unreachable =
    sent.reason === "channel_unavailable" || sent.reason === "window_closed" || sent.reason === "cannot_send";
  await insertDecision(ctx.db, {
    ...row,
    id: unreachable ? crypto.randomUUID() : decisionId,
    action: "dropped",
    rule: `stale_${sent.reason}`,
    reason: `Draft not sent: ${refusalReasons[sent.reason]}${sent.detail ? ` (${sent.detail})` : ""}`,
    details: { wouldHave: decision.action, text: decision.text, question },
  });
  // The AI cannot reach the customer on this channel: people can (a template, another channel).
  if (unreachable)
    await handOff(ctx, {
      conversationId,
      decision: { ...decision, rule: "cannot_send", reason: refusalReasons[sent.reason] },
      triggerMessageId: newest.id,
      question,
      settings,
    });
}

/** The customer's words a turn answered, as the knowledge-gaps report reads them (ai/knowledge-gaps.ts). */
const QUESTION_CHARS = 1000;
function questionOf(pending: { content: string }[]): string {
  return pending
    .map((p) => p.content.trim())
    .filter(Boolean)
    .join("\n")
    .slice(0, QUESTION_CHARS);
}

/**
 * The model's create_ticket, once its answer or handoff is recorded (a dropped draft opens nothing:
 * the next turn decides again). The customer already has the answer, so a failure here is logged, not
 * retried: re-running the turn would answer twice.
 */
async function openTicket(ctx: AppContext, conversationId: string, decision: Decision) {
  if (!decision.ticket) return;
  try {
    await openTicketForAi(ctx, conversationId, decision.ticket);
  } catch (err) {
    ctx.log.error({ err, conversationId }, "the AI's ticket could not be opened");
  }
}
