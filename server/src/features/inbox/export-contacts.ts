import { once } from "node:events";
import type { ContactFilter, ContactRow } from "@switchboard/contracts";
import type { Response } from "express";
import Papa from "papaparse";
import type { AppContext } from "../../platform/context";
import { type AuditActor, recordAudit } from "../audit";
import { listContactRows } from "./contact-queries";

const columns = ["Name", "Email", "Phone", "Channels", "Labels", "Last seen", "Conversations", "Created"];

/** One CSV record per table row, in the table's columns (ISO 8601 dates, the channel types by name). */
export function contactCsvRecord(r: ContactRow): (string | number)[] {
  return [
    r.name ?? "",
    r.email ?? "",
    r.phone ?? "",
    r.channelTypes.join(", "),
    (r.labels ?? []).map((l) => l.name).join(", "),
    r.lastSeenAt ?? "",
    r.conversationsCount,
    r.createdAt,
  ];
}

/**
 * Streams the contacts table as CSV with the current filter and sort: keyset pages of 1000 rows, each
 * written as it comes (a 100k-contact export never sits in memory), waiting for the socket to drain.
 * Cells starting with = + - @ (or a tab/CR) get a leading ' (papaparse `escapeFormulae`) so a
 * spreadsheet never runs them as formulas; E.164 phones therefore read '+14155550100, which is also
 * what keeps Excel from turning them into numbers. The export is audited before the first byte.
 */
export async function exportContactsCsv(ctx: AppContext, actor: AuditActor, filter: ContactFilter, res: Response) {
  await recordAudit(ctx.db, actor, {
    action: "export.contacts",
    summary: "Exported contacts as CSV",
    target: { type: "contact", id: null },
    details: { filter },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="contacts-${stamp}.csv"`);
  res.setHeader("Cache-Control", "no-store");
  const opts = { escapeFormulae: true, newline: "\r\n" } as const;
  // The BOM makes Excel read the file as UTF-8 (names in any script); CSV readers skip it.
  await write(res, `\uFEFF${Papa.unparse([columns], opts)}\r\n`);
  let cursor: string | undefined;
  do {
    const page = await listContactRows(ctx.db, { ...filter, cursor, limit: 1000 }, ctx.config.defaultCountry);
    if (page.items.length) await write(res, `${Papa.unparse(page.items.map(contactCsvRecord), opts)}\r\n`);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && !res.destroyed);
  res.end();
  return res;
}

async function write(res: Response, chunk: string) {
  if (res.destroyed) return;
  if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
}
