import type { ContactField, ContactImportMapping } from "@switchboard/contracts";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { contactImportErrors, contactImports } from "../schema";
import { applyBatch } from "./apply-batch";
import { csvRecords } from "./csv-stream";
import { listContactFields } from "./fields";
import {
  type ContactDraft,
  mergeDrafts,
  type ResolvedMapping,
  readRow,
  resolveMapping,
  type RowError,
} from "./row-values";
import { type ImportRow, toImport } from "./to-import";

/** Rows per transaction: big enough for few round trips, small enough that a restart redoes little. */
export const IMPORT_BATCH_ROWS = 1000;

export type RunOutcome = "done" | "cancelled" | "failed" | "interrupted" | "skipped";

/** Another run of the same import got there first (a retried job next to a slow one): this one stops. */
class Overtaken extends Error {}

/**
 * Runs a queued (or interrupted) import to its end. Each batch of rows is one transaction that also
 * advances `processed_rows`, so after a crash the next run skips exactly the committed rows and
 * redoes the rest: no row is applied twice, none is lost. Cancellation is read in that same
 * transaction (applied at the next batch); `signal` (the job's claim lost, shutdown) stops between
 * batches with "interrupted", and the job's retry resumes.
 */
export async function runContactImport(
  ctx: AppContext,
  importId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<RunOutcome> {
  const [start] = await ctx.db
    .update(contactImports)
    .set({ status: "running", startedAt: sql`coalesce(${contactImports.startedAt}, now())`, updatedAt: new Date() })
    .where(and(eq(contactImports.id, importId), inArray(contactImports.status, ["queued", "running"])))
    .returning();
  if (!start) return "skipped";
  announce(ctx, start);
  const fields = await listContactFields(ctx.db);
  const resolved = resolveMapping(start.columns, start.mapping as ContactImportMapping, fields);
  if (!resolved.ok) return finish(ctx, importId, "failed", "The column mapping no longer matches the custom fields");
  let bytes: Buffer;
  try {
    bytes = await ctx.storage.get(start.fileKey ?? "");
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found")
      return finish(ctx, importId, "failed", "The uploaded file is no longer stored");
    throw err;
  }
  const run = { ctx, importId, row: start, mapping: resolved.resolved, fields };
  let offset = start.processedRows;
  let index = -1; // data rows seen; the header is record 0
  let batch: string[][] = [];
  try {
    for await (const record of csvRecords(bytes)) {
      index++;
      if (index === 0 || index <= offset) continue;
      batch.push(record);
      if (batch.length < IMPORT_BATCH_ROWS) continue;
      if (opts.signal?.aborted) return "interrupted";
      const r = await commitBatch(run, offset, batch);
      if (r !== "ok") return r;
      offset += batch.length;
      batch = [];
    }
    if (opts.signal?.aborted) return "interrupted";
    if (batch.length) {
      const r = await commitBatch(run, offset, batch);
      if (r !== "ok") return r;
    }
  } catch (err) {
    if (err instanceof Overtaken) return "skipped";
    throw err;
  }
  return finish(ctx, importId, "done", null);
}

interface Run {
  ctx: AppContext;
  importId: string;
  row: ImportRow;
  mapping: ResolvedMapping;
  fields: ContactField[];
}

async function commitBatch(run: Run, offset: number, records: string[][]): Promise<"ok" | "cancelled"> {
  const { ctx, importId, row } = run;
  const drafts = new Map<string, ContactDraft>();
  const rowsOf = new Map<string, number>();
  const errors: (RowError & { row: number })[] = [];
  records.forEach((cells, i) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const rowNumber = offset + i + 2;
    const r = readRow(cells, run.mapping, row.columns, row.defaultCountry);
    if (r.ok === "blank") return;
    if (!r.ok) {
      errors.push({ ...r.error, row: rowNumber });
      return;
    }
    const had = drafts.get(r.draft.phone);
    drafts.set(r.draft.phone, had ? mergeDrafts(had, r.draft) : r.draft);
    rowsOf.set(r.draft.phone, (rowsOf.get(r.draft.phone) ?? 0) + 1);
  });
  const outcome = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(contactImports).where(eq(contactImports.id, importId)).for("update");
    if (!current || current.processedRows !== offset || current.status !== "running") throw new Overtaken();
    if (current.cancelRequested) return null;
    // Imports write one batch at a time across all processes: two files carrying the same new
    // number must not both create it (contacts.phone is not unique: channels may know twins).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('contact-import'))`);
    const written = await applyBatch(tx, [...drafts.values()], {
      importId: row.id,
      importTags: row.tags,
      reason: `Import of ${row.fileName}`,
    });
    let created = 0;
    let updated = 0;
    for (const [phone, n] of rowsOf) {
      // The first row of a new number created it; every other row for a number updated a contact.
      const isNew = written.createdPhones.has(phone);
      created += isNew ? 1 : 0;
      updated += isNew ? n - 1 : n;
    }
    if (errors.length)
      await tx
        .insert(contactImportErrors)
        .values(
          errors.map((e) => ({
            importId,
            row: e.row,
            column: e.column,
            value: e.value?.slice(0, 500),
            reason: e.reason,
          })),
        )
        .onConflictDoNothing();
    const [next] = await tx
      .update(contactImports)
      .set({
        processedRows: offset + records.length,
        createdRows: sql`${contactImports.createdRows} + ${created}`,
        updatedRows: sql`${contactImports.updatedRows} + ${updated}`,
        failedRows: sql`${contactImports.failedRows} + ${errors.length}`,
        updatedAt: new Date(),
      })
      .where(eq(contactImports.id, importId))
      .returning();
    return next!;
  });
  if (!outcome) {
    await finish(ctx, importId, "cancelled", null);
    return "cancelled";
  }
  announce(ctx, outcome);
  return "ok";
}

export async function finish(
  ctx: AppContext,
  importId: string,
  status: "done" | "cancelled" | "failed",
  error: string | null,
): Promise<RunOutcome> {
  const [had] = await ctx.db
    .select({ fileKey: contactImports.fileKey })
    .from(contactImports)
    .where(eq(contactImports.id, importId));
  const [row] = await ctx.db
    .update(contactImports)
    .set({ status, error, finishedAt: new Date(), fileKey: null, updatedAt: new Date() })
    .where(and(eq(contactImports.id, importId), inArray(contactImports.status, ["uploaded", "queued", "running"])))
    .returning();
  if (!row) return "skipped";
  // The file was only kept for this import (and its resumption); the error report stays.
  if (had?.fileKey)
    await ctx.storage.remove(had.fileKey).catch((err) => ctx.log.warn({ err }, "import file not removed"));
  announce(ctx, row);
  return status;
}

export function announce(ctx: AppContext, row: ImportRow) {
  ctx.bus.emit("contact_import.updated", { import: toImport(row) });
}
