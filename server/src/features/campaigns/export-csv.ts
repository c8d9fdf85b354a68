import { once } from "node:events";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
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
  // The follow-up's row (empty without one): its outcome and funnel timestamps.
  "followUpStatus",
  "followUpErrorClass",
  "followUpErrorReason",
  "followUpDueAt",
  "followUpSentAt",
  "followUpDeliveredAt",
  "followUpReadAt",
  "followUpRepliedAt",
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
      .where(
        and(
          eq(campaignRecipients.campaignId, campaignId),
          eq(campaignRecipients.step, "first"),
          cursor ? gt(campaignRecipients.id, cursor) : undefined,
        ),
      )
      .orderBy(asc(campaignRecipients.id))
      .limit(BATCH);
    if (!rows.length) break;
    const followUps = new Map<string, typeof campaignRecipients.$inferSelect>();
    if (campaign.followUp)
      for (const f of await db
        .select()
        .from(campaignRecipients)
        .where(
          and(
            eq(campaignRecipients.campaignId, campaignId),
            inArray(
              campaignRecipients.parentId,
              rows.map((r) => r.id),
            ),
          ),
        ))
        followUps.set(f.parentId!, f);
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
      ...followUpCells(followUps.get(r.id)),
    ]);
    await write(res, `${Papa.unparse(data, opts)}\r\n`);
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) break;
  }
  res.end();
  return res;
}

function followUpCells(f: typeof campaignRecipients.$inferSelect | undefined) {
  if (!f) return ["", "", "", "", "", "", "", ""];
  return [
    f.status,
    f.errorClass ?? "",
    f.errorReason ?? "",
    iso(f.nextAttemptAt),
    iso(f.sentAt),
    iso(f.deliveredAt),
    iso(f.readAt),
    iso(f.repliedAt),
  ];
}

async function write(res: Response, chunk: string) {
  if (res.destroyed) return;
  if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
}
