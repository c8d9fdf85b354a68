import type { Flow } from "@switchboard/contracts";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import twilio from "twilio";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { getFlow } from "../flows";
import { applyCallback, type CallbackKind, type FormParams } from "./apply-callback";
import { loadTwilioCredentials } from "./credentials";
import { fetchRecordingJobDef } from "./fetch-recording";
import { announceCall } from "./realtime";
import { answeredCallTwiml, hangupTwiml } from "./twiml";

/**
 * X-Twilio-Signature over the URL Twilio requested: PUBLIC_URL (what Twilio saw, in front of any
 * proxy) + the path and query we received. The SDK's validateRequest also accepts the URL with or
 * without the default port, as Twilio's own signing varies.
 */
export function validTwilioSignature(
  authToken: string | null,
  header: unknown,
  url: string,
  params: Record<string, unknown>,
): boolean {
  if (!authToken || typeof header !== "string" || header.length === 0 || header.length > 200) return false;
  try {
    return twilio.validateRequest(authToken, header, url, params);
  } catch {
    return false;
  }
}

const KINDS: CallbackKind[] = ["voice", "status", "amd", "recording"];

/**
 * Twilio's callbacks (form-encoded POSTs): verify -> store and apply in one transaction -> answer.
 * A wrong signature stores nothing (401). `voice` answers TwiML; the rest 204.
 */
export function callWebhookRouter(ctx: AppContext): Router {
  const router = express.Router();
  for (const kind of KINDS) {
    router.post(
      `/webhooks/twilio/${kind}`,
      express.urlencoded({ extended: false, limit: "64kb", parameterLimit: 200 }),
      bodyErrors,
      (req: Request, res: Response, next: NextFunction) => {
        (async () => {
          const creds = await loadTwilioCredentials(ctx);
          const params = (req.body ?? {}) as FormParams;
          const url = `${ctx.publicUrl()}${req.originalUrl}`;
          if (!validTwilioSignature(creds?.authToken ?? null, req.get("x-twilio-signature"), url, params))
            throw new AppError("invalid_signature", "Missing or invalid X-Twilio-Signature");
          const callId = typeof req.query.callId === "string" ? req.query.callId : undefined;
          const applied = await applyCallback(ctx, kind, callId, params);
          if (applied.changed && applied.callId) await announceCall(ctx, applied.callId);
          if (applied.fetchRecording && applied.callId)
            await ctx.jobs.send(fetchRecordingJobDef, { callId: applied.callId }, { singletonKey: applied.callId });
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
      },
    );
  }
  return router;
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

function bodyErrors(err: unknown, _req: Request, _res: Response, next: NextFunction) {
  const t = (err ?? {}) as { type?: string; status?: number };
  if (t.type === "entity.too.large") return next(new AppError("payload_too_large", "The callback body is too large"));
  if (typeof t.status === "number" && t.status >= 400 && t.status < 500)
    return next(new AppError("bad_request", "The callback body could not be read"));
  next(err);
}
