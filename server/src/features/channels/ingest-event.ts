import type { AppContext } from "../../platform/context";
import { applyPlainBatch, batchOptions, type PlainEvents, plainEvents, sendsInFlight } from "./apply-batch";
import { applyEvent } from "./apply-event";
import { type LoadedChannel, loadChannel, recordChannelHealth } from "./configs";
import { yieldWhenSaturated } from "./intake-pressure";
import { backoffMs } from "./pacing";
import { getAdapter } from "./registry";
import { safeErrorText } from "./safe-error-text";
import { canClaimBatched, claimBatchElsewhere, ownedElsewhere } from "./status-claimers";

const MAX_ATTEMPTS = 6;
/**
 * Events read per round: one SELECT and one "processed" UPDATE per round, not per event. A round
 * that comes back full means a backlog (a campaign's status webhooks, about three per message
 * sent): the next round reads twice as many, up to MAX_ROUND, so the round's fixed statements
 * (about six round trips, each of which waits for a CPU on a busy machine) are paid per 1,000
 * events, not per 200. A round that is not full drops back: a quiet channel's events still go in
 * small rounds, and a failure's one-by-one fallback stays small.
 */
const MIN_ROUND = 200;
const MAX_ROUND = 1000;
/** The channel's "last event" on its page: written at most this often during one drain run. */
const HEALTH_EVERY_MS = 5_000;
/**
 * Customers applied at the same time (each on its own pooled connection): hides query latency.
 * Measured (bench, 250 msg/s, PostgreSQL, 2 cores): 16 left webhook acknowledgements waiting for
 * the database's CPU (ack p50 10 s); 4 keeps them at ack p50 12 ms / p99 73 ms.
 */
const PARALLEL_KEYS = 4;
/**
 * One drain job hands over to a fresh one after this long: it stays far below the job's expiry,
 * and a channel with a standing backlog still lets the other channels' drains take turns.
 */
const MAX_RUN_MS = 20_000;

interface EventRow {
  id: string;
  payload: string;
  orderingKey: string;
  attempts: number;
}

export interface DrainResult {
  /** Stopped on the time limit with work left: queue the next drain now. */
  more: boolean;
  /** The earliest retry still waiting (a failed event's backoff): wake the channel then. */
  nextRetryAt: Date | null;
}

/**
 * Drains a channel's stored webhooks, oldest first. Only one drain per channel runs at a time (the
 * caller holds the channel's drain lease); events of one customer (ordering key) are applied strictly in order,
 * different customers in parallel. A failing event waits with backoff and holds back only its own
 * customer's later events; after the last attempt it is marked failed with a readable reason and can
 * be replayed. Nothing an event throws stops the drain. `signal` aborts between rounds (the lease
 * was lost).
 */
export async function drainChannelEvents(
  ctx: AppContext,
  channelId: string,
  signal?: AbortSignal,
): Promise<DrainResult> {
  const started = Date.now();
  const channel = await loadChannel(ctx, channelId);
  // Events that failed in this run whose bookkeeping could not be written: never retried in a loop here.
  const stuckThisRun = new Set<string>();
  let more = false;
  let round = MIN_ROUND;
  const health: Health = { at: 0, pending: false };
  for (;;) {
    if (signal?.aborted) return { more: false, nextRetryAt: null };
    if (Date.now() - started > MAX_RUN_MS) {
      more = true;
      break;
    }
    await yieldWhenSaturated();
    const { rows, full } = await selectDue(ctx, channelId, stuckThisRun, round);
    round = full ? Math.min(batchOptions.maxRound ?? MAX_ROUND, round * 2) : MIN_ROUND;
    if (!rows.length) break;
    if (!channel) {
      await markRound(
        ctx,
        channelId,
        [],
        rows.map((r) => ({ ev: r, error: "The channel was removed", final: true })),
        health,
      );
      continue;
    }
    const processed: string[] = [];
    const failures: Failure[] = [];
    const groups = new Map<string, EventRow[]>();
    for (const r of rows) {
      const g = groups.get(r.orderingKey);
      if (g) g.push(r);
      else groups.set(r.orderingKey, [r]);
    }
    const rest = await applyBatched(ctx, channel, [...groups.values()], processed);
    const queue = rest.filter((g) => g.length);
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        for (const ev of g) {
          const failed = await applyOne(ctx, channel, ev);
          if (failed === null) {
            processed.push(ev.id);
            continue;
          }
          const final = failed.permanent || ev.attempts + 1 >= MAX_ATTEMPTS;
          failures.push({ ev, error: failed.error, final });
          if (!final) break; // this customer's later events wait behind it
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_KEYS, queue.length) }, worker));
    const unwritten = await markRound(ctx, channelId, processed, failures, health);
    for (const id of unwritten) stuckThisRun.add(id);
  }
  await writeHealth(ctx, channelId, health, true);
  return { more, nextRetryAt: await earliestRetry(ctx, channelId) };
}

