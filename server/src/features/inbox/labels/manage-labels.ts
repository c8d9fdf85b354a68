import type { Label } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { AppError, notFound } from "../../../platform/errors";
import { type AuditActor, recordAudit } from "../../audit";
import { listLabels } from "./queries";
import { labels } from "./schema";

const taken = (name: string) =>
  new AppError("conflict", `A label called "${name}" already exists`, {
    fieldErrors: { name: ["A label with this name already exists"] },
    formErrors: [],
  });

async function one(ctx: AppContext, id: string): Promise<Label> {
  const label = (await listLabels(ctx.db)).find((l) => l.id === id);
  if (!label) throw notFound("Label");
  return label;
}

/** Admins make labels; agents only apply them. Unique names whatever their case (unique index). */
export async function createLabel(
  ctx: AppContext,
  actor: AuditActor,
  body: { name: string; color: string; description: string },
): Promise<Label> {
  const id = await ctx.db.transaction(async (tx) => {
    // ON CONFLICT against the lower(name) index: two admins creating "VIP" at once get one label and one 409.
    const [row] = await tx
      .insert(labels)
      .values({ name: body.name, color: body.color.toLowerCase(), description: body.description })
      .onConflictDoNothing()
      .returning({ id: labels.id });
    if (!row) throw taken(body.name);
    await recordAudit(tx, actor, {
      action: "label.created",
      summary: `Created label ${body.name}`,
      target: { type: "label", id: row.id },
      details: { name: body.name, color: body.color },
    });
    return row.id;
  });
  return one(ctx, id);
}

export async function updateLabel(
  ctx: AppContext,
  actor: AuditActor,
  id: string,
  body: { name?: string; color?: string; description?: string },
): Promise<Label> {
  const before = await one(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(labels)
      .set({ ...body, ...(body.color ? { color: body.color.toLowerCase() } : {}), updatedAt: new Date() })
      .where(eq(labels.id, id))
      .returning({ id: labels.id })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) throw taken(body.name ?? "");
        throw e;
      });
    if (!rows.length) throw notFound("Label");
    await recordAudit(tx, actor, {
      action: "label.updated",
      summary: `Updated label ${body.name && body.name !== before.name ? `${before.name} → ${body.name}` : before.name}`,
      target: { type: "label", id },
      details: body,
    });
  });
  return one(ctx, id);
}

/** Deleting a label takes it off every conversation and contact (foreign keys cascade). */
export async function deleteLabel(ctx: AppContext, actor: AuditActor, id: string): Promise<void> {
  const before = await one(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(labels).where(eq(labels.id, id));
    await recordAudit(tx, actor, {
      action: "label.deleted",
      summary: `Deleted label ${before.name}`,
      target: { type: "label", id },
      details: { name: before.name, conversations: before.conversationCount, contacts: before.contactCount },
    });
  });
}

function isUniqueViolation(e: unknown): boolean {
  for (let cur = e as { code?: unknown; cause?: unknown } | undefined; cur; cur = cur.cause as typeof cur) {
    if (cur.code === "23505") return true;
  }
  return false;
}
