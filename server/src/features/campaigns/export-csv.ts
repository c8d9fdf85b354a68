import { once } from "node:events";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Response } from "express";
import Papa from "papaparse";
import type { Db } from "../../platform/db/client";
import { campaignRow } from "./queries";
import { campaignRecipients } from "./schema";

const COLUMNS = [
  "contactId",
  "phone",
  "variant",
  "status",
  "errorCode",
  "errorClass",
  "errorReason",
  "attempts",
  "sentAt",
  "deliveredAt",
  "readAt",
  "repliedAt",
] as const;
/** Rows read per query: a 100k-recipient export never holds more than one batch in memory. */
const BATCH = 2000;
const iso = (d: Date | null) => (d ? d.toISOString() : "");

/**
 * Streams the per-recipient CSV: keyset pages of 2000, each written as it comes and waiting for the
 * socket to drain (a 100k-recipient export never sits in memory). Papaparse quotes commas, quotes
 * and newlines in Meta's error reasons; `escapeFormulae` prefixes = + - @ with ' so a spreadsheet
 * never runs a cell as a formula (phones therefore read '+1415..., which also keeps Excel from
 * turning them into numbers).
 */
export async function exportRecipientsCsv(db: Db, campaignId: string, res: Response) {
  const campaign = await campaignRow(db, campaignId);
  const opts = { escapeFormulae: true, newline: "\r\n" } as const;
  const slug = campaign.name.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 60) || "campaign";
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${slug}-recipients.csv"`);
  res.setHeader("Cache-Control", "no-store");
  await write(res, `\uFEFF${Papa.unparse([[...COLUMNS]], opts)}\r\n`);
  let cursor: string | null = null;
  while (!res.destroyed) {
    const rows = await db
      .select()
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, campaignId), cursor ? gt(campaignRecipients.id, cursor) : undefined))
      .orderBy(asc(campaignRecipients.id))
      .limit(BATCH);
    if (!rows.length) break;
    const data = rows.map((r) => [
      r.contactId,
      r.phone ?? "",
      r.variant,
      r.status,
      r.errorCode ?? "",
      r.errorClass ?? "",
      r.errorReason ?? "",
      r.attempts,
      iso(r.sentAt),
      iso(r.deliveredAt),
      iso(r.readAt),
      iso(r.repliedAt),
    ]);
    await write(res, `${Papa.unparse(data, opts)}\r\n`);
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) break;
  }
  res.end();
  return res;
}

async function write(res: Response, chunk: string) {
  if (res.destroyed) return;
  if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
}
