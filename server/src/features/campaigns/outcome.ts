import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { TemplateSendResult } from "../channels";
import { optOutContact } from "../inbox";
import type { Claimed } from "./dispatch";
import { FOLLOW_UP_KEY, scheduleFollowUps } from "./follow-up";
import { actionFor, type ErrorClass, MARKETING_CAP_RETRIES } from "./error-classes";
import { campaignRecipients } from "./schema";

type Outcome =
  | { kind: "result"; result: TemplateSendResult }
  | { kind: "skip"; errorClass: ErrorClass; reason: string };

/** Writes one send's outcome, only if this attempt still owns the row (a reconciler may have settled it). */
export async function recordOutcome(ctx: AppContext, r: Claimed, o: Outcome): Promise<void> {
  const mine = and(
    eq(campaignRecipients.id, r.id),
    eq(campaignRecipients.attemptId, r.attempt_id),
    eq(campaignRecipients.status, "sending"),
  );
  const set = (values: Partial<typeof campaignRecipients.$inferInsert>) =>
    ctx.db.update(campaignRecipients).set(values).where(mine);
  if (o.kind === "skip")
    return void (await set({ status: "skipped", errorClass: o.errorClass, errorReason: o.reason }));
  const res = o.result;
  if (res.ok)
    // The follow-up row is created with the send it follows, in one transaction: never one without the other.
    return void (await ctx.db.transaction(async (tx) => {
      const done = await tx
        .update(campaignRecipients)
        .set({
          status: "sent",
          providerMessageId: res.messageId,
          sentAt: new Date(),
          errorCode: null,
          errorClass: null,
          errorReason: null,
        })
        .where(mine)
        .returning({ id: campaignRecipients.id });
      await scheduleFollowUps(
        tx,
        done.map((d) => d.id),
      );
    }));
  if (res.inDoubt)
    // The request may have reached Meta: a marketing message is sent at most once (see reconcileStuck).
    return void (await set({
      status: "failed",
      errorCode: res.code,
      errorClass: "in_doubt",
      errorReason: `${res.message} (it may have been delivered; not repeated)`,
    }));
  const action = actionFor(res.code, res.status, res.message);
  const error = { errorCode: res.code ?? (res.status ? `http_${res.status}` : null), errorClass: action.errorClass };
  if (action.kind === "fail") {
    await set({ status: "failed", ...error, errorReason: action.reason || res.message });
    if (action.optOut)
      await optOutContact(ctx.db, r.contact_id, { source: "provider", reason: `WhatsApp error ${res.code}` });
    return;
  }
  const capped = action.errorClass === "marketing_cap";
  if (capped ? r.cap_retries >= MARKETING_CAP_RETRIES : r.attempts >= action.maxAttempts)
    return void (await set({ status: "failed", ...error, errorReason: `${res.message} (gave up after retries)` }));
  const delay = Math.max(action.delayMs(r.attempts), res.retryAfterMs ?? 0);
  await set({
    status: "pending",
    ...error,
    errorReason: res.message,
    attemptId: null,
    nextAttemptAt: new Date(Date.now() + delay),
    ...(capped ? { capRetries: r.cap_retries + 1 } : {}),
  });
}

/**
 * Records a group of accepted sends in one statement (the dispatcher's common case, once per group
 * instead of once per send): each row becomes `sent` with Meta's id and its own `sent_at`, only if
 * its attempt still owns it, and the follow-up rows of those that became `sent` are inserted by the
 * same statement (a data-modifying CTE is atomic with its query: never one without the other, as in
 * recordOutcome's transaction).
 */
export async function recordSent(ctx: AppContext, sent: { r: Claimed; messageId: string; at: Date }[]): Promise<void> {
  if (!sent.length) return;
  const v = JSON.stringify(sent.map((s) => ({ id: s.r.id, att: s.r.attempt_id, mid: s.messageId, at: s.at })));
  await ctx.db.execute(sql`
    with v as (select * from jsonb_to_recordset(${v}::jsonb) as v(id uuid, att uuid, mid text, at timestamptz)),
    done as (
      update campaign_recipients r
      set status = 'sent', provider_message_id = v.mid, sent_at = v.at,
          error_code = null, error_class = null, error_reason = null
      from v where r.id = v.id and r.attempt_id = v.att and r.status = 'sending'
      returning r.id, r.campaign_id, r.contact_id, r.phone, r.time_zone, r.step, r.sent_at
    )
    insert into campaign_recipients
      (campaign_id, contact_id, phone, time_zone, variant, step, parent_id, status, next_attempt_at)
    select d.campaign_id, d.contact_id, d.phone, d.time_zone, ${FOLLOW_UP_KEY}, 'follow_up', d.id, 'pending',
           d.sent_at + make_interval(hours => (c.follow_up->>'afterHours')::int)
    from done d join campaigns c on c.id = d.campaign_id
    where d.step = 'first' and c.follow_up is not null
    on conflict (campaign_id, contact_id, step) do nothing`);
}

/**
 * Recipients a dead process left in `sending`. Those that never took their pacing slot were never
 * requested and are due again. With Meta's message id recorded the send is done
 * (`sent`). Without it we cannot know whether Meta accepted the request before the crash, and a
 * marketing message is sent at most once (the `at_most_once` policy of channels/reconcile-send.ts
 * for campaign sends): such a recipient ends `failed` / `in_doubt` with the reason, visible in the
 * report and retargetable, never silently repeated and never stuck.
 */
export async function reconcileStuck(ctx: AppContext, campaignId: string): Promise<number> {
  // A send still `sending` this long after it started belongs to a process that died (a send gives
  // up after the provider timeout, 15 s): CAMPAIGN_STUCK_SEND_SECONDS, at least 20 s, so a slow live
  // send is never taken.
  const stuckMs = ctx.config.campaigns.stuckSendMs;
  const stale = and(
    eq(campaignRecipients.campaignId, campaignId),
    eq(campaignRecipients.status, "sending"),
    lt(campaignRecipients.sendingAt, new Date(Date.now() - stuckMs)),
  );
  // Claimed but never past the pacing slot (requested_at null): no request left this process, so
  // the recipient is simply due again, with the attempt given back.
  const unsent = await ctx.db
    .update(campaignRecipients)
    .set({
      status: "pending",
      attemptId: null,
      attempts: sql`greatest(0, ${campaignRecipients.attempts} - 1)`,
      nextAttemptAt: new Date(),
    })
    .where(and(stale, isNull(campaignRecipients.providerMessageId), isNull(campaignRecipients.requestedAt)))
    .returning({ id: campaignRecipients.id });
  const rows = await ctx.db
    .update(campaignRecipients)
    .set({
      status: sql`case when ${campaignRecipients.providerMessageId} is not null then 'sent' else 'failed' end`,
      errorClass: sql`case when ${campaignRecipients.providerMessageId} is not null then null else 'in_doubt' end`,
      errorReason: sql`case when ${campaignRecipients.providerMessageId} is not null then null
        else 'The server stopped during this send; it may have been delivered, so it was not repeated' end`,
    })
    .where(stale)
    .returning({ id: campaignRecipients.id, status: campaignRecipients.status });
  // A send that reached Meta (its id recorded) has its follow-up like any other.
  await scheduleFollowUps(
    ctx.db,
    rows.filter((r) => r.status === "sent").map((r) => r.id),
  );
  if (rows.length) ctx.log.warn({ campaignId, count: rows.length }, "campaign sends in doubt after a crash");
  if (unsent.length)
    ctx.log.info({ campaignId, count: unsent.length }, "claimed campaign sends never started: due again");
  return rows.length;
}
