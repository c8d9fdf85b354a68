import type { createScheduleBody, SlaSchedule, updateScheduleBody } from "@switchboard/contracts";
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { scheduleDto, scheduleRow } from "./queries";
import { slaPolicies, slaPolicyVersions, slaSchedules } from "./schema";

export async function createSchedule(
  db: Db,
  actor: AuditActor,
  input: z.infer<typeof createScheduleBody>,
): Promise<SlaSchedule> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(slaSchedules).values(input).returning();
    if (!row) throw new AppError("internal", "Schedule not created");
    await recordAudit(tx, actor, {
      action: "sla_schedule.created",
      summary: `Created business hours "${row.name}"`,
      target: { type: "sla_schedule", id: row.id },
    });
    return scheduleDto(row);
  });
}

/**
 * Edits a schedule in place. Schedules are not versioned: a changed opening time or a new holiday is
 * meant to move the deadlines that are computed from now on (clocks started or resumed later).
 */
export async function updateSchedule(
  db: Db,
  actor: AuditActor,
  id: string,
  patch: z.infer<typeof updateScheduleBody>,
): Promise<SlaSchedule> {
  return db.transaction(async (tx) => {
    await scheduleRow(tx, id);
    const [row] = await tx
      .update(slaSchedules)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(slaSchedules.id, id))
      .returning();
    if (!row) throw new AppError("internal", "Schedule not updated");
    await recordAudit(tx, actor, {
      action: "sla_schedule.updated",
      summary: `Edited business hours "${row.name}"`,
      target: { type: "sla_schedule", id },
      details: { fields: Object.keys(patch) },
    });
    return scheduleDto(row);
  });
}

/**
 * Archives a schedule (old policy versions may still point at it, so the row stays). Refused for the
 * default and for one a live policy's current version uses: either would leave a policy without hours.
 */
export async function archiveSchedule(db: Db, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await scheduleRow(tx, id);
    if (row.isDefault) throw new AppError("conflict", "The default schedule cannot be deleted");
    const [used] = await tx
      .select({ name: slaPolicyVersions.name })
      .from(slaPolicies)
      .innerJoin(slaPolicyVersions, eq(slaPolicyVersions.id, slaPolicies.currentVersionId))
      .where(and(isNull(slaPolicies.archivedAt), eq(slaPolicyVersions.scheduleId, id)))
      .limit(1);
    if (used) throw new AppError("conflict", `The SLA policy "${used.name}" uses this schedule`);
    await tx.update(slaSchedules).set({ archivedAt: new Date() }).where(eq(slaSchedules.id, id));
    await recordAudit(tx, actor, {
      action: "sla_schedule.deleted",
      summary: `Deleted business hours "${row.name}"`,
      target: { type: "sla_schedule", id },
    });
  });
}
