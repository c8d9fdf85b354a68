import type { ChannelType } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import type { WebhookRequest } from "./adapter";
import { channelsOfType, loadChannel, type LoadedChannel } from "./configs";
import { queueDrain } from "./jobs";
import { getAdapter } from "./registry";
import { webhookEvents } from "./schema";

/**
 * verify -> store durably (unique provider event key) -> acknowledge -> process in a job.
 * A wrong signature stores nothing. A correctly signed event for an account we do not know is
 * kept as an orphan and acknowledged, or the provider would retry it for days.
 */
export async function receiveWebhook(
  ctx: AppContext,
  type: ChannelType,
  req: WebhookRequest,
): Promise<{ stored: boolean; orphan: boolean }> {
  const provider = getAdapter(type).provider!;
  let payload: unknown;
  let parsed = true;
  try {
    payload = JSON.parse(req.rawBody.toString("utf8"));
  } catch {
    parsed = false;
  }
  let candidates: LoadedChannel[];
  if (req.channelId) {
    const c = await loadChannel(ctx, req.channelId);
    if (!c || c.type !== type) throw new AppError("not_found", "No such channel");
    candidates = [c];
  } else {
    const all = await channelsOfType(ctx, type);
    const ids = parsed ? provider.webhook.accountIds(payload) : [];
    const match = (c: LoadedChannel) =>
      ids.some((id) =>
        provider.matchesAccount ? provider.matchesAccount(c.settings, id) : provider.accountId(c.settings) === id,
      );
    candidates = [...all.filter(match), ...all.filter((c) => !match(c))];
  }
  const channel = candidates.find((c) => provider.webhook.verify(req, c));
  if (!channel) throw new AppError("invalid_signature", "Missing or invalid webhook signature");
  if (!parsed) throw new AppError("bad_request", "The webhook body is not valid JSON");
  const ids = req.channelId ? [] : provider.webhook.accountIds(payload);
  const owned =
    req.channelId ||
    ids.some((id) =>
      provider.matchesAccount
        ? provider.matchesAccount(channel.settings, id)
        : provider.accountId(channel.settings) === id,
    );
  const [row] = await ctx.db
    .insert(webhookEvents)
    .values({
      channelType: type,
      channelId: owned ? channel.id : null,
      eventKey: provider.webhook.eventKey(payload, req.rawBody),
      status: owned ? "pending" : "orphan",
      payload: req.rawBody.toString("utf8"),
      summary: provider.webhook.summarize(payload).slice(0, 300),
      orderingKey: owned ? provider.webhook.orderingKey(payload) : "",
    })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  if (!row) return { stored: false, orphan: !owned };
  if (!owned) {
    ctx.log.warn({ type, accountIds: ids }, "signed webhook for an unknown account stored as an orphan");
    return { stored: true, orphan: true };
  }
  // Queued after the answer, not before: the event is already durable, and if queueing fails the
  // sweeper picks it up. The acknowledgement costs one INSERT.
  void queueDrain(ctx, channel.id).catch((err) =>
    ctx.log.error({ err, eventId: row.id }, "could not queue webhook processing"),
  );
  return { stored: true, orphan: false };
}
