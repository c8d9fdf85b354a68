import { renderWithMapping } from "@switchboard/contracts";
import { sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { reserveSlots } from "../../platform/pacing";
import { type SendableTemplate, sendTemplateMessage, type TemplateSendResult } from "../channels";
import type { Claimed } from "./dispatch";
import { recordOutcome, recordSent } from "./outcome";

/**
 * Idle credit of the number's pacing (platform/pacing.ts reserveSlots): the pause between two
 * batches (status read, claim, contacts) is made up instead of lost every second. 50 ms bounds any
 * second at the rate + 5 % (+1 message), never more; a number kept busy gets no credit at all.
 */
export const PACING_BURST_MS = 50;

/**
 * Sends per pacing round trip: about 10 ms of the rate (1 at up to 149/s, 10 at 1,000/s). The group
 * takes its slots and stamps each row's `requested_at` (its own slot's time) in one statement before
 * the first HTTP call, so after a crash at most one group per lane can be in doubt (LANES × this:
 * 8 at 80/s, 80 at 1,000/s, i.e. about 80 ms of sends); the rest of a claimed batch is due again.
 */
export const groupSize = (rate: number) => Math.max(1, Math.min(16, Math.round(rate / 100)));

export interface Ready {
  r: Claimed;
  template: SendableTemplate;
  rendered: ReturnType<typeof renderWithMapping>;
}

const at = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms - Date.now())));

/**
 * Takes the group's pacing slots (the number's throughput: every process and every campaign on the
 * channel share them) and returns `done`: the sends, each at its own slot, and their outcomes
 * (accepted ones in one statement, the others one by one: they may retry, opt out or fail).
 */
export async function sendGroup(
  ctx: AppContext,
  channelId: string,
  rate: number,
  group: Ready[],
): Promise<{ lastSlotAt: number; done: Promise<void> }> {
  const rows = JSON.stringify(group.map((g, i) => ({ id: g.r.id, att: g.r.attempt_id, ord: i })));
  const slots = await reserveSlots(ctx.db, channelId, rate, group.length, {
    burstMs: PACING_BURST_MS,
    also: (first, interval) => sql`
      update campaign_recipients r set requested_at = ${first} + ${interval} * v.ord
      from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, att uuid, ord int)
      where r.id = v.id and r.attempt_id = v.att and r.status = 'sending'`,
  });
  const start = Date.now() + slots.waitMs;
  const stepMs = slots.intervalUs / 1000;
  const done = (async () => {
    const results = await Promise.all(
      group.map(async (g, i) => {
        await at(start + i * stepMs);
        const result: TemplateSendResult = await sendTemplateMessage(ctx, channelId, {
          to: g.r.phone,
          callbackData: g.r.attempt_id,
          template: g.template,
          rendered: g.rendered,
        });
        return { g, result, at: new Date() };
      }),
    );
    await recordSent(
      ctx,
      results.flatMap((x) => (x.result.ok ? [{ r: x.g.r, messageId: x.result.messageId, at: x.at }] : [])),
    );
    for (const x of results) if (!x.result.ok) await recordOutcome(ctx, x.g.r, { kind: "result", result: x.result });
  })();
  return { lastSlotAt: start + (group.length - 1) * stepMs, done };
}
