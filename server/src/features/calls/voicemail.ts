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
import { hangupTwiml, voicemailPlayTwiml, voicemailTwiml } from "./twiml";
import { signedVoicemailUrl, voicemailAudio } from "./voicemail-audio";

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

/** ElevenLabs' error as one line: the SDK's error carries the status and the parsed body. */
function ttsFailure(err: unknown): string {
  const e = err as { statusCode?: number; body?: { detail?: unknown }; message?: string };
  const detail = e.body?.detail;
  const said =
    typeof detail === "string"
      ? detail
      : detail && typeof detail === "object" && "message" in detail
        ? String((detail as { message: unknown }).message)
        : (e.message ?? String(err)).split("\n")[0];
  return `ElevenLabs failed${e.statusCode ? ` (HTTP ${e.statusCode})` : ""}: ${said}`.slice(0, 300);
}

/**
 * The message's TwiML: with ElevenLabs configured, <Play> of the flow's voice (synthesised once,
 * cached, served at a signed expiring URL); when that synthesis fails, Twilio's <Say> in the flow's
 * language, and `fallback` says why (the call records it: the voice changed, never silently).
 */
async function messageTwiml(ctx: AppContext, flow: Flow, message: string) {
  if (!ctx.config.mediaStreams.elevenLabsApiKey)
    return { twiml: voicemailTwiml(message, flow.language), fallback: null, played: false };
  try {
    const hash = await voicemailAudio(ctx, flow, message);
    return { twiml: voicemailPlayTwiml(signedVoicemailUrl(ctx, hash, Date.now())), fallback: null, played: true };
  } catch (err) {
    const why = ttsFailure(err);
    ctx.log.warn({ err, flowId: flow.id }, "voicemail TTS failed; the message is spoken with <Say>");
    return {
      twiml: voicemailTwiml(message, flow.language),
      fallback: `${why}; spoken with Twilio's voice`,
      played: false,
    };
  }
}

/**
 * AMD found a machine and its greeting ended: the live call's TwiML is replaced (Calls API update)
 * by the flow's voicemail message then <Hangup/>, or by <Hangup/> when the flow has none (or a fax
 * answered). The message is <Play>ed in the flow's ElevenLabs voice when ElevenLabs is configured,
 * else (or when the synthesis fails, recorded as the reason) spoken with <Say> in the flow's
 * language. Ends `left`, `hung_up` or `failed` with a reason.
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
      const spoken = message && flow ? await messageTwiml(ctx, flow, message) : null;
      const twiml = spoken?.twiml ?? hangupTwiml();
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
      if (spoken)
        return settle(
          ctx,
          callId,
          "left",
          spoken.fallback,
          spoken.played
            ? "voicemail: message left after the beep (the flow's ElevenLabs voice)"
            : `voicemail: message left after the beep (<Say>${spoken.fallback ? `; ${spoken.fallback}` : ""})`,
        );
      const why = fax ? "a fax answered" : flow ? "the flow has no voicemail message" : "the call has no flow";
      return settle(ctx, callId, "hung_up", why, `voicemail: hung up (${why})`);
    },
  });
}
