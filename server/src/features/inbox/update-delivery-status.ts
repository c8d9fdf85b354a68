import type { DeliveryStatus } from "@switchboard/contracts";
import { lt } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { applyStatusesBatch, PARKED_STATUS_TTL_MS, releaseParkedStatuses } from "./apply-statuses-batch";
import { parkedStatuses } from "./schema";

export { PARKED_STATUS_TTL_MS };

type StatusUpdate = {
  channelId: string;
  externalId: string;
  status: DeliveryStatus;
  error?: { code: string; message: string };
};

/**
 * A provider status for one of our messages: the batch of one (apply-statuses-batch.ts holds the
 * rules, so both paths agree). When we do not know the message id (yet), the status is parked and
 * "parked" is returned: the caller goes on with the customer's later events at once, and the status
 * is applied when the message gets that id (`applyParkedStatuses`).
 */
export async function updateDeliveryStatus(
  ctx: AppContext,
  p: StatusUpdate,
): Promise<"updated" | "unchanged" | "parked"> {
  const r = await applyStatusesBatch(ctx, p.channelId, [p]);
  return r.updated ? "updated" : r.parked ? "parked" : "unchanged";
}

/**
 * Applies the statuses parked for a provider message id, now that a message carries it. Call it
 * wherever an outbound message gets its provider id (deliver-message, recorded echoes). Cheap when
 * nothing is parked (one indexed DELETE). Returns how many messages changed.
 */
export async function applyParkedStatuses(ctx: AppContext, channelId: string, externalId: string): Promise<number> {
  return (await releaseParkedStatuses(ctx, channelId, [externalId])).updated;
}

/** Drops parked statuses whose message never appeared (called by the sweeper). */
export async function dropExpiredParkedStatuses(db: Db, now = Date.now()): Promise<number> {
  const gone = await db
    .delete(parkedStatuses)
    .where(lt(parkedStatuses.receivedAt, new Date(now - PARKED_STATUS_TTL_MS)))
    .returning({ id: parkedStatuses.id });
  return gone.length;
}
