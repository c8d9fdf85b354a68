import type {
  AiSettings,
  Conversation,
  CreateTicketToolArgs,
  HandoffCause,
  KnowledgeHit,
  KnowledgeLanguage,
  Priority,
} from "@switchboard/contracts";

/**
 * The boundary between the responder (what to answer, when, and whether it may be sent) and a
 * "brain" that writes one turn: the built-in answer matcher (matcher-brain.ts) or an LLM through the
 * AI SDK (llm-brain.ts). The responder owns policy that needs no model (a clear request for a human
 * in any listed language, the turn limit, offering a human once) and the ownership re-check; a brain
 * owns the answer, its sources, its own judgement to hand off, and (LLMs) the guard pass.
 */
export interface BrainInput {
  settings: AiSettings;
  /** The provider key (settings or environment), null for the matcher or when none is configured. */
  apiKey: string | null;
  conversation: Conversation;
  contact: { name: string | null; email: string | null; phone: string | null; attributes: Record<string, unknown> };
  /** Recent public history, oldest first (no private notes, no activity lines). */
  history: { role: "customer" | "ai" | "agent"; content: string; at: string }[];
  /** The customer messages this turn answers (one burst), oldest first; also the tail of history. */
  pending: { id: string; content: string }[];
  /** The customer's language as a PostgreSQL text-search configuration (detected). */
  language: KnowledgeLanguage;
  /** Knowledge retrieved for the pending messages, best first. */
  knowledge: KnowledgeHit[];
  /** More retrieval (the LLM's search_knowledge tool). */
  search: (query: string) => Promise<KnowledgeHit[]>;
  /** Aborted when the responder gives up (timeout) or the draft became stale. */
  signal: AbortSignal;
}

export type BrainTurn =
  | {
      kind: "reply";
      text: string;
      /** The knowledge the reply used (stored with the message as citations). */
      sources: KnowledgeHit[];
      /** 0–1 when the brain can tell (the matcher's retrieval confidence). */
      confidence: number | null;
      /** set_contact_field calls: field name -> value. */
      contactFields?: Record<string, string>;
      /** create_ticket: the ticket to open, after the reply is recorded. */
      ticket?: CreateTicketToolArgs;
      model: string | null;
    }
  | {
      kind: "handoff";
      /** Machine-readable rule (low_confidence, model_requested, guard_blocked, provider_error, ...). */
      rule: string;
      /** A sentence a person reads in the handoff note. */
      reason: string;
      /** The model's own word for why (handoff_to_human's `cause`): the knowledge-gaps report reads it. */
      cause?: HandoffCause;
      summary: string | null;
      priority?: Priority;
      /** create_ticket called before handing off: opened with the handoff. */
      ticket?: CreateTicketToolArgs;
      sources: KnowledgeHit[];
      confidence: number | null;
      model: string | null;
    };

export interface Brain {
  /** `matcher` or the provider name, recorded with each decision. */
  readonly provider: string;
  turn(input: BrainInput): Promise<BrainTurn>;
}
