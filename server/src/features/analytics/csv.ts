import type { Response } from "express";
import Papa from "papaparse";

/**
 * Sends rows as CSV: exactly the objects the JSON answer carries, one column per key in order
 * (nulls empty). `escapeFormulae` keeps a spreadsheet from running a name as a formula.
 */
export function sendCsv(res: Response, name: string, rows: object[]): Response {
  const columns = rows.length > 0 ? Object.keys(rows[0] as object) : [];
  const body = Papa.unparse(
    { fields: columns, data: rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c] ?? "")) },
    { escapeFormulae: true, newline: "\r\n" },
  );
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${name}.csv"`);
  res.setHeader("Cache-Control", "no-store");
  res.end(`\uFEFF${body}\r\n`);
  return res;
}
