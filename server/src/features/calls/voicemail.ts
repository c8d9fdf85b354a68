import type { Flow } from "@switchboard/contracts";
import { and, eq, sql } from "drizzle-orm";
import twilio from "twilio";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { getFlow } from "../flows";
import { loadTwilioCredentials } from "./credentials";
import { announceCall } from "./realtime";
import { recordFlowOutcome } from "./record-outcome";
import { callEvents, calls } from "./schema";
import { isTerminal } from "./state";
import { twilioClient } from "./twilio-client";
import { hangupTwiml, voicemailTwiml } from "./twiml";

export const voicemailJobDef = {
  name: "calls.voicemail",
  schema: z.object({ callId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

async function settle(
  ctx: AppContext,
  callId: string,
  state: "left" | "hung_up" | "failed",
  reason: string | null,
  note: string,
) {
  const [row] = await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(calls)
      .set({ voicemailState: state, voicemailReason: reason, updatedAt: sql`now()` })
      .where(and(eq(calls.id, callId), eq(calls.voicemailState, "pending")))
      .returning();
    if (done.length)
      await tx
        .insert(callEvents)
        .values({ callId, eventKey: `voicemail:${callId}`, kind: "note", summary: note })
        .onConflictDoNothing();
    return done;
  });
  if (!row) return;
  const left = state === "left";
  // The call's outcome, as if the flow had ended with it (written once: a flow that already ended keeps its own).
  await recordFlowOutcome(ctx, {
    callId,
    flowId: row.flowId ?? "",
    contactId: row.contactId,
    outcome: "voicemail",
    fields: row.collectedFields ?? {},
    summary: `Voicemail: message left: ${left ? "yes" : "no"}${reason ? ` (${reason})` : ""}.`,
    toolCalls: [],
  });
  await announceCall(ctx, callId);
}

async function flowOf(ctx: AppContext, flowId: string | null): Promise<Flow | null> {
  if (!flowId) return null;
  try {
    return await getFlow(ctx.db, flowId);
  } catch (err) {
    ctx.log.warn({ err, flowId }, "the call's flow could not be read for its voicemail message");
    return null;
  }
}

/**
 * AMD found a machine and its greeting ended: the live call's TwiML is replaced (Calls API update)
 * by the flow's voicemail message then <Hangup/>, or by <Hangup/> when the flow has none (or a fax
 * answered). The message is spoken with <Say> in the flow's language: an ElevenLabs voice would need
 * audio we host for <Play>, which this does not do. Ends `left`, `hung_up` or `failed` with a reason.
 */
export function voicemailJob(ctx: AppContext) {
  return defineJob({
    ...voicemailJobDef,
    retryLimit: 3,
    retryDelaySeconds: 2,
    handler: async ({ callId }, { lastAttempt }) => {
      const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId)).limit(1);
      if (!row || row.voicemailState !== "pending") return;
      if (isTerminal(row.status) || !row.providerSid)
        return settle(
          ctx,
          callId,
          "failed",
          "the call had ended before the greeting did",
          "voicemail: call ended first",
        );
      const creds = await loadTwilioCredentials(ctx);
      if (!creds) return settle(ctx, callId, "failed", "Twilio is not configured", "voicemail: Twilio not configured");
      const fax = row.answeredBy === "fax";
      const flow = fax ? null : await flowOf(ctx, row.flowId);
      const message = flow?.voicemailMessage.trim() ?? "";
      const twiml = message ? voicemailTwiml(message, flow!.language) : hangupTwiml();
      try {
        await twilioClient(creds).calls(row.providerSid).update({ twiml });
      } catch (err) {
        const refused = err instanceof twilio.RestException && err.status >= 400 && err.status < 500;
        if (refused || lastAttempt) {
          const why = `Twilio ${refused ? "refused" : "did not take"} the update: ${(err as Error).message}`;
          return settle(ctx, callId, "failed", why, "voicemail: update failed");
        }
        throw err;
      }
      if (message) return settle(ctx, callId, "left", null, "voicemail: message left after the beep");
      const why = fax ? "a fax answered" : flow ? "the flow has no voicemail message" : "the call has no flow";
      return settle(ctx, callId, "hung_up", why, `voicemail: hung up (${why})`);
    },
  });
}
