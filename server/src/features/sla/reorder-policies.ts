import type { SlaPolicy } from "@switchboard/contracts";
import { eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { listPolicies } from "./queries";
import { slaPolicies } from "./schema";

/**
 * Sets the first-match order. The list must name every live policy exactly once: a partial list would
 * leave the others' places ambiguous, and a stale console (a policy added meanwhile) gets a 409.
 */
export async function reorderPolicies(db: Db, actor: AuditActor, ids: string[]): Promise<SlaPolicy[]> {
  await db.transaction(async (tx) => {
    // Lock the live set so a concurrent create cannot slip between the check and the update.
    const live = await tx
      .select({ id: slaPolicies.id })
      .from(slaPolicies)
      .where(isNull(slaPolicies.archivedAt))
      .for("update");
    const want = new Set(ids);
    if (want.size !== ids.length) throw new AppError("validation_failed", "A policy is listed twice");
    if (live.length !== ids.length || live.some((p) => !want.has(p.id)))
      throw new AppError("conflict", "The order must list every SLA policy exactly once; reload and try again");
    for (const [position, id] of ids.entries())
      await tx.update(slaPolicies).set({ position }).where(eq(slaPolicies.id, id));
    await recordAudit(tx, actor, {
      action: "sla_policy.reordered",
      summary: "Reordered SLA policies",
      details: { ids },
    });
  });
  return listPolicies(db);
}
