import type { Message } from "@switchboard/contracts";

/**
 * What fulfils a reply target (issue 10 §2, Zendesk's rule): a public message a person wrote in the
 * console. Not the AI, not a private note, not a system line, and not an automated message: one without
 * a signed-in sender (an echo from another app, an API bot) or marked `metadata.automated`.
 */
export function isHumanPublicReply(m: Message): boolean {
  return (
    m.direction === "outbound" &&
    m.senderType === "agent" &&
    !m.private &&
    m.sender.id !== null &&
    m.metadata.automated !== true
  );
}

/** A customer's message: what a reply is owed to. */
export const isCustomerMessage = (m: Message) => m.direction === "inbound" && m.senderType === "customer" && !m.private;
