import { once } from "node:events";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Response } from "express";
import Papa from "papaparse";
import type { Db } from "../../../platform/db/client";
import { notFound } from "../../../platform/errors";
import { contactImportErrors, contactImports } from "../schema";

/**
 * The refused rows as CSV (row, column, value, reason), streamed in pages of 1,000. Cells are
 * formula-escaped (a value "=HYPERLINK(…)" from someone's file must not run in the admin's sheet).
 */
export async function streamErrorReport(db: Db, importId: string, res: Response) {
  const [imp] = await db
    .select({ fileName: contactImports.fileName })
    .from(contactImports)
    .where(eq(contactImports.id, importId));
  if (!imp) throw notFound("Import");
  const base = imp.fileName.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "_") || "import";
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${base}-errors.csv"`);
  res.setHeader("Cache-Control", "no-store");
  const opts = { escapeFormulae: true, newline: "\r\n" } as const;
  await write(res, `\uFEFF${Papa.unparse([["Row", "Column", "Value", "Reason"]], opts)}\r\n`);
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(contactImportErrors)
      .where(and(eq(contactImportErrors.importId, importId), gt(contactImportErrors.row, after)))
      .orderBy(asc(contactImportErrors.row))
      .limit(1000);
    if (!page.length || res.destroyed) break;
    await write(
      res,
      `${Papa.unparse(
        page.map((e) => [e.row, e.column ?? "", e.value ?? "", e.reason]),
        opts,
      )}\r\n`,
    );
    after = page[page.length - 1]!.row;
  }
  res.end();
  return res;
}

async function write(res: Response, chunk: string) {
  if (res.destroyed) return;
  if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
}
