import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { appendInboundBatch, applyStatusesBatch, type InboundBatchItem, listSendsInFlight } from "../inbox";
import type { NormalizedEvent } from "./adapter";
import type { LoadedChannel } from "./configs";
import { queueMediaFetch } from "./job-definitions";
import { getAdapter } from "./registry";
import { claimSurveyAnswers } from "./survey-answers";

type MessageEvent = Extract<NormalizedEvent, { kind: "message" }>;
type StatusEvent = Extract<NormalizedEvent, { kind: "status" }>;

export interface PlainEvents {
  messages: MessageEvent[];
  statuses: StatusEvent[];
}

/**
 * Benchmarks only (bench/status-throughput.ts measures against the old paths in the same run):
 * `statuses` false: statuses are not batched and take the one-by-one path as before; `maxRound`:
 * the drain's largest round (ingest-event.ts), to measure the fixed rounds of 200 as before.
 */
export const batchOptions: { statuses: boolean; maxRound?: number } = { statuses: true };

/**
 * The customer messages and delivery statuses a stored webhook carries, when that is all it carries
 * (nothing else to apply in order with them: no echo, read, edit...). Null otherwise, or when it
 * does not parse: such an event takes the one-by-one path (apply-event.ts), which records its
 * failure. A customer's messages and the statuses of our messages to them touch different rows
 * (new inbound rows; the status of outbound ones), so a round may apply the two sets apart.
 */
export function plainEvents(channel: LoadedChannel, payload: string): PlainEvents | null {
  let events: NormalizedEvent[];
  try {
    events = getAdapter(channel.type).provider!.parse(JSON.parse(payload), channel);
  } catch {
    return null;
  }
  const out: PlainEvents = { messages: [], statuses: [] };
  for (const e of events) {
    if (e.kind === "ignored") continue;
    if (e.kind === "status" && batchOptions.statuses) out.statuses.push(e);
    else if (e.kind !== "message") return null;
    // What applyEvent skips (no ids) is skipped here too.
    else if (e.externalId && e.from.externalId) out.messages.push(e);
  }
  return out;
}

/**
 * The statuses among these that are evidence of a send still in flight (WhatsApp echoes our message
 * id as callback data): they settle the send (reconcile-send.ts) and take the one-by-one path.
 * Returns the callback ids that name a message in flight, in one read.
 */
export async function sendsInFlight(ctx: AppContext, channel: LoadedChannel, statuses: StatusEvent[]) {
  const ids = [
    ...new Set(statuses.map((s) => s.callbackData).filter((c): c is string => !!c && uuid.safeParse(c).success)),
  ];
  return listSendsInFlight(ctx.db, channel.id, ids);
}

const uuid = z.uuid();

/**
 * Applies a round's plain events, all customers at once, in a fixed number of statements: the
 * messages (in the given order, each customer's strictly in order), then the statuses (folded per
 * message in the given order, apply-statuses-batch.ts). Throws when a batch fails as a whole; the
 * caller then applies the events one by one (a bad event fails alone; what did apply is a no-op
 * the second time).
 */
export async function applyPlainBatch(ctx: AppContext, channel: LoadedChannel, events: PlainEvents) {
  if (events.messages.length) await applyMessageBatch(ctx, channel, events.messages);
  if (events.statuses.length)
    await applyStatusesBatch(
      ctx,
      channel.id,
      events.statuses.map((e) => ({ externalId: e.externalId, status: e.status, error: e.error })),
    );
}

/**
 * Applies many customers' messages at once, in the given order (each customer's strictly in order):
 * the same outcome as applyEvent on each, in a fixed number of statements. Throws when the batch
 * fails as a whole; nothing of it is then applied but contacts, and the caller applies its events
 * one by one (a bad event fails alone).
 */
async function applyMessageBatch(ctx: AppContext, channel: LoadedChannel, all: MessageEvent[]) {
  // Answers to open CSAT surveys are recorded there (one read for the round), not appended.
  const claimed = await claimSurveyAnswers(ctx, { id: channel.id, type: channel.type }, all);
  const events = claimed.size ? all.filter((e) => !claimed.has(e.externalId)) : all;
  if (!events.length) return;
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
