import { renderWithMapping } from "@switchboard/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { defineJob } from "../../platform/jobs";
import { channelRate, portfolioLimit, type SendableTemplate, sendableTemplate } from "../channels";
import { campaignContacts } from "../inbox";
import { dispatchJobHandle, queueDispatch } from "./job-handle";
import { FOLLOW_UP_KEY, settleDueFollowUps } from "./follow-up";
import { reconcileStuck, recordOutcome } from "./outcome";
import { groupSize, type Ready, sendGroup } from "./send-group";
import { withMarketingApi } from "./marketing-api";
import { portfolioRoom } from "./portfolio-cap";
import { campaignProgressed } from "./progress";
import { type CampaignRow, campaignRow } from "./queries";
import { deferOutsideWindow } from "./send-window";
import { campaigns } from "./schema";
import { variantsOf } from "./variants";

/** One run sends for at most this long, then queues the next run (a deploy or a pause never waits long). */
const RUN_MS = 20_000;
/** Parallel sends within a batch: the pacing slots (PostgreSQL) keep them at the rate together. */
const LANES = 8;
/** How long before a batch's last slot the next batch is claimed (above 20/s; see the loop). */
const PIPELINE_MS = 50;

export interface Claimed {
  id: string;
  contact_id: string;
  phone: string;
  attempt_id: string;
  attempts: number;
  cap_retries: number;
  /** The A/B variant whose template this recipient gets ("a" without a split). */
  variant: string;
}

/**
 * Claims due recipients and marks them `sending` with a fresh attempt id in the same statement,
 * BEFORE any HTTP call: a second dispatcher (another process) skips the locked rows, and after a
 * crash the row says a send may have started (outcome.ts reconciles it). A recipient whose number
 * got any campaign message in the last 6 s waits (Meta's pair rate, 131056). Recipients held for an
 * A/B winner (variant null) are not claimable until the winner takes them.
 */
async function claim(ctx: AppContext, c: CampaignRow, size: number): Promise<Claimed[]> {
  // Recipients outside their local window move to its next opening first (send-window.ts).
  if (c.sendWindow) await deferOutsideWindow(ctx.db, c.id, c.sendWindow);
  // Due follow-ups whose recipient reacted, opted out or whose first message failed end skipped;
  // the others are claimed below like first sends (same pacing, portfolio room and pair rate).
  if (c.followUp) await settleDueFollowUps(ctx.db, c.id);
  // The portfolio's messaging limit caps the batch: the count and the claim share one transaction
  // under the portfolio's lock, so campaigns of all its numbers never claim past it together.
  // Recipients beyond the room stay pending and go out once the rolling 24 h or the limit allows.
  const portfolio = await portfolioLimit(ctx, c.channelId);
  return ctx.db.transaction(async (tx) => {
    const room = await portfolioRoom(tx, portfolio);
    return room === null ? claimDue(tx, c.id, size) : room > 0 ? claimDue(tx, c.id, Math.min(size, room)) : [];
  });
}

async function claimDue(db: Db, campaignId: string, limit: number): Promise<Claimed[]> {
  // O(batch), not O(pending): the candidates come off campaign_recipients_due_idx in its own order
  // and PostgreSQL stops after `limit` (no anti-join over every due row); the pair-rate check (131056)
  // probes the phone index for those candidates only, and the update finds its rows by primary key.
  // A candidate whose number got a message in the last 6 s, or a second candidate of one number in
  // this batch, is deferred by 6 s instead of staying at the head of the queue.
  const result = (await db.execute(sql`
    with cand as (
      select r.id, r.phone from campaign_recipients r
      where r.campaign_id = ${campaignId} and r.status = 'pending' and r.next_attempt_at <= now()
        and r.variant is not null
      order by r.next_attempt_at, r.id
      limit ${limit}
      for update of r skip locked
    ), checked as materialized (
      select c.id,
        coalesce((select o.sending_at from campaign_recipients o
                  where o.phone = c.phone and o.sending_at is not null and o.id <> c.id
                  order by o.sending_at desc limit 1) > now() - interval '6 seconds', false) as recent,
        row_number() over (partition by coalesce(c.phone, c.id::text) order by c.id) as nth
      from cand c
    ), deferred as (
      update campaign_recipients r set next_attempt_at = now() + interval '6 seconds'
      where r.id = any(array(select id from checked where recent or nth > 1))
    )
    update campaign_recipients r
    set status = 'sending', attempt_id = gen_random_uuid(), sending_at = now(), requested_at = null,
        attempts = r.attempts + 1
    where r.id = any(array(select id from checked where not recent and nth = 1))
    returning r.id, r.contact_id, r.phone, r.attempt_id, r.attempts, r.cap_retries, r.variant`)) as unknown as {
    rows: Claimed[];
  };
  return result.rows.map((r) => ({ ...r, attempts: Number(r.attempts), cap_retries: Number(r.cap_retries) }));
}

