import type { AiSettings, Conversation, KnowledgeHit } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import type { BrainTurn } from "./brain";

export interface DecideInput {
  settings: AiSettings;
  apiKey: string | null;
  /** null: a question from the settings page's test panel (no conversation). */
  conversation: Conversation | null;
  history: { role: "customer" | "ai" | "agent"; content: string; at: string }[];
  pending: { id: string; content: string }[];
  /** Turns and the one offer of a human so far (ai_conversations); zero for the test panel. */
  state: { turns: number; humanOffered: boolean };
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
}

/**
 * PLACEHOLDER (the responder's author replaces it): the responder's pure decision for one turn,
 * used by the responder job and by the settings page's test panel (POST /api/ai/test).
 */
export async function decideTurn(_ctx: AppContext, _input: DecideInput): Promise<Decision> {
  return {
    action: "handoff",
    rule: "not_built",
    reason: "The responder is not built yet",
    text: null,
    summary: null,
    sources: [],
    confidence: null,
    provider: "matcher",
    model: null,
    turn: null,
    latencyMs: 0,
  };
}
