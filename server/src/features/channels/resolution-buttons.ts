/**
 * "Did this answer your question?" under an AI answer, on channels whose adapter declares
 * `capabilities.resolutionButtons` (WhatsApp reply buttons, Telegram inline keyboard): the same
 * question the widget asks with 👍/👎 (issue 8 §3). The button ids carry our message id, so a tap
 * names the answer it is about without any state kept between the send and the tap.
 */
export const RESOLUTION_PROMPT = "Did this answer your question?";

export const RESOLUTION_BUTTONS = [
  { helpful: true, title: "Yes, solved" },
  { helpful: false, title: "I need more help" },
] as const;

/** What the customer is told after a tap: the widget's own words (widget/src/ui/messages.ts). */
export const resolutionThanks = (helpful: boolean) =>
  helpful ? "Glad that helped!" : "Sorry about that. Tell us more here and we'll help.";

const PREFIX = "sbres";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "sbres:yes:<uuid>" (50 bytes at most: Telegram's callback_data allows 64, WhatsApp's reply id 256). */
export const resolutionButtonId = (messageId: string, helpful: boolean) =>
  `${PREFIX}:${helpful ? "yes" : "no"}:${messageId}`;

/** Our button id read back from a tap; null for anything else (a list reply, another bot's data). */
export function parseResolutionButtonId(id: unknown): { messageId: string; helpful: boolean } | null {
  if (typeof id !== "string") return null;
  const [prefix, answer, messageId, ...rest] = id.split(":");
  if (prefix !== PREFIX || rest.length || !messageId || !UUID.test(messageId)) return null;
  if (answer !== "yes" && answer !== "no") return null;
  return { messageId: messageId.toLowerCase(), helpful: answer === "yes" };
}
