import type {
  AiSettings,
  Conversation,
  CreateTicketToolArgs,
  HandoffCause,
  KnowledgeHit,
  KnowledgeLanguage,
  Priority,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import type { BrainTurn } from "./brain";
import { brainFor } from "./brains";
import { searchWithEmbeddings } from "./embeddings";
import { matchConfidence } from "./matcher-brain";
import { classifyIntent, type PhraseLanguage, sameQuestion, smallTalk, yesOrNo } from "./responder/phrases";
import { declinedText, offerText, smallTalkText } from "./responder/replies";

export interface DecideInput {
  settings: AiSettings;
  apiKey: string | null;
  /** null: a question from the settings page's test panel (no conversation). */
  conversation: Conversation | null;
  history: { role: "customer" | "ai" | "agent"; content: string; at: string }[];
  pending: { id: string; content: string }[];
  /**
   * Turns and the one offer of a human so far (ai_conversations); zero for the test panel.
   * `offerPending`: the AI's last message was that offer, so a short "yes" accepts it.
   */
  state: { turns: number; humanOffered: boolean; offerPending?: boolean };
  /** Contact facts for the brain (the test panel has none). */
  contact?: { name: string | null; email: string | null; phone: string | null; attributes: Record<string, unknown> };
  /** Knowledge already retrieved for the pending text; searched here when absent. */
  knowledge?: { results: KnowledgeHit[]; language: KnowledgeLanguage };
  /** Aborts the brain's model calls (a person took the conversation meanwhile: watch-takeover.ts). */
  signal?: AbortSignal;
}

/** One turn's decision: the policy that needs no model, then the brain. Nothing is written. */
export interface Decision {
  action: "answer" | "offer_human" | "handoff";
  rule: string;
  reason: string;
  /** The text to send the customer (an answer or the offer of a human); null for a handoff. */
  text: string | null;
  summary: string | null;
  sources: KnowledgeHit[];
  confidence: number | null;
  provider: string;
  model: string | null;
  turn: BrainTurn | null;
  latencyMs: number;
  /** For a handoff: how urgent (the brain's judgement; normal otherwise). */
  priority?: Priority;
  /** For the model's own handoff: its word for why (the knowledge-gaps report reads it). */
  cause?: HandoffCause;
  /** set_contact_field results the caller applies after sending. */
  contactFields?: Record<string, string>;
  /** create_ticket: the ticket the caller opens after recording the answer or the handoff. */
  ticket?: CreateTicketToolArgs;
  /** The customer's language as far as the phrase lists tell (the handoff message is sent in it). */
  language?: PhraseLanguage;
}

const POLICY = "policy";
/**
 * Model calls an LLM brain makes in one turn, each bounded by AI_TIMEOUT_SECONDS on its own
 * (llm-brain.ts: the answer with its tool steps, then the guard pass). The turn's backstop below
 * allows all of them, or a slow but timely answer would leave the guard pass no time at all.
 */
const LLM_CALLS_PER_TURN = 2;
/** Past the brain's own timeouts, so a late call is classified by the brain (provider_timeout) first. */
const BACKSTOP_GRACE_MS = 1000;

/**
 * The responder's decision for one turn, used by the responder job and by the settings page's test
 * panel (POST /api/ai/test). Pure: it reads the knowledge base and calls the brain, writes nothing.
 *
 * Policy first, each with a rule name and a reason a person reads (Intercom Fin's handoff policy):
 * 1. a clear request for a person (phrases.ts, eight languages) hands off at once;
 * 2. after the AI offered a person, a "yes" hands off and a "no" keeps the AI helping;
 * 3. a bare "agent", frustration, or the same question a third time OFFERS a person, once per
 *    conversation; the next time it hands off;
 * 4. the turn limit hands off;
 * 5. a message that is only a greeting or only thanks gets a kind word back (no search, no handoff);
 * 6. then the brain; its own handoff keeps its rule; an exception hands off (provider_error), so a
 *    customer is never left unanswered.
 */
export async function decideTurn(ctx: AppContext, input: DecideInput): Promise<Decision> {
  const started = Date.now();
  const base = { summary: null, sources: [], confidence: null, provider: POLICY, model: null, turn: null };
  const done = (d: Omit<Decision, "latencyMs">): Decision => ({
    language: languageOf(input),
    ...d,
    latencyMs: Date.now() - started,
  });
  const text = input.pending.map((p) => p.content).join("\n");
  const summary = summarise(input);
  const handoff = (rule: string, reason: string) =>
    done({ ...base, action: "handoff", rule, reason, text: null, summary });
  const offer = (rule: string, reason: string, language: PhraseLanguage) =>
    input.state.humanOffered
      ? handoff(rule, `${reason}, after a person was already offered`)
      : done({ ...base, action: "offer_human", rule, reason, text: offerText[language] });

  // The strongest signal anywhere in the burst decides ("hi" then "I want a human" is a request).
  const intents = input.pending.map((p) => classifyIntent(p.content)).filter((i) => i !== null);
  const clear = intents.find((i) => i.kind === "clear_request");
  if (clear) return handoff("customer_asked_for_human", "The customer asked for a person");
  const last = input.pending.at(-1)?.content ?? "";
  if (input.state.offerPending) {
    const answer = yesOrNo(last);
    if (answer === "yes") return handoff("customer_accepted_human", "The customer accepted the offer of a person");
    if (answer === "no")
      return done({
        ...base,
        action: "answer",
        rule: "customer_declined_human",
        reason: "The customer declined the offer of a person",
        text: declinedText[languageOf(input)],
      });
  }
  const bare = intents.find((i) => i.kind === "bare_request");
  if (bare) return offer("bare_human_request", "The customer named a person without asking outright", bare.language);
  const frustrated = intents.find((i) => i.kind === "frustration");
  if (frustrated) return offer("frustration", "The customer sounds frustrated", frustrated.language);
  const earlier = input.history
    .slice(0, Math.max(0, input.history.length - input.pending.length))
    .filter((m) => m.role === "customer");
  if (earlier.filter((m) => sameQuestion(m.content, text)).length >= 2)
    return offer("repeated_question", "The customer asked the same question a third time", languageOf(input));
  if (input.state.turns >= input.settings.maxTurns)
    return handoff("turn_limit", `The AI answered ${input.state.turns} times, its limit for one conversation`);
  // Only "hi" or only "thanks": a kind word back, not a knowledge search that would hand off.
  const talk = input.pending.map((p) => smallTalk(p.content));
  const lastTalk = talk.at(-1);
  if (lastTalk && talk.every((t) => t !== null))
    return done({
      ...base,
      action: "answer",
      rule: `small_talk_${lastTalk.kind}`,
      reason: lastTalk.kind === "greeting" ? "The customer said hello" : "The customer said thanks",
      text: smallTalkText[lastTalk.kind][lastTalk.language],
    });

  const brain = brainFor(ctx, input.settings);
  const controller = new AbortController();
  const calls = brain.provider === "matcher" ? 1 : LLM_CALLS_PER_TURN;
  const timer = setTimeout(() => controller.abort(), calls * ctx.config.ai.timeoutMs + BACKSTOP_GRACE_MS);
  try {
    // The turn read the settings already: the searches build their embedder from them.
    const loaded = { settings: input.settings, apiKey: input.apiKey };
    const knowledge = input.knowledge ?? (await retrieve(ctx, input.pending, loaded));
    const turn = await brain.turn({
      settings: input.settings,
      apiKey: input.apiKey,
      // The test panel has no conversation; brains must not rely on one being there.
      conversation: input.conversation as Conversation,
      contact: input.contact ?? { name: null, email: null, phone: null, attributes: {} },
      history: input.history,
      pending: input.pending,
      language: knowledge.language,
      knowledge: knowledge.results,
      search: async (query) => (await searchWithEmbeddings(ctx, { query, limit: 5 }, loaded)).results,
      signal: input.signal ? AbortSignal.any([controller.signal, input.signal]) : controller.signal,
    });
    const common = {
      sources: turn.sources,
      confidence: turn.confidence,
      provider: brain.provider,
      model: turn.model,
      turn,
    };
    if (turn.kind === "reply")
      return done({
        ...common,
        action: "answer",
        rule: brain.provider === "matcher" ? "knowledge_match" : "model_answer",
        reason:
          turn.confidence === null
            ? "Answered from the knowledge base"
            : `Answered from the knowledge base (confidence ${turn.confidence.toFixed(2)})`,
        text: turn.text,
        summary: null,
        contactFields: turn.contactFields,
        ticket: turn.ticket,
      });
    return done({
      ...common,
      action: "handoff",
      rule: turn.rule,
      reason: turn.reason,
      text: null,
      summary: turn.summary || summary,
      priority: turn.priority,
      cause: turn.cause,
      ticket: turn.ticket,
    });
  } catch (err) {
    ctx.log.warn({ err, provider: brain.provider }, "AI turn failed; handing off");
    return done({
      ...base,
      provider: brain.provider,
      action: "handoff",
      rule: "provider_error",
      reason: `The AI could not answer (${controller.signal.aborted ? "timed out" : (err as Error).message || "error"})`,
      text: null,
      summary,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Knowledge for a burst: the whole burst as one query, and each of its last three messages on its
 * own (in "Hi" + "I sent it back" + "How long do refunds take?" the question is one message, and the
 * other words dilute its ranking), merged by chunk and ordered by match confidence.
 */
async function retrieve(
  ctx: AppContext,
  pending: DecideInput["pending"],
  loaded: { settings: AiSettings; apiKey: string | null },
) {
  const queries = [pending.map((p) => p.content).join("\n")];
  if (pending.length > 1) queries.push(...pending.slice(-3).map((p) => p.content));
  const found = await Promise.all(
    queries.map((q) => searchWithEmbeddings(ctx, { query: q.slice(0, 500), limit: 5 }, loaded)),
  );
  const byChunk = new Map<string, KnowledgeHit>();
  for (const r of found)
    for (const hit of r.results) {
      const had = byChunk.get(hit.chunkId);
      if (!had || matchConfidence(hit) > matchConfidence(had)) byChunk.set(hit.chunkId, hit);
    }
  const results = [...byChunk.values()].sort((a, b) => matchConfidence(b) - matchConfidence(a) || b.score - a.score);
  return { results: results.slice(0, 5), language: found[0]!.language };
}

/** The handoff note's summary when the brain gives none: what the customer asked, in their words. */
function summarise(input: DecideInput): string {
  const asked = input.history.filter((m) => m.role === "customer").map((m) => m.content.replace(/\s+/g, " ").trim());
  for (const p of input.pending) if (!asked.includes(p.content.trim())) asked.push(p.content.trim());
  const lines = asked.slice(-3).map((q) => `“${q.length > 160 ? `${q.slice(0, 157)}…` : q}”`);
  return lines.length ? `The customer wrote: ${lines.join(" · ")}` : "";
}

/** The language of the burst's clearest phrase, else English (the offer's and the decline's text). */
function languageOf(input: DecideInput): PhraseLanguage {
  for (const p of [...input.pending].reverse()) {
    const i = classifyIntent(p.content);
    if (i) return i.language;
  }
  return "en";
}
