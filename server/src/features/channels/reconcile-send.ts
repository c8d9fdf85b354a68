import { z } from "zod";
import type { AppContext } from "../../platform/context";
import {
  findSendInFlight,
  findSentPart,
  flagPossibleDuplicate,
  listSendsInFlightTo,
  markDeliveryInDoubt,
  type MessageRow,
} from "../inbox";
import type { NormalizedEvent, ProviderAdapter } from "./adapter";
import { queueDelivery } from "./job-definitions";
import { announce, clearSending, recordPart, recordSent, sentPartIds } from "./message-parts";
import { claimedElsewhere } from "./status-claimers";

/**
 * A send that was at the provider when the process died is "in doubt": the provider may or may not
 * have it. It is never blindly repeated. Where the provider tells us about our own sends, that
 * evidence settles it (claimOwnSend, called for every status and echo webhook); where it cannot
 * (Telegram), the message's delivery policy decides (ARCHITECTURE.md, "Outbound delivery").
 */

export type InDoubtVerdict = { action: "wait"; until: Date } | { action: "resend" } | { action: "give_up" };

/** Evidence polls while waiting (the webhook usually settles it first and wakes the job itself). */
const POLL_MS = 5_000;

/**
 * `at_least_once` (the default: an agent's reply) re-sends and flags the message "may have been sent
 * twice"; `at_most_once` (campaign sends, `metadata.deliveryPolicy`) gives up with a reason instead.
 */
export const deliveryPolicyOf = (m: Pick<MessageRow, "metadata">): "at_least_once" | "at_most_once" =>
  m.metadata.deliveryPolicy === "at_most_once" ? "at_most_once" : "at_least_once";

/** On pickup of a message found "sending": what the evidence (or its absence) says to do. */
export async function settleInDoubt(
  ctx: AppContext,
  m: MessageRow,
  evidence: ProviderAdapter<unknown>["sendEvidence"],
  now = new Date(),
): Promise<InDoubtVerdict> {
  const startedAt = new Date(m.sending!.startedAt);
  if (evidence.kind !== "none") {
    const deadline = new Date(startedAt.getTime() + evidence.graceMs);
    if (now < deadline) {
      const until = new Date(Math.min(deadline.getTime(), now.getTime() + POLL_MS));
      if (m.errorCode !== "in_doubt") {
        // Shown under the message while we wait: the agent sees why it is not "sent" yet.
        await markDeliveryInDoubt(ctx.db, m.id);
        await announce(ctx, m.id);
      }
      await queueDelivery(ctx, m.id, until);
      return { action: "wait", until };
    }
    // The provider reports every send it accepts (a status naming our message id, or an echo), and
    // none came for this part within the grace period: it never got there. Sending it is no duplicate.
    ctx.log.info({ messageId: m.id, part: m.sending!.part }, "in-doubt send: no provider evidence; sending it");
    await clearSending(ctx, m.id);
    return { action: "resend" };
  }
  if (deliveryPolicyOf(m) === "at_most_once") return { action: "give_up" };
  await flagPossibleDuplicate(ctx.db, m.id);
  return { action: "resend" };
}

const uuid = z.uuid();
const norm = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * Called for every status and echo webhook before the inbox applies it. Returns true when the event
 * is fully handled here (an echo or status of one of our own parts that must not show up as
 * anything else). Recording a part also wakes the deliver job, which finishes the message.
 */
export async function claimOwnSend(ctx: AppContext, channelId: string, e: NormalizedEvent): Promise<boolean> {
  if (e.kind !== "status" && e.kind !== "echo") return false;
  const part = await findSentPart(ctx.db, channelId, e.externalId);
  if (part) {
    // An echo of any of our parts is ours. A status of a part that does not stand for its message (the
    // first of three files) has nothing to change once the message is sent.
    if (e.kind === "echo") return true;
    return part.messageExternalId !== e.externalId && part.status !== "queued";
  }
  const inDoubt =
    e.kind === "status" ? await byCallback(ctx, channelId, e.callbackData) : await byEcho(ctx, channelId, e);
  // Not an inbox send: perhaps another feature's (a campaign recipient's status, by id or attempt).
  if (!inDoubt?.sending) return claimedElsewhere(ctx, channelId, e);
  const { part: index, of, standsFor } = inDoubt.sending;
  await recordPart(ctx, { messageId: inDoubt.id, channelId, index, externalId: e.externalId });
  ctx.log.info({ messageId: inDoubt.id, part: index }, "send settled by provider evidence");
  if (of !== undefined && index === of - 1) {
    // The last part: the message is complete, whatever state the deliver job is in (even one still
    // held by a dead process).
    const ids = await sentPartIds(ctx, inDoubt.id);
    if (ids.length === of) await recordSent(ctx, inDoubt.id, standsFor === "first" ? ids[0]! : ids[of - 1]!);
  } else await queueDelivery(ctx, inDoubt.id);
  // An echo is now accounted for; a status still applies to the message once it carries the id.
  return e.kind === "echo";
}

async function byCallback(ctx: AppContext, channelId: string, callbackData: string | undefined) {
  if (!callbackData || !uuid.safeParse(callbackData).success) return null;
  return findSendInFlight(ctx.db, channelId, callbackData);
}

/** An echo names no message of ours: match it to a part in flight to the same customer by what it carries. */
async function byEcho(ctx: AppContext, channelId: string, e: Extract<NormalizedEvent, { kind: "echo" }>) {
  const candidates = await listSendsInFlightTo(ctx.db, channelId, e.to.externalId);
  const text = norm(e.text);
  return (
    candidates.find((c) => {
      const s = c.sending!;
      if (s.text) return text.startsWith(norm(s.text));
      return s.kind === "attachment" && (e.media.length > 0 || !text);
    }) ?? null
  );
}
