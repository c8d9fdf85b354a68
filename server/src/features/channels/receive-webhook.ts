import type { ChannelType } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import type { WebhookRequest } from "./adapter";
import { channelsOfType, loadChannel, type LoadedChannel } from "./configs";
import { requestDrain } from "./jobs";
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
  // Requested without awaiting it, so the acknowledgement costs one INSERT: the event is already
  // durable, and if the request is lost (a crash right now) the start-up sweep picks it up.
  scheduleDrain(ctx, channel.id);
  return { stored: true, orphan: false };
}

/**
 * Requests a drain for every stored webhook; the collapsing happens in PostgreSQL (a running drain's
 * lease takes the request, else one waiting job per channel), so no timer or shared state lives
 * here. A request only counts if it was made after the event was stored, so while one is on its
 * way, further webhooks of the channel only ask for one more after it.
 */
const inFlight = new Map<string, { again: boolean }>();

function scheduleDrain(ctx: AppContext, channelId: string) {
  const current = inFlight.get(channelId);
  if (current) {
    current.again = true;
    return;
  }
  const state = { again: false };
  inFlight.set(channelId, state);
  const send = (): Promise<void> =>
    requestDrain(ctx, channelId)
      .catch((err) => ctx.log.error({ err, channelId }, "could not queue webhook processing (the sweeper will)"))
      .then(() => {
        // Decided and cleared in one synchronous step: no webhook can slip in between.
        if (!state.again) {
          inFlight.delete(channelId);
          return;
        }
        state.again = false;
        return send();
      });
  void send();
}
