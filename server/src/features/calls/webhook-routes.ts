import type { Flow } from "@switchboard/contracts";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { sendBytes } from "../../platform/http/send-bytes";
import { getFlow } from "../flows";
import { applyCallback, type CallbackKind } from "./apply-callback";
import { fetchRecordingJobDef } from "./fetch-recording";
import { announceCall } from "./realtime";
import { transferWebhooks } from "./transfer-routes";
import { answeredCallTwiml, hangupTwiml } from "./twiml";
import { twilioForm, verifiedTwilioForm } from "./twilio-webhook";
import { voicemailJobDef } from "./voicemail";
import { readVoicemailAudio, VOICEMAIL_CONTENT_TYPE, verifyVoicemailUrl } from "./voicemail-audio";

export { validTwilioSignature } from "./twilio-webhook";

const KINDS: CallbackKind[] = ["voice", "status", "amd", "recording"];

/**
 * Twilio's callbacks (form-encoded POSTs): verify -> store and apply in one transaction -> answer.
 * A wrong signature stores nothing (401). `voice` answers TwiML; the rest 204.
 */
export function callWebhookRouter(ctx: AppContext): Router {
  const router = express.Router();
  for (const kind of KINDS) {
    router.post(`/webhooks/twilio/${kind}`, ...twilioForm, (req: Request, res: Response, next: NextFunction) => {
      (async () => {
        const params = await verifiedTwilioForm(ctx, req);
        const callId = typeof req.query.callId === "string" ? req.query.callId : undefined;
        const applied = await applyCallback(ctx, kind, callId, params);
        if (applied.changed && applied.callId) await announceCall(ctx, applied.callId);
        if (applied.fetchRecording && applied.callId)
          await ctx.jobs.send(fetchRecordingJobDef, { callId: applied.callId }, { singletonKey: applied.callId });
        if (applied.leaveVoicemail && applied.callId)
          await ctx.jobs.send(voicemailJobDef, { callId: applied.callId }, { singletonKey: applied.callId });
        if (kind !== "voice") return void res.status(204).end();
        const row = applied.row;
        const flow = row?.flowId ? await callFlow(ctx, row.flowId) : null;
        const twiml =
          row && row.status !== "completed" && row.status !== "failed" && row.status !== "canceled"
            ? answeredCallTwiml({
                publicUrl: ctx.publicUrl(),
                callId: row.id,
                flowId: row.flowId,
                contactId: row.contactId,
                recordHere: row.direction === "inbound",
                flow,
              })
            : hangupTwiml();
        res.status(200).type("text/xml").send(twiml);
      })().catch(next);
    });
  }
  transferWebhooks(ctx, router);
  voicemailAudioRoute(ctx, router);
  return router;
}

const audioParams = z.object({ name: z.string().regex(/^[0-9a-f]{64}\.mp3$/) });
const audioQuery = z.object({ exp: z.string().max(20).optional(), sig: z.string().max(100).optional() });

/**
 * The voicemail audio Twilio's <Play> fetches (voicemail.ts). Twilio signs no media fetch, so the
 * URL's own expiring HMAC is the check: expired, forged or malformed: 403, and nothing is read.
 */
function voicemailAudioRoute(ctx: AppContext, router: Router) {
  router.get("/webhooks/twilio/voicemail-audio/:name", (req: Request, res: Response, next: NextFunction) => {
    (async () => {
      const params = audioParams.safeParse(req.params);
      const query = audioQuery.safeParse(req.query);
      const hash = params.success ? params.data.name.slice(0, 64) : "";
      if (
        !params.success ||
        !query.success ||
        !verifyVoicemailUrl(ctx, hash, query.data.exp, query.data.sig, Date.now())
      )
        return void res
          .status(403)
          .json({ error: { code: "forbidden", message: "This audio link is invalid or expired" } });
      const bytes = await readVoicemailAudio(ctx, hash);
      res.setHeader("Content-Type", VOICEMAIL_CONTENT_TYPE);
      res.setHeader("Cache-Control", "private, max-age=600");
      sendBytes(req, res, bytes);
    })().catch(next);
  });
}

/** The call's flow for its TwiML; a flow deleted since the call was queued gives Twilio's defaults (logged). */
async function callFlow(ctx: AppContext, flowId: string): Promise<Flow | null> {
  try {
    return await getFlow(ctx.db, flowId);
  } catch (err) {
    ctx.log.warn({ err, flowId }, "the call's flow could not be read; answering with the default voice");
    return null;
  }
}
