import { and, eq, inArray, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { campaignAudienceSql } from "../inbox";
import { campaignEngagement } from "./engagement";
import { queueDispatch, queueWinner } from "./job-handle";
import { type CampaignRow, campaignRow, getCampaign } from "./queries";
import { campaignRecipients, campaigns } from "./schema";
import { hasTestPhase, variantCase, variantsOf } from "./variants";

type Status = CampaignRow["status"];

const conflict = (c: CampaignRow, verb: string) =>
  new AppError("conflict", `A ${c.status} campaign cannot be ${verb}`, { status: c.status });

/**
 * Start: the audience is materialised in the same transaction that leaves draft, with one
 * INSERT ... SELECT (the database builds 100,000 rows without a round trip per contact). Opted-out
 * contacts and contacts without a WhatsApp number get a row too, `skipped` with the reason, so the
 * report accounts for everyone chosen.
 *
 * An A/B split assigns variants in the same statement: the sendable recipients ranked by
 * md5(campaign id || contact id) (deterministic, and unrelated to creation order or phone prefixes)
 * are cut into the variants' percent buckets (variants.ts); with a test phase only its share gets a
 * variant and the rest is held (variant null) until the winner is chosen.
 */
export async function startCampaign(ctx: AppContext, id: string) {
  const started = await ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for("update");
    if (!c) throw new AppError("not_found", "Campaign not found");
    if (c.status !== "draft") throw conflict(c, "started");
    const audience = await campaignAudienceSql(tx, c.audience, campaignEngagement);
    const variant = variantsOf(c).length
      ? sql`case when a.skip is null then ${variantCase(c, sql`a.n`, sql`a.total`)} end`
      : sql`'a'`;
    await tx.execute(sql`
      insert into campaign_recipients (campaign_id, contact_id, phone, time_zone, status, error_class, error_reason, variant)
      select ${id}::uuid, a.contact_id, a.phone,
        -- A zone PostgreSQL does not know would make every later "at time zone" fail: unknown instead.
        case when a.time_zone in (select name from pg_timezone_names) then a.time_zone end,
        case when a.skip is null then 'pending' else 'skipped' end,
        a.skip,
        case a.skip when 'opted_out' then 'The contact opted out of marketing'
          when 'no_phone' then 'The contact has no WhatsApp number (E.164)' end,
        ${variant}
      from (
        select a.*,
          row_number() over (partition by a.skip is null order by md5(${id}::text || a.contact_id::text) collate "C", a.contact_id) as n,
          count(*) filter (where a.skip is null) over () as total
        from (${audience}) a
      ) a
      on conflict (campaign_id, contact_id, step) do nothing`);
    const later = c.scheduledAt && c.scheduledAt > new Date();
    // An automatic winner is chosen testHours after sending begins (the scheduled time, if later).
    const testEndsAt =
      hasTestPhase(c) && c.winnerRule?.mode === "auto"
        ? new Date((later ? c.scheduledAt!.getTime() : Date.now()) + c.winnerRule.testHours! * 3600_000)
        : null;
    const [row] = await tx
      .update(campaigns)
      .set({
        status: later ? "scheduled" : "running",
        startedAt: later ? null : new Date(),
        testEndsAt,
        updatedAt: new Date(),
      })
      .where(eq(campaigns.id, id))
      .returning();
    return row!;
  });
  await queueDispatch(ctx, id, started.status === "scheduled" ? started.scheduledAt! : "now");
  if (started.testEndsAt) await queueWinner(ctx, id, started.testEndsAt);
  return getCampaign(ctx.db, id);
}

/** Moves a campaign from one of `from` to `to`, atomically (two admins clicking at once: one wins). */
async function transition(ctx: AppContext, id: string, from: Status[], to: Status, verb: string) {
  const [row] = await ctx.db
    .update(campaigns)
    .set({ status: to, updatedAt: new Date(), ...(to === "cancelled" ? { completedAt: new Date() } : {}) })
    .where(and(eq(campaigns.id, id), inArray(campaigns.status, from)))
    .returning();
  if (!row) throw conflict(await campaignRow(ctx.db, id), verb);
  return row;
}

/** The dispatcher reads the status before each batch (about a second of sends): paused within a second. */
export async function pauseCampaign(ctx: AppContext, id: string) {
  await transition(ctx, id, ["running", "scheduled"], "paused", "paused");
  return getCampaign(ctx.db, id);
}

export async function resumeCampaign(ctx: AppContext, id: string) {
  const row = await transition(ctx, id, ["paused"], "running", "resumed");
  if (!row.startedAt) await ctx.db.update(campaigns).set({ startedAt: new Date() }).where(eq(campaigns.id, id));
  await queueDispatch(ctx, id, "now");
  return getCampaign(ctx.db, id);
}

/**
 * Cancel: recipients not yet sent end `skipped` (cancelled), so none stays pending forever. A send
 * already at Meta (`sending`) finishes and records its outcome.
 */
export async function cancelCampaign(ctx: AppContext, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(campaigns)
      .set({ status: "cancelled", updatedAt: new Date(), completedAt: new Date() })
      .where(and(eq(campaigns.id, id), inArray(campaigns.status, ["draft", "scheduled", "running", "paused"])))
      .returning();
    if (!row) throw conflict(await campaignRow(tx, id), "cancelled");
    await tx
      .update(campaignRecipients)
      // Pending follow-ups too: a cancelled campaign sends nothing more.
      .set({ status: "skipped", errorClass: "cancelled", errorReason: "The campaign was cancelled before this send" })
      .where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.status, "pending")));
  });
  return getCampaign(ctx.db, id);
}
