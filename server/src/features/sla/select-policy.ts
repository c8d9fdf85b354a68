import type { Priority, SlaCondition } from "@switchboard/contracts";

/** What a policy's conditions look at: a ticket's or a conversation's current values. */
export interface SlaSubject {
  priority: Priority;
  /** The channel type of the conversation (webchat, whatsapp…); null for a ticket without one. */
  channel: string | null;
  teamId: string | null;
  tags: readonly string[];
}

export function conditionHolds(c: SlaCondition, s: SlaSubject): boolean {
  switch (c.field) {
    case "priority":
      return c.in.includes(s.priority);
    case "channel":
      return s.channel !== null && c.in.includes(s.channel);
    case "team":
      return s.teamId !== null && c.in.includes(s.teamId);
    case "tag": {
      // Any one of the listed tags; tags compare case-insensitively like everywhere in the inbox.
      const have = new Set(s.tags.map((t) => t.toLowerCase()));
      return c.in.some((t) => have.has(t.toLowerCase()));
    }
  }
}

/**
 * Zendesk's rule: the first policy in order whose conditions all hold (no conditions: matches
 * everything). Policies come in position order; null when none applies.
 */
export function selectPolicy<P extends { conditions: SlaCondition[] }>(
  policies: readonly P[],
  s: SlaSubject,
): P | null {
  return policies.find((p) => p.conditions.every((c) => conditionHolds(c, s))) ?? null;
}
