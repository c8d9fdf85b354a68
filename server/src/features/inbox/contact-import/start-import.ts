import type { StartContactImportInput } from "@switchboard/contracts";
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { AppError, notFound } from "../../../platform/errors";
import type { JobHandle } from "../../../platform/jobs";
import { contactImports } from "../schema";
import { listContactFields } from "./fields";
import { resolveMapping } from "./row-values";
import type { ImportSchema } from "./jobs";
import { announce, finish } from "./run-import";
import { toImport } from "./to-import";

/**
 * Checks the mapping against the file's columns and the custom fields (a 400 naming each wrong
 * one), then queues the import. Only an uploaded import starts: a second click is a 409.
 */
export async function startImport(
  ctx: AppContext,
  job: JobHandle<ImportSchema>,
  importId: string,
  body: StartContactImportInput,
) {
  const [row] = await ctx.db.select().from(contactImports).where(eq(contactImports.id, importId));
  if (!row) throw notFound("Import");
  if (row.status !== "uploaded") throw new AppError("conflict", `This import is already ${row.status}`);
  const resolved = resolveMapping(row.columns, body.mapping, await listContactFields(ctx.db));
  if (!resolved.ok)
    throw new AppError("validation_failed", "The column mapping does not fit the file", {
      fieldErrors: resolved.fieldErrors,
      formErrors: [],
    });
  const defaultCountry = body.defaultCountry === undefined ? ctx.config.defaultCountry : body.defaultCountry;
  const [queued] = await ctx.db
    .update(contactImports)
    .set({
      status: "queued",
      mapping: body.mapping,
      defaultCountry: defaultCountry ?? null,
      tags: body.tags,
      updatedAt: new Date(),
    })
    .where(and(eq(contactImports.id, importId), eq(contactImports.status, "uploaded")))
    .returning();
  if (!queued) throw new AppError("conflict", "This import has already started");
  await ctx.jobs.send(job, { importId }, { singletonKey: importId });
  announce(ctx, queued);
  return toImport(queued);
}

/** Asks a running import to stop at its next batch (what is committed stays); one not started ends now. */
export async function cancelImport(ctx: AppContext, importId: string) {
  const [row] = await ctx.db.select().from(contactImports).where(eq(contactImports.id, importId));
  if (!row) throw notFound("Import");
  if (row.status === "uploaded") await finish(ctx, importId, "cancelled", null);
  else if (row.status === "queued" || row.status === "running") {
    const [marked] = await ctx.db
      .update(contactImports)
      .set({ cancelRequested: true, updatedAt: new Date() })
      .where(eq(contactImports.id, importId))
      .returning();
    announce(ctx, marked!);
  } else throw new AppError("conflict", `This import is already ${row.status}`);
  const [after] = await ctx.db.select().from(contactImports).where(eq(contactImports.id, importId));
  return toImport(after!);
}
