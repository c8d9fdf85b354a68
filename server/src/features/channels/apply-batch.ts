import type { AppContext } from "../../platform/context";
import { appendInboundBatch, type InboundBatchItem } from "../inbox";
import type { NormalizedEvent } from "./adapter";
import type { LoadedChannel } from "./configs";
import { queueMediaFetch } from "./job-definitions";
import { getAdapter } from "./registry";

type MessageEvent = Extract<NormalizedEvent, { kind: "message" }>;

/**
 * The customer messages a stored webhook carries, when that is all it carries (nothing else to
 * apply in order with them: no status, echo, read, edit...). Null otherwise, or when it does not
 * parse: such an event takes the one-by-one path (apply-event.ts), which records its failure.
 */
export function plainMessages(channel: LoadedChannel, payload: string): MessageEvent[] | null {
  let events: NormalizedEvent[];
  try {
    events = getAdapter(channel.type).provider!.parse(JSON.parse(payload), channel);
  } catch {
    return null;
  }
  const out: MessageEvent[] = [];
  for (const e of events) {
    if (e.kind === "ignored") continue;
    if (e.kind !== "message") return null;
    // What applyEvent skips (no ids) is skipped here too.
    if (e.externalId && e.from.externalId) out.push(e);
  }
  return out;
}

/**
 * Applies many customers' messages at once, in the given order (each customer's strictly in order):
 * the same outcome as applyEvent on each, in a fixed number of statements. Throws when the batch
 * fails as a whole; nothing of it is then applied but contacts, and the caller applies its events
 * one by one (a bad event fails alone).
 */
export async function applyMessageBatch(ctx: AppContext, channel: LoadedChannel, events: MessageEvent[]) {
  const items: InboundBatchItem[] = events.map((e) => ({
    externalId: e.externalId,
    from: { externalId: e.from.externalId, name: e.from.name ?? e.from.username ?? null, phone: e.from.phone ?? null },
    content: e.text,
    kind: e.messageKind,
    senderName: e.from.name ?? e.from.username ?? null,
    metadata: {
      ...e.metadata,
      providerTimestamp: e.timestamp.toISOString(),
      ...(e.media.length ? { pendingMedia: e.media.length } : {}),
    },
  }));
  const ids = await appendInboundBatch(ctx, channel.id, items);
  for (const [i, e] of events.entries()) {
    const messageId = ids[i];
    if (messageId) for (const ref of e.media) await queueMediaFetch(ctx, { messageId, channelId: channel.id, ref });
  }
}
