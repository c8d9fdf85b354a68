import { and, eq, inArray, sql } from "drizzle-orm";
import twilio from "twilio";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { getFlow, whisperSummary } from "../flows";
import { loadTwilioCredentials } from "./credentials";
import { announceCall } from "./realtime";
import { callEvents, calls } from "./schema";
import { isTerminal } from "./state";
import { twilioClient } from "./twilio-client";
import { fallbackTwiml, transferTwiml } from "./twiml";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const transferJobDef = {
  name: "calls.transfer",
  schema: z.object({ callId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

async function note(db: Db, callId: string, key: string, summary: string) {
  await db
    .insert(callEvents)
    .values({ callId, eventKey: `${key}:${callId}`, kind: "note", summary })
    .onConflictDoNothing();
}

/** Ends a transfer that did not connect, with its reason (only from `pending` or `dialing`). */
export async function failTransfer(ctx: AppContext, callId: string, reason: string): Promise<boolean> {
  const done = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(calls)
      .set({ transferState: "failed", transferReason: reason.slice(0, 500), updatedAt: sql`now()` })
      .where(and(eq(calls.id, callId), inArray(calls.transferState, ["pending", "dialing"])))
      .returning({ id: calls.id });
    if (rows.length) await note(tx, callId, "transfer-failed", `transfer failed: ${reason}`);
    return rows.length > 0;
  });
  if (done) await announceCall(ctx, callId);
  return done;
}

/**
 * The flow ended with `transferred` (its transfer tool): the call is marked for a transfer to the
 * flow's number, and the transfer job queued (after commit). Called by record-outcome.ts.
 */
export async function requestTransfer(ctx: AppContext, callId: string, flowId: string): Promise<void> {
  const flow = UUID.test(flowId) ? await getFlow(ctx.db, flowId).catch(() => null) : null;
  const to = flow?.transferNumber ?? "";
  const [row] = await ctx.db
    .update(calls)
    .set({ transferState: "pending", transferTo: to, updatedAt: sql`now()` })
    .where(and(eq(calls.id, callId), sql`${calls.transferState} is null`))
    .returning({ id: calls.id });
  if (!row) return;
  await ctx.jobs.send(transferJobDef, { callId }, { singletonKey: callId });
}

/**
 * Transfers a live call: the whisper summary (flows' whisperSummary: the model, else the fields) is
 * stored first, then the call's TwiML is replaced through the Calls API by the hold line and <Dial>
 * (twiml.ts transferTwiml). The whisper URL and the Dial's action come back to our signed webhooks
 * (transfer-routes.ts). A call that cannot be transferred fails with the reason; a live caller then
 * hears the fallback line.
 */
export function transferJob(ctx: AppContext) {
  return defineJob({
    ...transferJobDef,
    retryLimit: 3,
    retryDelaySeconds: 2,
    handler: async ({ callId }, { lastAttempt }) => {
      const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId)).limit(1);
      if (!row || row.transferState !== "pending") return;
      if (row.sandbox) return void (await failTransfer(ctx, callId, "a sandbox call has no phone line to transfer"));
      if (!row.transferTo) return void (await failTransfer(ctx, callId, "the flow has no transfer number"));
      if (isTerminal(row.status) || !row.providerSid)
        return void (await failTransfer(ctx, callId, "the caller hung up before the transfer"));
      const creds = await loadTwilioCredentials(ctx);
      if (!creds) return void (await failTransfer(ctx, callId, "Twilio is not configured"));
      const flow = row.flowId ? await getFlow(ctx.db, row.flowId).catch(() => null) : null;
      const language = flow?.language ?? "en-IN";
      let summary = row.transferSummary;
      if (!summary) {
        summary = flow
          ? (await whisperSummary(ctx, callId, flow, row.collectedFields ?? {})).text
          : "Transferred call. Nothing was collected.";
        await ctx.db.update(calls).set({ transferSummary: summary }).where(eq(calls.id, callId));
      }
      const client = twilioClient(creds);
      try {
        await client.calls(row.providerSid).update({
          twiml: transferTwiml({
            publicUrl: ctx.publicUrl(),
            callId,
            to: row.transferTo,
            callerId: row.direction === "outbound" ? row.fromNumber : row.toNumber,
            language,
          }),
        });
      } catch (err) {
        const refused = err instanceof twilio.RestException && err.status >= 400 && err.status < 500;
        if (!refused && !lastAttempt) throw err;
        await failTransfer(
          ctx,
          callId,
          `Twilio ${refused ? "refused" : "did not take"} the transfer: ${(err as Error).message}`,
        );
        await client
          .calls(row.providerSid)
          .update({ twiml: fallbackTwiml(language) })
          .catch((e) => ctx.log.warn({ err: e, callId }, "the transfer's fallback line could not be played"));
        return;
      }
      const moved = await ctx.db.transaction(async (tx) => {
        const rows = await tx
          .update(calls)
          .set({ transferState: "dialing", updatedAt: sql`now()` })
          .where(and(eq(calls.id, callId), eq(calls.transferState, "pending")))
          .returning({ id: calls.id });
        if (rows.length) await note(tx, callId, "transfer-dialing", `transferring to ${row.transferTo}`);
        return rows.length > 0;
      });
      if (moved) await announceCall(ctx, callId);
    },
  });
}
