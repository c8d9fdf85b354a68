import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { loadTwilioCredentials } from "./credentials";
import { placeCallJobDef, queueCall } from "./place-call";
import { announceCampaign } from "./campaign-progress";
import { answerSandboxCall } from "./sandbox-call";
import { type CallCampaignRow, callCampaignTargets, callCampaigns } from "./schema";

export const dispatchCallCampaignJobDef = {
  name: "calls.campaign_dispatch",
  schema: z.object({ campaignId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

/** While calls are live, a run is also queued this long ahead: a lost call.updated never stalls a campaign. */
const SAFETY_WAKE_MS = 60_000;
/** Recipients whose contact has no (known) IANA zone: calling hours are read in UTC. */
const FALLBACK_ZONE = "UTC";

/** `now`: run at once (a fresh key each time; the campaign row lock serialises runs); a Date: then. */
export async function queueCampaignDispatch(ctx: AppContext, campaignId: string, at: "now" | Date = "now") {
  const key =
    at === "now" ? `${campaignId}:${crypto.randomUUID()}` : `${campaignId}:at:${Math.floor(at.getTime() / 1000)}`;
  await ctx.jobs.send(
    dispatchCallCampaignJobDef,
    { campaignId },
    { singletonKey: key, ...(at === "now" ? {} : { startAfter: at }) },
  );
}

/**
 * Targets whose call has ended: settled with the flow's outcome (else the call's category), or pending again after the
 * spacing when it was no-answer or busy with attempts left (not once the campaign is canceled).
 * Read from `calls` in the same statement: the calls feature's own final status decides.
 */
async function settleEnded(tx: Db, c: CallCampaignRow) {
  const r = c.retries;
  await tx.execute(sql`
    with ended as (
      select t.id, k.category, k.outcome, coalesce(k.ended_at, now()) as ended_at,
        ${c.status} <> 'canceled' and (
          (k.category = 'no_answer' and t.attempts < ${r.noAnswer.maxAttempts}) or
          (k.category = 'busy' and t.attempts < ${r.busy.maxAttempts})) as retry
      from call_campaign_targets t join calls k on k.id = t.call_id
      where t.campaign_id = ${c.id} and t.state = 'calling'
        and k.status in ('completed', 'busy', 'no_answer', 'failed', 'canceled')
      for update of t
    )
    update call_campaign_targets t set
      state = case when e.retry then 'pending' else 'settled' end,
      outcome = case when e.retry then null else coalesce(e.outcome, e.category) end,
      next_attempt_at = case when not e.retry then t.next_attempt_at
        when e.category = 'busy' then e.ended_at + make_interval(mins => ${r.busy.spacingMinutes})
        else e.ended_at + make_interval(mins => ${r.noAnswer.spacingMinutes}) end,
      updated_at = now()
    from ended e where t.id = e.id`);
}

/**
 * Due targets outside their local calling hours get `next_attempt_at` = the next opening in their
 * zone (one statement, `at time zone`), as campaigns/send-window.ts does for WhatsApp sends.
 */
async function deferOutsideHours(tx: Db, c: CallCampaignRow, now: Date) {
  const w = c.callingHours;
  const at = sql`${now.toISOString()}::timestamptz`;
  const days = sql`string_to_array(${w.days.join(",")}, ',')::int[]`;
  const start = sql`${w.start}::time`;
  const end = sql`${w.end}::time`;
  await tx.execute(sql`
    with due as (
      select t.id, coalesce(t.time_zone, ${FALLBACK_ZONE}) as z, ${at} at time zone coalesce(t.time_zone, ${FALLBACK_ZONE}) as lt
      from call_campaign_targets t
      where t.campaign_id = ${c.id} and t.state = 'pending' and t.next_attempt_at <= ${at}
    ), outside as (
      select due.id,
        (select min(((due.lt::date + d) + ${start}) at time zone due.z)
           from generate_series(0, 7) d
           where extract(isodow from due.lt::date + d)::int = any(${days})
             and (d > 0 or due.lt::time < ${start})) as opens
      from due
      where not (extract(isodow from due.lt)::int = any(${days}) and due.lt::time >= ${start} and due.lt::time < ${end})
    )
    update call_campaign_targets t set next_attempt_at = o.opens, updated_at = now()
    from outside o where t.id = o.id`);
}

interface RunResult {
  placed: string[];
  sandbox: boolean;
  status: CallCampaignRow["status"];
  next: Date | null;
  live: number;
}

/**
 * One dispatcher run, under the campaign row's lock (a second process waits): settle ended calls,
 * defer targets outside calling hours, then claim due targets up to `concurrency` minus the calls
 * live now (counted in PostgreSQL: targets `calling`), each claim storing its `calls` row in the
 * same transaction. Completes the campaign when no target is pending or calling.
 */
export async function dispatchCallCampaign(
  ctx: AppContext,
  campaignId: string,
  now = new Date(),
): Promise<RunResult | null> {
  const creds = await loadTwilioCredentials(ctx);
  const result = await ctx.db.transaction(async (tx): Promise<RunResult | null> => {
    const [c] = await tx.select().from(callCampaigns).where(eq(callCampaigns.id, campaignId)).for("update");
    if (!c || c.status === "draft") return null;
    await settleEnded(tx, c);
    const placed: string[] = [];
    if (c.status === "running") {
      await deferOutsideHours(tx, c, now);
      const [counted] = (
        (await tx.execute(
          sql`select count(*)::int as live from call_campaign_targets where campaign_id = ${c.id} and state = 'calling'`,
        )) as unknown as { rows: { live: number }[] }
      ).rows;
      // A sandbox campaign needs no Twilio: its calls are answered in the console.
      const room = creds || c.sandbox ? c.concurrency - Number(counted?.live ?? 0) : 0;
      if (room > 0) {
        const due = (
          (await tx.execute(sql`
          select id, contact_id, to_number from call_campaign_targets
          where campaign_id = ${c.id} and state = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
          order by next_attempt_at, id limit ${room}
          for update skip locked`)) as unknown as { rows: { id: string; contact_id: string; to_number: string }[] }
        ).rows;
        for (const t of due) {
          const callId = await queueCall(
            tx,
            {
              contactId: t.contact_id,
              flowId: c.flowId,
              fromNumber: c.sandbox ? null : creds!.phoneNumber,
              toNumber: t.to_number,
              createdBy: c.createdBy,
              sandbox: c.sandbox,
            },
            `queued by ${c.sandbox ? "sandbox " : ""}call campaign "${c.name}"`,
          );
          await tx
            .update(callCampaignTargets)
            .set({
              state: "calling",
              callId,
              attempts: sql`${callCampaignTargets.attempts} + 1`,
              updatedAt: sql`now()`,
            })
            .where(eq(callCampaignTargets.id, t.id));
          placed.push(callId);
        }
      }
    }
    const [left] = (
      (await tx.execute(sql`
      select count(*) filter (where state = 'calling')::int as calling,
        count(*) filter (where state = 'pending')::int as pending,
        min(next_attempt_at) filter (where state = 'pending') as next
      from call_campaign_targets where campaign_id = ${c.id}`)) as unknown as {
        rows: { calling: number; pending: number; next: string | Date | null }[];
      }
    ).rows;
    let status = c.status;
    if ((status === "running" || status === "canceled") && Number(left!.calling) === 0 && Number(left!.pending) === 0) {
      if (status === "running") status = "completed";
      await tx
        .update(callCampaigns)
        .set({ status, completedAt: sql`coalesce(${callCampaigns.completedAt}, now())`, updatedAt: sql`now()` })
        .where(and(eq(callCampaigns.id, c.id), eq(callCampaigns.status, c.status)));
    }
    return {
      placed,
      status,
      sandbox: c.sandbox,
      next: left!.next ? new Date(left!.next) : null,
      live: Number(left!.calling),
    };
  });
  if (!result) return null;
  // Also calls stored by an earlier run that died before queueing them: the place job claims `queued` only.
  const queued = (
    (await ctx.db.execute(sql`
    select k.id from call_campaign_targets t join calls k on k.id = t.call_id
    where t.campaign_id = ${campaignId} and t.state = 'calling' and k.status = 'queued'`)) as unknown as {
      rows: { id: string }[];
    }
  ).rows;
  for (const { id } of queued) {
    // A sandbox call is answered here (a conditional claim: a repeat does nothing); a real one is dialled by its job.
    if (result.sandbox) await answerSandboxCall(ctx, id);
    else await ctx.jobs.send(placeCallJobDef, { callId: id }, { singletonKey: id });
  }
  if (result.status === "running") {
    // Calls live: their ends queue runs; the safety wake covers a lost event. None: wake when the next target is due.
    const soon = result.live > 0 ? now.getTime() + SAFETY_WAKE_MS : Number.POSITIVE_INFINITY;
    const due = result.next ? Math.max(result.next.getTime(), now.getTime() + 5_000) : Number.POSITIVE_INFINITY;
    const at = Math.min(soon, due);
    if (Number.isFinite(at)) await queueCampaignDispatch(ctx, campaignId, new Date(at));
  }
  await announceCampaign(ctx, campaignId);
  return result;
}

export function dispatchCallCampaignJob(ctx: AppContext) {
  return defineJob({
    ...dispatchCallCampaignJobDef,
    retryLimit: 20,
    retryDelaySeconds: 2,
    retryDelayMaxSeconds: 30,
    handler: async ({ campaignId }) => void (await dispatchCallCampaign(ctx, campaignId)),
  });
}

/** A campaign's call reached its final status (the calls feature's call.updated): run its dispatcher now. */
export function registerCallCampaignListeners(ctx: AppContext) {
  ctx.bus.on("call.updated", async ({ call }) => {
    if (!["completed", "busy", "no_answer", "failed", "canceled"].includes(call.status)) return;
    const [t] = await ctx.db
      .select({ campaignId: callCampaignTargets.campaignId })
      .from(callCampaignTargets)
      .where(and(eq(callCampaignTargets.callId, call.id), eq(callCampaignTargets.state, "calling")))
      .limit(1);
    if (t) await queueCampaignDispatch(ctx, t.campaignId);
  });
}
