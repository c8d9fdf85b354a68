import type { createPolicyBody, SlaPolicy, updatePolicyBody } from "@switchboard/contracts";
import { and, eq, isNull, max } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../platform/db/client";
import { AppError, notFound } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { defaultScheduleId, getPolicy, scheduleRow } from "./queries";
import { slaPolicies, slaPolicyVersions } from "./schema";

async function checkSchedule(db: Db, scheduleId: string | null): Promise<string> {
  if (scheduleId === null) return defaultScheduleId(db);
  try {
    await scheduleRow(db, scheduleId);
  } catch {
    throw new AppError("unknown_reference", "No such business-hours schedule", {
      fieldErrors: { scheduleId: ["No such schedule"] },
      formErrors: [],
    });
  }
  return scheduleId;
}

/** A new policy goes last in the first-match order, where it changes nothing already matching. */
export async function createPolicy(
  db: Db,
  actor: AuditActor,
  input: z.infer<typeof createPolicyBody>,
): Promise<SlaPolicy> {
  const scheduleId = await checkSchedule(db, input.scheduleId);
  const id = await db.transaction(async (tx) => {
    const [last] = await tx
      .select({ p: max(slaPolicies.position) })
      .from(slaPolicies)
      .where(isNull(slaPolicies.archivedAt));
    const [policy] = await tx
      .insert(slaPolicies)
      .values({ position: (last?.p ?? -1) + 1 })
      .returning({ id: slaPolicies.id });
    if (!policy) throw new AppError("internal", "Policy not created");
    const [version] = await tx
      .insert(slaPolicyVersions)
      .values({
        policyId: policy.id,
        version: 1,
        name: input.name,
        conditions: input.conditions,
        targets: input.targets,
        scheduleId,
        warningPercent: input.warningPercent,
        createdById: actor.id ?? null,
      })
      .returning({ id: slaPolicyVersions.id });
    await tx.update(slaPolicies).set({ currentVersionId: version?.id }).where(eq(slaPolicies.id, policy.id));
    await recordAudit(tx, actor, {
      action: "sla_policy.created",
      summary: `Created SLA policy "${input.name}"`,
      target: { type: "sla_policy", id: policy.id },
    });
    return policy.id;
  });
  return getPolicy(db, id);
}

/**
 * Every edit writes a new version (the old one stays, and SLAs applied with it keep it); the policy
 * then points at the new one. The policy row is locked so two edits at once make versions n+1 and n+2.
 */
export async function updatePolicy(
  db: Db,
  actor: AuditActor,
  id: string,
  patch: z.infer<typeof updatePolicyBody>,
): Promise<SlaPolicy> {
  const scheduleId = patch.scheduleId === undefined ? undefined : await checkSchedule(db, patch.scheduleId);
  await db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ id: slaPolicies.id })
      .from(slaPolicies)
      .where(and(eq(slaPolicies.id, id), isNull(slaPolicies.archivedAt)))
      .for("update");
    if (!locked) throw notFound("SLA policy");
    const current = await getPolicy(tx, id);
    const [version] = await tx
      .insert(slaPolicyVersions)
      .values({
        policyId: id,
        version: current.version + 1,
        name: patch.name ?? current.name,
        conditions: patch.conditions ?? current.conditions,
        targets: patch.targets ?? current.targets,
        scheduleId: scheduleId ?? current.scheduleId,
        warningPercent: patch.warningPercent ?? current.warningPercent,
        createdById: actor.id ?? null,
      })
      .returning({ id: slaPolicyVersions.id });
    await tx
      .update(slaPolicies)
      .set({ currentVersionId: version?.id, updatedAt: new Date() })
      .where(eq(slaPolicies.id, id));
    await recordAudit(tx, actor, {
      action: "sla_policy.updated",
      summary: `Edited SLA policy "${patch.name ?? current.name}" (version ${current.version + 1})`,
      target: { type: "sla_policy", id },
      details: { fields: Object.keys(patch), version: current.version + 1 },
    });
  });
  return getPolicy(db, id);
}

/** Archived, not deleted: clocks running on its versions still read them. */
export async function archivePolicy(db: Db, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getPolicy(tx, id);
    await tx.update(slaPolicies).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(slaPolicies.id, id));
    await recordAudit(tx, actor, {
      action: "sla_policy.deleted",
      summary: `Deleted SLA policy "${current.name}"`,
      target: { type: "sla_policy", id },
    });
  });
}
