import type { CannedResponse, createCannedBody, updateCannedBody } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { SessionUser } from "../../platform/auth/identity";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { editableRow, getCannedResponse } from "./queries";
import { cannedResponses } from "./schema";

type Viewer = Pick<SessionUser, "id" | "role" | "name">;

function duplicate(shortcut: string, scope: string) {
  const message = `/${shortcut} is already used by ${scope === "shared" ? "a shared" : "one of your"} canned responses`;
  return new AppError("conflict", message, { fieldErrors: { shortcut: [message] }, formErrors: [] });
}

/** PostgreSQL's unique_violation, through drizzle's wrapper on either driver. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

/**
 * Creates a reply. Anyone may save personal replies; shared ones are an admin action and audited.
 * A taken shortcut is a 409 naming the field (ON CONFLICT: nothing half-written).
 */
export async function createCannedResponse(
  db: Db,
  viewer: Viewer,
  actor: AuditActor,
  input: z.infer<typeof createCannedBody>,
): Promise<CannedResponse> {
  const shared = input.scope === "shared";
  if (shared && viewer.role !== "admin")
    throw new AppError("forbidden", "Only admins can create shared canned responses");
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(cannedResponses)
      .values({
        scope: input.scope,
        ownerId: shared ? null : viewer.id,
        createdBy: viewer.id,
        shortcut: input.shortcut,
        title: input.title,
        body: input.body,
      })
      .onConflictDoNothing()
      .returning({ id: cannedResponses.id });
    if (!row) throw duplicate(input.shortcut, input.scope);
    if (shared)
      await recordAudit(tx, actor, {
        action: "canned_response.created",
        summary: `Created shared canned response /${input.shortcut}`,
        target: { type: "canned_response", id: row.id },
        details: { shortcut: input.shortcut, title: input.title },
      });
    return row.id;
  });
  return getCannedResponse(db, viewer, id);
}

/** Edits shortcut, title or body: the owner for a personal reply, an admin for a shared one. */
export async function updateCannedResponse(
  db: Db,
  viewer: Viewer,
  actor: AuditActor,
  id: string,
  patch: z.infer<typeof updateCannedBody>,
): Promise<CannedResponse> {
  try {
    await db.transaction(async (tx) => {
      const row = await editableRow(tx, viewer, id);
      await tx
        .update(cannedResponses)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(cannedResponses.id, id));
      if (row.scope === "shared")
        await recordAudit(tx, actor, {
          action: "canned_response.updated",
          summary: `Edited shared canned response /${patch.shortcut ?? row.shortcut}`,
          target: { type: "canned_response", id },
          details: { changed: Object.keys(patch) },
        });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const [row] = await db.select().from(cannedResponses).where(eq(cannedResponses.id, id));
      throw duplicate(patch.shortcut ?? "", row?.scope ?? "personal");
    }
    throw err;
  }
  return getCannedResponse(db, viewer, id);
}

export async function deleteCannedResponse(db: Db, viewer: Viewer, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await editableRow(tx, viewer, id);
    await tx.delete(cannedResponses).where(eq(cannedResponses.id, id));
    if (row.scope === "shared")
      await recordAudit(tx, actor, {
        action: "canned_response.deleted",
        summary: `Deleted shared canned response /${row.shortcut}`,
        target: { type: "canned_response", id },
        details: { shortcut: row.shortcut, title: row.title },
      });
  });
}
