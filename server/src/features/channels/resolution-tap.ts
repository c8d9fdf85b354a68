import type { AppContext } from "../../platform/context";
import { getMessageForDelivery } from "../inbox";
import type { NormalizedEvent } from "./adapter";
import type { LoadedChannel } from "./configs";
import { getAdapter } from "./registry";
import { resolutionThanks } from "./resolution-buttons";

type Tap = Extract<NormalizedEvent, { kind: "resolution_tap" }>;

/**
 * A customer tapped "Yes, solved" / "I need more help" under an AI answer. It counts exactly like
 * the widget's 👍/👎 (the same `customer.feedback` event, which the AI feature records as confirmed
 * or unresolved; 👎 hands nothing off there either: the customer is invited to say more). A tap
 * only counts from the customer the answer was sent to, on this channel: button ids are readable.
 * The provider is then told the tap was handled (Telegram shows a spinner until answerCallbackQuery).
 */
export async function applyResolutionTap(ctx: AppContext, channel: LoadedChannel, e: Tap): Promise<void> {
  const row = await getMessageForDelivery(ctx.db, e.messageId);
  const ours =
    !!row &&
    row.m.channelId === channel.id &&
    row.m.senderType === "ai" &&
    !row.m.private &&
    row.to === e.customerExternalId;
  if (ours)
    ctx.bus.emit("customer.feedback", {
      conversationId: row.m.conversationId,
      messageId: row.m.id,
      helpful: e.helpful,
      channel: channel.type === "whatsapp" ? "whatsapp" : "telegram",
    });
  const acknowledge = getAdapter(channel.type).provider?.acknowledgeTap;
  if (!e.tapId || !acknowledge) return;
  try {
    await acknowledge(channel, e.tapId, ours ? resolutionThanks(e.helpful) : "");
  } catch (err) {
    // A tap answered late (Telegram allows about 15 s, e.g. when this event is re-applied) only
    // leaves the customer's spinner to time out: the answer itself is recorded.
    ctx.log.warn({ err, channelId: channel.id }, "could not acknowledge a button tap");
  }
}
