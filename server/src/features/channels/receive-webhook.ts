import type { ChannelType } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { boundedKey, clip, jsonDepthExceeds } from "../../platform/storable";
import type { ProviderAdapter, WebhookRequest } from "./adapter";
import { channelsOfType, loadChannel, type LoadedChannel } from "./configs";
import { requestDrain } from "./jobs";
import { IntakeBatcher } from "./intake-batch";
import { sha256Hex } from "./meta-signature";
import { getAdapter } from "./registry";

type Hooks = ProviderAdapter<Record<string, unknown>>["webhook"];

/**
 * The payload readers run on untrusted (and, for account ids, not yet verified) bodies. They are
 * written not to throw; if one still does, the delivery falls back to a safe default rather than
 * answering 500 (the provider would retry it for days).
 */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** What an accepted delivery (or one part of it) is stored as. */
interface Part {
  channel: LoadedChannel | null;
  eventKey: string;
  payloadText: string;
  payload: unknown;
  accountIds: string[];
}

/**
 * verify -> store durably (unique provider event key) -> acknowledge -> process in a job.
 * A wrong signature stores nothing. A correctly signed event for an account we do not know is
 * kept as an orphan and acknowledged, or the provider would retry it for days. The answer is
 * always 2xx, 400, 401 or 413, whatever the body: nothing read from it is trusted before it is checked.
 */
export async function receiveWebhook(
  ctx: AppContext,
  type: ChannelType,
  req: WebhookRequest,
): Promise<{ stored: boolean; orphan: boolean }> {
  const provider = getAdapter(type).provider!;
  const hooks = provider.webhook as Hooks;
  const text = req.rawBody.toString("utf8");
  let payload: unknown;
  // Too deep a body is refused before parsing: nothing downstream has to walk it.
  let parsed = !jsonDepthExceeds(text);
  if (parsed)
    try {
      payload = JSON.parse(text);
    } catch {
      parsed = false;
    }
  const owns = (c: LoadedChannel, id: string) =>
    safely(
      () => (provider.matchesAccount ? provider.matchesAccount(c.settings, id) : provider.accountId(c.settings) === id),
      false,
    );
  const verifies = (c: LoadedChannel) => safely(() => provider.webhook.verify(req, c), false);
  let candidates: LoadedChannel[];
  if (req.channelId) {
    const c = await loadChannel(ctx, req.channelId);
    // An unknown channel id cannot be verified: the same answer as a wrong secret (and no probing).
    if (!c || c.type !== type) throw new AppError("invalid_signature", "Missing or invalid webhook signature");
    candidates = [c];
  } else {
    const all = await channelsOfType(ctx, type);
    const ids = parsed ? safely(() => hooks.accountIds(payload), []) : [];
    const match = (c: LoadedChannel) => ids.some((id) => owns(c, id));
    candidates = [...all.filter(match), ...all.filter((c) => !match(c))];
  }
  const channel = candidates.find(verifies);
  if (!channel) throw new AppError("invalid_signature", "Missing or invalid webhook signature");
  if (!parsed) throw new AppError("bad_request", "The webhook body is not valid JSON (or nests too deeply)");

  const baseKey = safely(() => hooks.eventKey(payload, req.rawBody), sha256Hex(req.rawBody));
  let parts: Part[];
  const split = !req.channelId && hooks.split ? safely(() => hooks.split!(payload), []) : [];
  if (split.length > 1) {
    // Several of our accounts in one delivery (one business account's phone numbers): each part is
    // stored for the channel that owns it, so its events are applied by that channel.
    const signedBy = candidates.filter(verifies);
    parts = split.map((p) => ({
      channel: p.accountId ? (signedBy.find((c) => owns(c, p.accountId)) ?? null) : null,
      eventKey: `${baseKey}:${p.accountId}`,
      payloadText: JSON.stringify(p.payload),
      payload: p.payload,
      accountIds: p.accountId ? [p.accountId] : [],
    }));
  } else {
    const ids = req.channelId ? [] : safely(() => hooks.accountIds(payload), []);
    const owned = !!req.channelId || ids.some((id) => owns(channel, id));
    parts = [{ channel: owned ? channel : null, eventKey: baseKey, payloadText: text, payload, accountIds: ids }];
  }

  let stored = false;
  let orphan = false;
  for (const part of parts) {
    const inserted = await storeEvent(ctx, type, hooks, part);
    stored ||= inserted;
    if (!part.channel) {
      orphan = true;
      if (inserted)
        ctx.log.warn(
          { type, accountIds: part.accountIds },
          "signed webhook for an unknown account stored as an orphan",
        );
    } else if (inserted) {
      // Queued after the answer, not before: the event is already durable, and if queueing fails the
      // sweeper picks it up. The acknowledgement costs one INSERT.
      scheduleDrain(ctx, part.channel.id);
    }
  }
  return { stored, orphan };
}

/** One batcher per database handle: requests of this process share its intake statements. */
const batchers = new WeakMap<AppContext["database"], IntakeBatcher>();

/**
 * The row's INSERT on the intake pool, shared with the other acknowledgements in flight (see
 * intake-batch.ts): it is the whole cost of an acknowledgement. Keys are bounded (a long provider id
 * would exceed the unique index's row size) and text made storable.
 */
async function storeEvent(ctx: AppContext, type: ChannelType, hooks: Hooks, part: Part): Promise<boolean> {
  const owned = part.channel !== null;
  let batcher = batchers.get(ctx.database);
  if (!batcher) {
    batcher = new IntakeBatcher(ctx.database.intakeSql);
    batchers.set(ctx.database, batcher);
  }
  return batcher.store({
    channelType: type,
    channelId: part.channel?.id ?? null,
    eventKey: boundedKey(part.eventKey),
    status: owned ? "pending" : "orphan",
    payload: part.payloadText,
    summary: clip(
      safely(() => hooks.summarize(part.payload), "unreadable"),
      300,
    ),
    orderingKey: owned ? boundedKey(safely(() => hooks.orderingKey(part.payload), "account")) : "",
  });
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