type Failure = { ev: EventRow; error: string; final: boolean };

/**
 * The round's common case in a fixed number of statements: each customer's leading events that
 * only carry their messages and the delivery statuses of our messages to them are applied together,
 * all customers at once (apply-batch.ts), and recorded as processed. Returns what is left of each
 * customer's events, in order, for the one-by-one path: from their first other event on (an echo, a
 * read, a status that settles a send in flight...), so a customer's events still apply strictly in
 * order. If the batch fails as a whole, every event goes the one-by-one way, where a bad one fails
 * alone and the others apply (duplicates of what did apply are no-ops).
 */
async function applyBatched(
  ctx: AppContext,
  channel: LoadedChannel,
  groups: EventRow[][],
  processed: string[],
): Promise<EventRow[][]> {
  const leading: PlainEvents[][] = [];
  let parsed = 0;
  for (const g of groups) {
    const plain: PlainEvents[] = [];
    for (const ev of g) {
      // Parsing a whole round is CPU work: let waiting webhook acknowledgements in between.
      if (++parsed % 25 === 0) await new Promise((r) => setImmediate(r));
      const p = plainEvents(channel, ev.payload);
      if (!p) break;
      plain.push(p);
    }
    leading.push(plain);
  }
  const statuses = leading.flatMap((l) => l.flatMap((p) => p.statuses));
  // Another feature's statuses (a campaign's) go to its batch claimer when it has one, not to the
  // inbox. With one, the claim itself says which statuses were that feature's (no owner check
  // first: one statement less per round); without one, the owner check sends them one by one.
  const foreignBatched = canClaimBatched(ctx);
  let inFlight: Set<string>;
  let foreign: Set<string>;
  try {
    [inFlight, foreign] = await Promise.all([
      statuses.length ? sendsInFlight(ctx, channel, statuses) : new Set<string>(),
      statuses.length && !foreignBatched ? ownedElsewhere(ctx, channel.id, statuses) : new Set<string>(),
    ]);
  } catch (err) {
    ctx.log.warn({ err, channelId: channel.id }, "batched webhook apply failed; applying the round one by one");
    return groups;
  }
  const taken: EventRow[] = [];
  const events: PlainEvents = { messages: [], statuses: [] };
  const isForeign = (s: PlainEvents["statuses"][number]) =>
    (!!s.callbackData && foreign.has(s.callbackData)) || foreign.has(s.externalId);
  const rest: EventRow[][] = [];
  groups.forEach((g, i) => {
    let n = 0;
    for (const p of leading[i]!) {
      if (p.statuses.some((s) => (s.callbackData && inFlight.has(s.callbackData)) || isForeign(s))) break;
      taken.push(g[n]!);
      events.messages.push(...p.messages);
      events.statuses.push(...p.statuses);
      n++;
    }
    rest.push(g.slice(n));
  });
  // One event alone is cheaper the one-by-one way (no transaction around it).
  if (taken.length < 2) return groups;
  try {
    // The owner's statuses first: both applies are forward-only, so a fallback to the one-by-one
    // way after either fails re-applies nothing that moves a row backwards.
    if (foreignBatched && events.statuses.length) {
      const claimed = await claimBatchElsewhere(ctx, channel.id, events.statuses);
      if (claimed.size)
        events.statuses = events.statuses.filter(
          (s) => !claimed.has(s.externalId) && !(s.callbackData && claimed.has(s.callbackData)),
        );
    }
    await applyPlainBatch(ctx, channel, events);
  } catch (err) {
    ctx.log.warn({ err, channelId: channel.id }, "batched webhook apply failed; applying the round one by one");
    return groups;
  }
  for (const ev of taken) processed.push(ev.id);
  return rest;
}

