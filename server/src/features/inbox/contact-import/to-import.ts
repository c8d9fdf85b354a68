import type { ContactImport, ContactImportMapping } from "@switchboard/contracts";
import type { contactImports } from "../schema";

export type ImportRow = typeof contactImports.$inferSelect;

export function toImport(r: ImportRow): ContactImport {
  return {
    id: r.id,
    status: r.status,
    fileName: r.fileName,
    size: r.size,
    columns: r.columns,
    preview: r.preview,
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    createdRows: r.createdRows,
    updatedRows: r.updatedRows,
    failedRows: r.failedRows,
    mapping: (r.mapping as ContactImportMapping | null) ?? null,
    defaultCountry: r.defaultCountry,
    cancelRequested: r.cancelRequested,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}