const bool = (v: unknown) => v === true || String(v) === "t";

/**
 * When the next recipient falls due (null: none pending), whether any send is still open, and
 * whether recipients are held for an A/B winner (then the campaign is not done: the winner's
 * choice releases them and queues a run).
 */
async function nextWork(ctx: AppContext, campaignId: string) {
  const result = (await ctx.db.execute(sql`
    select (select min(next_attempt_at) from campaign_recipients
            where campaign_id = ${campaignId} and status = 'pending' and variant is not null) as next_at,
           exists (select 1 from campaign_recipients
                   where campaign_id = ${campaignId} and status = 'sending') as open,
           exists (select 1 from campaign_recipients
                   where campaign_id = ${campaignId} and status = 'pending' and variant is null) as held`)) as unknown as {
    rows: { next_at: string | Date | null; open: boolean; held: boolean }[];
  };
  const row = result.rows[0]!;
  return { nextAt: row.next_at ? new Date(row.next_at) : null, open: bool(row.open), held: bool(row.held) };
}

/** Each variant's template (withMarketingApi applied) and mapping, loaded once per run as needed. */
function templatesFor(ctx: AppContext, c: CampaignRow) {
  const cache = new Map<string, Promise<{ template: SendableTemplate; mapping: CampaignRow["mapping"] }>>();
  const variants = variantsOf(c);
  return (key: string) => {
    let hit = cache.get(key);
    if (!hit) {
      // Without a split (or a key no longer in it) the campaign's own template and mapping; a
      // follow-up row, the follow-up's.
      const v = key === FOLLOW_UP_KEY ? c.followUp : variants.find((x) => x.key === key);
      hit = sendableTemplate(ctx, v?.templateId ?? c.templateId).then((t) => ({
        template: withMarketingApi(t, c),
        mapping: v?.mapping ?? c.mapping,
      }));
      // A failed load is not cached: the next batch tries again.
      void hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };
}

/** Renders a claimed recipient's message; one with a variable nobody can fill ends skipped here. */
async function ready(
  ctx: AppContext,
  t: SendableTemplate,
  r: Claimed,
  contact: Parameters<typeof renderWithMapping>[1] | undefined,
  mapping: Parameters<typeof renderWithMapping>[2],
): Promise<Ready | null> {
  const rendered = renderWithMapping(
    t.content,
    contact ?? { name: null, phone: null, email: null, attributes: {} },
    mapping,
  );
  if (!rendered.missing.length) return { r, template: t, rendered };
  await recordOutcome(ctx, r, {
    kind: "skip",
    errorClass: "other",
    reason: `No value for ${rendered.missing.join(", ")} and no fallback`,
  });
  return null;
}

export async function dispatchCampaign(ctx: AppContext, campaignId: string, signal: AbortSignal) {
  const until = Date.now() + RUN_MS;
  await reconcileStuck(ctx, campaignId);
  let templates: ReturnType<typeof templatesFor> | null = null;
  const inflight = inFlight();
  try {
    while (!signal.aborted) {
      // The status is read before every batch: pause and cancel apply within about a second.
      let c = await campaignRow(ctx.db, campaignId);
      if (c.status === "scheduled" && c.scheduledAt && c.scheduledAt <= new Date()) {
        const [now] = await ctx.db
          .update(campaigns)
          .set({ status: "running", startedAt: new Date(), updatedAt: new Date() })
          .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "scheduled")))
          .returning();
        if (!now) return;
        c = now;
        campaignProgressed(ctx, [campaignId]);
      }
      if (c.status !== "running") return; // paused or cancelled: resume queues a new run
      if (Date.now() > until) return void (await queueDispatch(ctx, campaignId));
      const rate = Math.min(c.ratePerSecond, (await channelRate(ctx, c.channelId)) ?? 1000);
      // About one second of sends per batch, so the status check above runs about once a second.
      const batch = await claim(ctx, c, Math.max(1, Math.min(rate, 500)));
      if (!batch.length) {
        // Open sends of the last round first: "anything still sending?" must see their outcomes.
        await inflight.settle();
        const { nextAt, open, held } = await nextWork(ctx, campaignId);
        if (!nextAt && !open && held) return; // the A/B test phase: the winner's choice queues a run
        if (!nextAt && !open) {
          await ctx.db
            .update(campaigns)
            .set({ status: "completed", completedAt: new Date(), updatedAt: new Date() })
            .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "running")));
          campaignProgressed(ctx, [campaignId]);
          return;
        }
        // Something is waiting (a retry's time, the pair-rate window, an open send): come back then.
        const at = nextAt && nextAt > new Date() ? nextAt : new Date(Date.now() + 1000);
        return void (await queueDispatch(ctx, campaignId, at));
      }
      templates ??= templatesFor(ctx, c);
      const resolve = templates;
      const contacts = await campaignContacts(
        ctx.db,
        batch.map((r) => r.contact_id),
      );
      const queue = [...batch];
      const k = groupSize(rate);
      let lastSlotAt = 0;
      const lane = async (i: number) => {
        for (;;) {
          const group: Ready[] = [];
          for (let r = queue.shift(); r; r = group.length < k ? queue.shift() : undefined) {
            const { template, mapping } = await resolve(r.variant);
            const g = await ready(ctx, template, r, contacts.get(r.contact_id), mapping);
            if (g) group.push(g);
          }
          if (!group.length) return;
          // One group per lane at the provider: its outcomes are recorded before the lane takes
          // slots again, so after a crash at most LANES groups can be in doubt.
          await inflight.idle(i);
          const sent = await sendGroup(ctx, c.channelId, rate, group);
          inflight.track(i, sent.done);
          lastSlotAt = Math.max(lastSlotAt, sent.lastSlotAt);
        }
      };
      await Promise.all(Array.from({ length: Math.min(LANES, batch.length) }, (_, i) => lane(i)));
      // The next batch is claimed PIPELINE_MS before this one's last slot, while its last groups are
      // still at the provider: the number's slots see no gap between batches. Below 20/s the gap is
      // nothing next to an interval, and the round ends with its sends, so a pause stops after this
      // batch exactly; above, it may let PIPELINE_MS of the next batch's sends through.
      if (1000 / rate >= PIPELINE_MS) await inflight.settle();
      else await new Promise((r) => setTimeout(r, Math.max(0, lastSlotAt - PIPELINE_MS - Date.now())));
      // Every outcome recorded so far is committed: the consoles follow.
      await inflight.check();
      campaignProgressed(ctx, [campaignId]);
    }
  } finally {
    await inflight.settle();
  }
}

/**
 * Each lane's group still at the provider when a round ends (the next batch is claimed meanwhile).
 * A failure (the database, not a provider error: those are outcomes) fails the run at the next
 * check, so the job retries as before.
 */
function inFlight() {
  const tails: Promise<void>[] = Array.from({ length: LANES }, () => Promise.resolve());
  let failure: unknown = null;
  return {
    track(lane: number, p: Promise<void>) {
      tails[lane] = p.catch((err) => {
        failure ??= err;
      });
    },
    idle: (lane: number) => tails[lane],
    async check() {
      if (failure) throw failure;
    },
    async settle() {
      await Promise.all(tails);
      if (failure) throw failure;
    },
  };
}

export const campaignDispatchJob = (ctx: AppContext) =>
  defineJob({
    ...dispatchJobHandle,
    policy: "stately",
    retryLimit: 20,
    retryDelaySeconds: 2,
    expireInSeconds: 120,
    handler: async ({ campaignId }, { signal }) => dispatchCampaign(ctx, campaignId, signal),
  });
