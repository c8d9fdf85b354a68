import type { Decision } from "../decide";

/**
 * Seams for tests (never set in production): they let a scenario hold a turn at a known point, or
 * act (an agent replies) between the decision and the ownership re-check, without sleeping.
 */
export const responderHooks: {
  /** After the turn's context is loaded, before the decision (a held knowledge search). */
  beforeDecide?: (conversationId: string) => Promise<void>;
  /** After the decision, before the reply is recorded (where a person can step in). */
  beforeRecord?: (conversationId: string, decision: Decision) => Promise<void>;
} = {};
