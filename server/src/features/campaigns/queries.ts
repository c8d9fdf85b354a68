import {
  type Campaign,
  type CampaignRecipient,
  type ConversationCampaign,
  type campaignRecipientsQuery,
  recipientStatuses,
} from "@switchboard/contracts";
import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../platform/db/client";
import { AppError, notFound } from "../../platform/errors";
import { campaignRecipients, campaigns } from "./schema";
import { variantsOf, winnerState } from "./variants";

export type CampaignRow = typeof campaigns.$inferSelect;
type RecipientRow = typeof campaignRecipients.$inferSelect;
type Counts = Campaign["counts"];

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const emptyCounts = (): Counts =>
  Object.fromEntries([["total", 0], ...recipientStatuses.map((s) => [s, 0])]) as unknown as Counts;

export async function campaignRow(db: Db, id: string): Promise<CampaignRow> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  if (!row) throw notFound("Campaign");
  return row;
}

/** Recipients per status for each campaign: one grouped scan over the (campaign, status) index. */
export async function countsFor(db: Db, ids: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>(ids.map((id) => [id, emptyCounts()]));
  if (!ids.length) return out;
  const rows = await db
    .select({ id: campaignRecipients.campaignId, status: campaignRecipients.status, n: sql<number>`count(*)::int` })
    .from(campaignRecipients)
    .where(and(inArray(campaignRecipients.campaignId, ids), eq(campaignRecipients.step, "first")))
    .groupBy(campaignRecipients.campaignId, campaignRecipients.status);
  for (const r of rows) {
    const c = out.get(r.id)!;
    c[r.status] = Number(r.n);
    c.total += Number(r.n);
  }
  return out;
}

export function toCampaign(r: CampaignRow, counts: Counts = emptyCounts()): Campaign {
  return {
    id: r.id,
    name: r.name,
    channelId: r.channelId,
    templateId: r.templateId,
    templateName: r.templateName,
    templateLanguage: r.templateLanguage,
    mapping: r.mapping,
    ratePerSecond: r.ratePerSecond,
    status: r.status,
    audience: { segmentIds: [], importIds: [], ...r.audience },
    scheduledAt: iso(r.scheduledAt),
    window: r.sendWindow ?? null,
    marketingMessagesApi: r.marketingApi ?? null,
    variants: variantsOf(r),
    winner: winnerState(r),
    followUp: r.followUp ?? null,
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
    createdAt: r.createdAt.toISOString(),
    counts,
  };
}

export async function getCampaign(db: Db, id: string): Promise<Campaign> {
  const row = await campaignRow(db, id);
  return toCampaign(row, (await countsFor(db, [id])).get(id));
}

/** Newest first; a workspace has hundreds of campaigns, not millions: one page of 200. */
export async function listCampaigns(db: Db): Promise<Campaign[]> {
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.createdAt), desc(campaigns.id)).limit(200);
  const counts = await countsFor(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toCampaign(r, counts.get(r.id)));
}

function toRecipient(r: RecipientRow): CampaignRecipient {
  return {
    id: r.id,
    contactId: r.contactId,
    phone: r.phone,
    variant: r.variant,
    status: r.status,
    errorCode: r.errorCode,
    errorClass: r.errorClass as CampaignRecipient["errorClass"],
    errorReason: r.errorReason,
    attempts: r.attempts,
    nextAttemptAt: r.status === "pending" ? iso(r.nextAttemptAt) : null,
    providerMessageId: r.providerMessageId,
    conversationId: r.conversationId,
    sentAt: iso(r.sentAt),
    deliveredAt: iso(r.deliveredAt),
    readAt: iso(r.readAt),
    repliedAt: iso(r.repliedAt),
  };
}

/** Keyset-paged by recipient id (the cursor is the last id shown), optionally one status. */
export async function listRecipients(
  db: Db,
  campaignId: string,
  q: z.infer<typeof campaignRecipientsQuery>,
): Promise<{ items: CampaignRecipient[]; nextCursor: string | null }> {
  await campaignRow(db, campaignId);
  if (q.cursor && !/^[0-9a-f-]{36}$/i.test(q.cursor)) throw new AppError("bad_request", "Invalid cursor");
  const rows = await db
    .select()
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.campaignId, campaignId),
        eq(campaignRecipients.step, "first"),
        q.status ? eq(campaignRecipients.status, q.status) : undefined,
        q.cursor ? gt(campaignRecipients.id, q.cursor) : undefined,
      ),
    )
    .orderBy(asc(campaignRecipients.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map(toRecipient), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

/** Counts per status and per error class (failed and skipped, and the last error of retrying ones). */
export async function campaignStats(db: Db, campaignId: string) {
  await campaignRow(db, campaignId);
  const counts = (await countsFor(db, [campaignId])).get(campaignId)!;
  const rows = await db
    .select({ cls: campaignRecipients.errorClass, n: sql<number>`count(*)::int` })
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.campaignId, campaignId),
        eq(campaignRecipients.step, "first"),
        sql`${campaignRecipients.errorClass} is not null`,
      ),
    )
    .groupBy(campaignRecipients.errorClass);
  return { counts, byErrorClass: Object.fromEntries(rows.map((r) => [r.cls!, Number(r.n)])) };
}

/** The campaigns whose message this conversation's customer answered, newest reply first. */
export async function campaignsOfConversation(db: Db, conversationId: string): Promise<ConversationCampaign[]> {
  const rows = await db
    .select({
      campaignId: campaigns.id,
      name: campaigns.name,
      campaignStatus: campaigns.status,
      recipientStatus: campaignRecipients.status,
      variant: campaignRecipients.variant,
      sentAt: campaignRecipients.sentAt,
      repliedAt: campaignRecipients.repliedAt,
    })
    .from(campaignRecipients)
    .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
    .where(eq(campaignRecipients.conversationId, conversationId))
    .orderBy(desc(campaignRecipients.repliedAt), asc(campaignRecipients.id))
    .limit(20);
  return rows.map((r) => ({ ...r, sentAt: iso(r.sentAt), repliedAt: iso(r.repliedAt) }));
}
