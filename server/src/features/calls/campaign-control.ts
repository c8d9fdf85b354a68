import type { CallCampaign, CreateCallCampaignBody } from "@switchboard/contracts";
import { desc, eq, sql } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/identity";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { campaignAudienceSql } from "../inbox";
import { queueCampaignDispatch } from "./campaign-dispatch";
import { announceCampaign, toCallCampaign } from "./campaign-progress";
import { type CallCampaignRow, callCampaigns } from "./schema";

async function row(ctx: AppContext, id: string): Promise<CallCampaignRow> {
  const [c] = await ctx.db.select().from(callCampaigns).where(eq(callCampaigns.id, id));
  if (!c) throw new AppError("not_found", "No such call campaign");
  return c;
}

export async function getCallCampaign(ctx: AppContext, id: string): Promise<CallCampaign> {
  return toCallCampaign(ctx.db, await row(ctx, id));
}

export async function listCallCampaigns(ctx: AppContext): Promise<{ items: CallCampaign[] }> {
  const rows = await ctx.db
    .select()
    .from(callCampaigns)
    .orderBy(desc(callCampaigns.createdAt), desc(callCampaigns.id))
    .limit(200);
  return { items: await Promise.all(rows.map((c) => toCallCampaign(ctx.db, c))) };
}

/** POST /api/call-campaigns: stored as a draft; nobody is called before start. */
export async function createCallCampaign(ctx: AppContext, user: SessionUser, b: CreateCallCampaignBody) {
  const [c] = await ctx.db
    .insert(callCampaigns)
    .values({
      name: b.name,
      flowId: b.flowId ?? null,
      audience: b.audience.segmentId
        ? { segmentId: b.audience.segmentId }
        : { contactIds: b.audience.contactIds ?? [] },
      callingHours: b.callingHours,
      concurrency: b.concurrency,
      sandbox: b.sandbox,
      retries: b.retries,
      createdBy: user.id,
    })
    .returning();
  return toCallCampaign(ctx.db, c!);
}

/**
 * Draft -> running: the audience becomes one target per contact (the inbox's campaign audience,
 * INSERT ... SELECT); opted-out contacts (the do-not-call flag: the inbox's consent) and contacts
 * without an E.164 number are stored skipped with the reason. A zone PostgreSQL does not know is
 * dropped (UTC), so a later `at time zone` cannot fail.
 */
export async function startCallCampaign(ctx: AppContext, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(callCampaigns).where(eq(callCampaigns.id, id)).for("update");
    if (!c) throw new AppError("not_found", "No such call campaign");
    if (c.status !== "draft") throw new AppError("conflict", `The campaign is ${c.status}; only a draft can start`);
    const audience = await campaignAudienceSql(tx, {
      labelIds: [],
      contactIds: c.audience.contactIds ?? [],
      segmentIds: c.audience.segmentId ? [c.audience.segmentId] : [],
    });
    await tx.execute(sql`
      insert into call_campaign_targets (campaign_id, contact_id, to_number, time_zone, state, outcome, reason)
      select ${id}::uuid, a.contact_id, case when a.phone is not null then '+' || a.phone end,
        case when a.time_zone in (select name from pg_timezone_names) then a.time_zone end,
        case when a.skip is null then 'pending' else 'skipped' end,
        a.skip,
        case a.skip when 'opted_out' then 'The contact opted out (do not call)'
          when 'no_phone' then 'The contact has no phone number in E.164' end
      from (${audience}) a
      on conflict (campaign_id, contact_id) do nothing`);
    await tx
      .update(callCampaigns)
      .set({ status: "running", startedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(callCampaigns.id, id));
  });
  await queueCampaignDispatch(ctx, id);
  await announceCampaign(ctx, id);
  return getCallCampaign(ctx, id);
}

const MOVES = {
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  cancel: { from: ["draft", "running", "paused"], to: "canceled" },
} as const;

/**
 * Pause: no new call is placed (live calls finish). Resume: the dispatcher runs again. Cancel:
 * pending targets are canceled; calls already live finish and settle, without retries.
 */
export async function moveCallCampaign(ctx: AppContext, id: string, action: keyof typeof MOVES) {
  const m = MOVES[action];
  await ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(callCampaigns).where(eq(callCampaigns.id, id)).for("update");
    if (!c) throw new AppError("not_found", "No such call campaign");
    if (!(m.from as readonly string[]).includes(c.status))
      throw new AppError("conflict", `The campaign is ${c.status}; it cannot ${action}`);
    await tx.update(callCampaigns).set({ status: m.to, updatedAt: sql`now()` }).where(eq(callCampaigns.id, id));
    if (action === "cancel")
      await tx.execute(sql`
        update call_campaign_targets set state = 'canceled', outcome = 'canceled',
          reason = 'The campaign was canceled before this contact was called', updated_at = now()
        where campaign_id = ${id} and state = 'pending'`);
  });
  if (action !== "pause") await queueCampaignDispatch(ctx, id);
  await announceCampaign(ctx, id);
  return getCallCampaign(ctx, id);
}
