import type { ChannelType } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import type { WebhookRequest } from "./adapter";
import { channelsOfType, loadChannel, type LoadedChannel } from "./configs";
import { queueDrain } from "./jobs";
import { noteIntake } from "./intake-pressure";
import { getAdapter } from "./registry";

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
  noteIntake();
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
  // Raw SQL on the intake pool: this INSERT is the whole cost of an acknowledgement.
  const inserted = await ctx.database.intakeSql(
    `insert into webhook_events (channel_type, channel_id, event_key, status, payload, summary, ordering_key)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (channel_type, event_key) do nothing returning id`,
    [
      type,
      owned ? channel.id : null,
      provider.webhook.eventKey(payload, req.rawBody),
      owned ? "pending" : "orphan",
      req.rawBody.toString("utf8"),
      provider.webhook.summarize(payload).slice(0, 300),
      owned ? provider.webhook.orderingKey(payload) : "",
    ],
  );
  const row = inserted.rows[0] as { id: string } | undefined;
  if (!row) return { stored: false, orphan: !owned };
  if (!owned) {
    ctx.log.warn({ type, accountIds: ids }, "signed webhook for an unknown account stored as an orphan");
    return { stored: true, orphan: true };
  }
  // Queued after the answer, not before: the event is already durable, and if queueing fails the
  // sweeper picks it up. The acknowledgement costs one INSERT.
  scheduleDrain(ctx, channel.id);
  return { stored: true, orphan: false };
}

const pendingDrains = new Map<string, NodeJS.Timeout>();

/**
 * One drain request per channel per 50 ms, however many webhooks arrive: a burst costs one queue
 * write, not one per request. Trailing, so the last webhook of a burst is always followed by a drain.
 */
function scheduleDrain(ctx: AppContext, channelId: string) {
  if (pendingDrains.has(channelId)) return;
  const t = setTimeout(() => {
    pendingDrains.delete(channelId);
    queueDrain(ctx, channelId).catch((err) => ctx.log.error({ err, channelId }, "could not queue webhook processing"));
  }, 50);
  t.unref();
  pendingDrains.set(channelId, t);
}
