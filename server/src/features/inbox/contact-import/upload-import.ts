import { MAX_IMPORT_ROWS } from "@switchboard/contracts";
import type { Request } from "express";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { contactImports } from "../schema";
import { csvRecords, uniqueColumns } from "./csv-stream";
import { toImport } from "./to-import";

const PREVIEW_ROWS = 5;
/** Browsers label .csv files in many ways (Excel's installs claim them as vnd.ms-excel). */
const CSV_TYPES = new Set([
  "text/csv",
  "text/plain",
  "application/csv",
  "application/vnd.ms-excel",
  "application/octet-stream",
  "text/x-csv",
]);

function refuse(reason: string): never {
  throw new AppError("validation_failed", reason, { fieldErrors: { file: [reason] }, formErrors: [] });
}

/**
 * Stores an uploaded CSV (in the FileStore, so the worker that runs the import reads it from any
 * process) and reads it once, streamed: the header, a preview of the first rows and the row count
 * (the progress bar's 100 %, and the 100,000-row limit refused now rather than halfway).
 */
export async function uploadImport(ctx: AppContext, req: Request, userId: string) {
  const file = req.file;
  if (!file) refuse('Attach a CSV file in the form field "file"');
  const fileName = (Buffer.from(file.originalname, "latin1").toString("utf8") || "contacts.csv")
    .replace(/[\\/\r\n"]/g, "_")
    .slice(0, 200);
  const type = file.mimetype.toLowerCase();
  if (!CSV_TYPES.has(type) && !fileName.toLowerCase().endsWith(".csv"))
    throw new AppError("unsupported_media_type", `Import a .csv file (got ${type})`);
  if (file.size === 0) refuse("The file is empty");
  if (file.buffer.subarray(0, 8192).includes(0))
    throw new AppError("unsupported_media_type", "This is not a text CSV file (export the sheet as CSV UTF-8)");
  let header: string[] | null = null;
  const preview: string[][] = [];
  let rows = 0;
  for await (const record of csvRecords(file.buffer)) {
    if (!header) {
      header = record;
      continue;
    }
    rows++;
    if (rows > MAX_IMPORT_ROWS) refuse(`The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows: split it`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL cannot be stored in jsonb
    if (preview.length < PREVIEW_ROWS) preview.push(record.map((c) => c.replace(/\u0000/g, "").slice(0, 200)));
  }
  if (!header || header.every((h) => !h.trim())) refuse("The file has no header row");
  if (rows === 0) refuse("The file has a header but no rows");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL cannot be stored in jsonb
  const columns = uniqueColumns(header.map((h) => h.replace(/\u0000/g, "").slice(0, 200)));
  const fileKey = await ctx.storage.put(file.buffer, "text/csv");
  const [row] = await ctx.db
    .insert(contactImports)
    .values({ fileName, fileKey, size: file.size, columns, preview, totalRows: rows, createdById: userId })
    .returning();
  return toImport(row!);
}