/** Applies one stored webhook. Null on success, else the (storable) reason it failed. */
async function applyOne(
  ctx: AppContext,
  channel: LoadedChannel,
  ev: EventRow,
): Promise<{ error: string; permanent: boolean } | null> {
  try {
    const provider = getAdapter(channel.type).provider!;
    for (const e of provider.parse(JSON.parse(ev.payload), channel)) await applyEvent(ctx, channel, e);
    return null;
  } catch (err) {
    return { error: safeErrorText(err), permanent: isPermanent(err) };
  }
}

/**
 * Failures that the same payload will hit again however often it is retried: PostgreSQL refusing
 * the data itself (SQLSTATE class 22 "data exception", e.g. a NUL in text; class 54 "program limit
 * exceeded", e.g. an oversized index key) and errors of our own code on this input. They are
 * recorded as failed at once (replayable after a fix) instead of holding the customer's later
 * events back through six attempts. Everything else (connection loss, deadlock, timeout) is
 * retried with backoff.
 */
function isPermanent(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown; name?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (typeof e.code === "string" && /^(22|54)[0-9A-Z]{3}$/.test(e.code)) return true;
    if (e instanceof SyntaxError || e instanceof TypeError || e instanceof RangeError || e.name === "ZodError")
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * Pending events that are due, oldest first, minus the events of a customer received after one of
 * theirs that waits for a retry (strict order per customer). One statement, two parts: the waiting
 * customers (few: a partial index holds only events that failed before) and the due events (a plain
 * index range). `full`: the range filled the limit, i.e. there is a backlog.
 */
async function selectDue(
  ctx: AppContext,
  channelId: string,
  stuck: Set<string>,
  limit: number,
): Promise<{ rows: EventRow[]; full: boolean }> {
  const all = (
    await ctx.database.executeSql(
      `select true as waiting, ordering_key, min(received_at) as received_at,
              null::uuid as id, null::text as payload, 0 as attempts, 0::bigint as ord
         from webhook_events
        where channel_id = $1 and status = 'pending' and next_attempt_at is not null and next_attempt_at > now()
        group by ordering_key
       union all
       select false, ordering_key, received_at, id, payload, attempts, row_number() over (order by received_at, id)
         from (select id, payload, ordering_key, attempts, received_at from webhook_events
                where channel_id = $1 and status = 'pending' and (next_attempt_at is null or next_attempt_at <= now())
                order by received_at, id limit ${Math.trunc(limit)}) due`,
      [channelId],
    )
  ).rows as {
    waiting: boolean;
    id: string;
    payload: string;
    ordering_key: string;
    attempts: number;
    received_at: Date | string;
    ord: string | number;
  }[];
  const heldSince = new Map<string, number>();
  for (const w of all) if (w.waiting) heldSince.set(w.ordering_key, new Date(w.received_at).getTime());
  const rows = all.filter((r) => !r.waiting).sort((a, b) => Number(a.ord) - Number(b.ord));
  const out: EventRow[] = [];
  for (const r of rows) {
    const at = new Date(r.received_at).getTime();
    const since = heldSince.get(r.ordering_key);
    if (since !== undefined && at >= since) continue;
    if (stuck.has(r.id)) {
      heldSince.set(r.ordering_key, Math.min(since ?? at, at));
      continue;
    }
    out.push({ id: r.id, payload: r.payload, orderingKey: r.ordering_key, attempts: r.attempts });
  }
  return { rows: out, full: rows.length >= limit };
}

/**
 * Writes a round's outcome: one UPDATE for every processed event, one per failure (rare), one
 * health write. Never throws: a write that fails is logged and the event's id returned, so the run
 * skips it rather than loop on it (the sweeper or the next drain tries again).
 */
async function markRound(
  ctx: AppContext,
  channelId: string,
  processed: string[],
  failures: Failure[],
  health: Health,
): Promise<string[]> {
  const unwritten: string[] = [];
  if (processed.length) {
    try {
      await ctx.database.executeSql(
        `update webhook_events set status = 'processed', error = null, attempts = attempts + 1, processed_at = now(),
           next_attempt_at = null where id = any($1::uuid[])`,
        [processed],
      );
    } catch (err) {
      ctx.log.error(
        { err, channelId },
        "could not mark webhook events processed (they are applied; replay is a no-op)",
      );
      unwritten.push(...processed);
    }
  }
  for (const f of failures) {
    const attempts = f.ev.attempts + 1;
    const retryAt = f.final ? null : new Date(Date.now() + backoffMs(attempts, 1000, 60_000));
    try {
      await writeFailure(ctx, f.ev.id, attempts, f.error, retryAt);
    } catch (err) {
      // The reason itself may be what PostgreSQL refused: record the attempt with a fixed text.
      ctx.log.error({ err, eventId: f.ev.id }, "could not record a webhook failure; recording a generic reason");
      try {
        await writeFailure(ctx, f.ev.id, attempts, "Processing failed (the reason could not be stored)", retryAt);
      } catch {
        unwritten.push(f.ev.id);
      }
    }
    if (f.final) ctx.log.warn({ eventId: f.ev.id, error: f.error }, "webhook event failed");
  }
  const lastFinal = failures.findLast((f) => f.final);
  if (processed.length) health.pending = true;
  if (lastFinal) health.error = `Webhook processing failed: ${lastFinal.error}`;
  await writeHealth(ctx, channelId, health, !!lastFinal);
  return unwritten;
}

/** The channel page's health of one drain run, written at most every HEALTH_EVERY_MS (errors at once). */
type Health = { at: number; pending: boolean; error?: string };

async function writeHealth(ctx: AppContext, channelId: string, h: Health, now: boolean) {
  if (!h.pending && !h.error) return;
  if (!now && Date.now() - h.at < HEALTH_EVERY_MS) return;
  try {
    await recordChannelHealth(ctx, channelId, { event: h.pending, error: h.error });
    h.pending = false;
    h.error = undefined;
    h.at = Date.now();
  } catch (err) {
    ctx.log.warn({ err, channelId }, "channel health not recorded");
  }
}

function writeFailure(ctx: AppContext, id: string, attempts: number, error: string, retryAt: Date | null) {
  return ctx.database.executeSql(
    retryAt
      ? "update webhook_events set attempts = $2, error = $3, next_attempt_at = $4 where id = $1"
      : "update webhook_events set status = 'failed', attempts = $2, error = $3, next_attempt_at = null, processed_at = now() where id = $1",
    retryAt ? [id, attempts, error, retryAt.toISOString()] : [id, attempts, error],
  );
}

async function earliestRetry(ctx: AppContext, channelId: string): Promise<Date | null> {
  const [r] = (
    await ctx.database.executeSql(
      `select min(next_attempt_at) as at from webhook_events
        where channel_id = $1 and status = 'pending' and next_attempt_at is not null`,
      [channelId],
    )
  ).rows as { at: Date | string | null }[];
  return r?.at ? new Date(r.at) : null;
}
