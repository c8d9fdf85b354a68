import type { AppContext } from "../../platform/context";
import type { NormalizedEvent } from "./adapter";

export type ProviderStatus = Extract<NormalizedEvent, { kind: "status" }>;
/** True: the status was about a send of the registering feature (no inbox message stands for it). */
export type StatusClaimer = (ctx: AppContext, channelId: string, e: ProviderStatus) => Promise<boolean>;

// Per application context, like the bus's listeners: wiring set at startup, not state shared between requests.
const claimers = new WeakMap<AppContext, StatusClaimer[]>();

/**
 * Lets a feature that sends on its own (campaigns) claim the status webhooks of its messages before
 * the inbox looks for a message with that id. Channels cannot import such a feature (it imports
 * channels), so it registers here at startup.
 */
export function registerStatusClaimer(ctx: AppContext, claimer: StatusClaimer): void {
  claimers.set(ctx, [...(claimers.get(ctx) ?? []), claimer]);
}

export async function claimedElsewhere(ctx: AppContext, channelId: string, e: NormalizedEvent): Promise<boolean> {
  if (e.kind !== "status") return false;
  for (const claim of claimers.get(ctx) ?? []) if (await claim(ctx, channelId, e)) return true;
  return false;
}
