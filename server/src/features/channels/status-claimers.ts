import type { AppContext } from "../../platform/context";
import type { NormalizedEvent } from "./adapter";

export type ProviderStatus = Extract<NormalizedEvent, { kind: "status" }>;
/** True: the status was about a send of the registering feature (no inbox message stands for it). */
export type StatusClaimer = (ctx: AppContext, channelId: string, e: ProviderStatus) => Promise<boolean>;

/**
 * Of a drain round's statuses, the provider ids and callback data that are the registering
 * feature's: the batched drain sends those statuses the one-by-one way (where `claim` sees them)
 * instead of applying them to inbox messages. One query per round, not one per status.
 */
export type StatusOwnerCheck = (ctx: AppContext, channelId: string, statuses: ProviderStatus[]) => Promise<Set<string>>;

/**
 * Applies many of a round's statuses of the registering feature at once (the outcome of `claim` on
 * each, in order); resolves to the keys of those it claimed. Without one, the drain sends that
 * feature's statuses the one-by-one way.
 */
export type StatusBatchClaimer = (
  ctx: AppContext,
  channelId: string,
  statuses: ProviderStatus[],
) => Promise<Set<string>>;

// Per application context, like the bus's listeners: wiring set at startup, not state shared between requests.
const claimers = new WeakMap<AppContext, StatusClaimer[]>();
const owners = new WeakMap<AppContext, StatusOwnerCheck[]>();
const batchClaimers = new WeakMap<AppContext, StatusBatchClaimer[]>();

/**
 * Lets a feature that sends on its own (campaigns) claim the status webhooks of its messages before
 * the inbox looks for a message with that id. Channels cannot import such a feature (it imports
 * channels), so it registers here at startup.
 */
export function registerStatusClaimer(
  ctx: AppContext,
  claimer: StatusClaimer,
  owns?: StatusOwnerCheck,
  batch?: StatusBatchClaimer,
): void {
  claimers.set(ctx, [...(claimers.get(ctx) ?? []), claimer]);
  if (owns) owners.set(ctx, [...(owners.get(ctx) ?? []), owns]);
  if (batch) batchClaimers.set(ctx, [...(batchClaimers.get(ctx) ?? []), batch]);
}

/** True when every feature that owns statuses can take a round's worth in one call. */
export function canClaimBatched(ctx: AppContext): boolean {
  return (batchClaimers.get(ctx)?.length ?? 0) === (owners.get(ctx)?.length ?? 0);
}

/** Hands a round's foreign statuses to each feature's batch claimer; the keys some feature claimed. */
export async function claimBatchElsewhere(
  ctx: AppContext,
  channelId: string,
  statuses: ProviderStatus[],
): Promise<Set<string>> {
  const all = new Set<string>();
  if (!statuses.length) return all;
  for (const claim of batchClaimers.get(ctx) ?? []) for (const id of await claim(ctx, channelId, statuses)) all.add(id);
  return all;
}

export async function ownedElsewhere(
  ctx: AppContext,
  channelId: string,
  statuses: ProviderStatus[],
): Promise<Set<string>> {
  const all = new Set<string>();
  for (const owns of owners.get(ctx) ?? []) for (const id of await owns(ctx, channelId, statuses)) all.add(id);
  return all;
}

export async function claimedElsewhere(ctx: AppContext, channelId: string, e: NormalizedEvent): Promise<boolean> {
  if (e.kind !== "status") return false;
  for (const claim of claimers.get(ctx) ?? []) if (await claim(ctx, channelId, e)) return true;
  return false;
}
