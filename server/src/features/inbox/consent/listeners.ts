import type { AppContext } from "../../../platform/context";
import { KeywordCache, mayBeKeyword } from "./keywords";
import { setConsent } from "./set-consent";

/**
 * Opt-out and re-subscribe by keyword. It listens to message.created after the inbound message has
 * committed, so the inbox path waits for nothing; the length check is all a normal message costs,
 * and the lists (cached per process) are only read for short ones. Webchat is left out: a visitor
 * typing "stop" to the site's chat is talking to the chat, and marketing goes out on messaging
 * channels only.
 */
export function registerConsentListeners(ctx: AppContext) {
  const cache = new KeywordCache(ctx.db);
  ctx.bus.onEveryProcess("consent.keywords_changed", () => cache.invalidate());
  ctx.bus.on("message.created", async ({ message, conversation }) => {
    if (message.direction !== "inbound" || message.senderType !== "customer" || !mayBeKeyword(message.content)) return;
    if (conversation.channelType === "webchat") return;
    const match = (await cache.get()).match(message.content);
    if (!match) return;
    const changed = await setConsent(ctx.db, conversation.contact.id, {
      status: match === "opt_out" ? "opted_out" : "opted_in",
      source: "keyword",
      reason: message.content.trim().slice(0, 100),
      messageId: message.id,
    });
    if (changed) ctx.log.info({ contactId: conversation.contact.id, match }, "consent changed by keyword");
  });
}
