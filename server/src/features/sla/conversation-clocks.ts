import type { Conversation, Message } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { announceSla } from "./announce";
import { cancelClock } from "./cancel-clock";
import { chooseVersion, clocksOf, isOpen, openOf, pause, resume, retarget, start } from "./clock-ops";
import type { SlaLinks } from "./links";
import { isCustomerMessage, isHumanPublicReply } from "./reply-kind";
import { stopClock } from "./stop-clock";

const REPLY = ["firstReply", "nextReply"] as const;
const subjectOf = (c: Conversation) => ({ subjectType: "conversation" as const, subjectId: c.id });
const versionOf = (ctx: AppContext, links: SlaLinks, c: Conversation) =>
  chooseVersion(
    ctx.db,
    links,
    { priority: c.priority, channel: c.channelType, teamId: c.team?.id ?? null, tags: c.labels.map((l) => l.name) },
    c.contact.id,
  );

/**
 * Starts the reply owed to the customer of a human-handled conversation at `now`: first reply while
 * none was ever timed, else next reply (idempotent: a second unanswered message keeps the oldest).
 * Nothing while the first reply is still owed.
 */
async function owe(ctx: AppContext, links: SlaLinks, c: Conversation, now: Date): Promise<boolean> {
  const s = subjectOf(c);
  const clocks = await clocksOf(ctx.db, s);
  const first = clocks.find((k) => k.metric === "firstReply");
  if (first && isOpen(first)) return false;
  const versionId = await versionOf(ctx, links, c);
  if (!versionId) return false;
  return start(ctx, s, first ? "nextReply" : "firstReply", versionId, c.priority, now);
}

/**
 * A message in a conversation, at `now` (the message's time): a human public reply fulfils the reply
 * owed (hit or miss); a customer's message while humans (or nobody yet) handle it starts one. While the
 * AI handles it nothing runs: the human clock starts at handoff. AI replies and notes do nothing.
 */
export async function conversationMessage(
  ctx: AppContext,
  links: SlaLinks,
  conversation: Conversation,
  message: Message,
  now: Date,
): Promise<void> {
  const s = subjectOf(conversation);
  let changed = false;
  if (isHumanPublicReply(message)) {
    for (const metric of REPLY) changed = (await stopClock(ctx.db, { ...s, metric, now })) !== null || changed;
  } else if (isCustomerMessage(message) && conversation.handler !== "ai" && conversation.status !== "resolved") {
    changed = await owe(ctx, links, conversation, now);
    // The AI may have taken the conversation meanwhile (it decides after the message): no human clock then.
    if (changed && (await links.getConversation(ctx.db, conversation.id))?.handler === "ai")
      for (const metric of REPLY) await cancelClock(ctx.db, { ...s, metric });
  }
  if (changed) await announceSla(ctx, links, s, "sla.changed", null);
}

/** The AI handed the conversation to humans at `now`: the human clock starts here, not at the first message. */
export async function conversationHandoff(ctx: AppContext, links: SlaLinks, conversation: Conversation, now: Date) {
  if (conversation.status === "resolved" || conversation.handler === "ai") return;
  if (await owe(ctx, links, conversation, now))
    await announceSla(ctx, links, subjectOf(conversation), "sla.changed", null);
}

/**
 * A conversation changed: the AI took it, or it was resolved: nothing is owed by humans (the open reply
 * clocks are dropped); pending pauses them, open again resumes them; a new priority, team or label
 * moves them to the targets that apply now.
 */
export async function syncConversationClocks(ctx: AppContext, links: SlaLinks, conversation: Conversation, now: Date) {
  const s = subjectOf(conversation);
  const clocks = (await clocksOf(ctx.db, s)).filter(isOpen);
  if (!clocks.length) {
    // A person took it from the AI (no handoff event) while the customer waits: a reply is owed from now.
    if (conversation.handler !== "ai" && conversation.status === "open" && conversation.waitingSince)
      if (await owe(ctx, links, conversation, now)) await announceSla(ctx, links, s, "sla.changed", null);
    return;
  }
  let changed = false;
  if (conversation.handler === "ai" || conversation.status === "resolved") {
    for (const metric of REPLY) changed = (await cancelClock(ctx.db, { ...s, metric })) || changed;
  } else if (conversation.status === "pending") {
    for (const c of clocks.filter((c) => c.status === "active"))
      changed = (await pause(ctx, s, c.metric, now)) || changed;
  } else {
    for (const c of clocks.filter((c) => c.status === "paused"))
      changed = (await resume(ctx, s, c.metric, now)) || changed;
    const versionId = await versionOf(ctx, links, conversation);
    if (versionId)
      for (const metric of REPLY)
        if (openOf(clocks, metric))
          changed = (await retarget(ctx, s, metric, versionId, conversation.priority, now)) || changed;
  }
  if (changed) await announceSla(ctx, links, s, "sla.changed", null);
}
