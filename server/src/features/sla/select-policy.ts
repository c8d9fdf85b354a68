import type { ContactFieldCondition, Priority, SlaCondition } from "@switchboard/contracts";

/** What a policy's conditions look at: a ticket's or a conversation's current values. */
export interface SlaSubject {
  priority: Priority;
  /** The channel type of the conversation (webchat, whatsapp…); null for a ticket without one. */
  channel: string | null;
  teamId: string | null;
  tags: readonly string[];
  /**
   * The custom fields (attributes) of the ticket's requester or the conversation's contact; null when
   * there is no contact, or when no policy asks (they are loaded only then).
   */
  contactFields?: Readonly<Record<string, unknown>> | null;
}

/** Attribute values are text, numbers or booleans: compare them as trimmed, lower-cased text. */
const asText = (v: unknown): string | null =>
  v === null || v === undefined || typeof v === "object" ? null : String(v).trim().toLowerCase();

function contactFieldHolds(c: ContactFieldCondition, fields: SlaSubject["contactFields"]): boolean {
  const have = asText(fields?.[c.key]);
  if (have === null || have === "") return false;
  if (c.op === "exists") return true;
  return c.values.some((v) => v.trim().toLowerCase() === have);
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
    case "contactField":
      return contactFieldHolds(c, s.contactFields);
  }
}

/** Whether any policy looks at contact fields, so the caller loads them only when it must. */
export const needsContactFields = (policies: readonly { conditions: SlaCondition[] }[]) =>
  policies.some((p) => p.conditions.some((c) => c.field === "contactField"));

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
