import type { NextFunction, Request, Response, Router } from "express";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { getFlow } from "../flows";
import type { FormParams } from "./apply-callback";
import { announceCall } from "./realtime";
import { type CallRow, callEvents, calls } from "./schema";
import { failTransfer } from "./transfer";
import { fallbackTwiml, hangupTwiml, whisperTwiml } from "./twiml";
import { twilioForm, verifiedTwilioForm } from "./twilio-webhook";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const one = (p: FormParams, k: string) => {
  const v = p[k];
  return typeof v === "string" && v.length <= 500 ? v : undefined;
};

/** The call a transfer callback is about: our id in the query, and Twilio's SID of the caller's leg in the form. */
async function transferCall(ctx: AppContext, req: Request, p: FormParams, sidField: string): Promise<CallRow> {
  const callId = typeof req.query.callId === "string" ? req.query.callId : "";
  if (!UUID.test(callId)) throw new AppError("bad_request", "callId is missing or malformed");
  const [row] = await ctx.db.select().from(calls).where(eq(calls.id, callId)).limit(1);
  if (!row || !row.transferState) throw new AppError("not_found", "No transfer for this call");
  const sid = one(p, sidField);
  if (sid && row.providerSid && sid !== row.providerSid)
    throw new AppError("not_found", "This callback names another call");
  return row;
}

const REASONS: Record<string, string> = {
  "no-answer": "the transfer number did not answer (no-answer)",
  busy: "the transfer number was busy",
  failed: "the transfer number could not be reached (failed)",
  canceled: "the transfer was canceled",
};

/**
 * The transfer's two callbacks (signed like every Twilio callback):
 * - whisper: the human at the transfer number answered (Twilio asks <Number url> for TwiML before
 *   connecting them); they hear the summary, the transfer is `connected`. ParentCallSid is the caller's leg.
 * - dial: the <Dial>'s action with DialCallStatus. completed/answered: the conversation happened,
 *   hang up; no-answer, busy, failed, canceled: the transfer failed with the reason and the caller
 *   hears the fallback line.
 */
export function transferWebhooks(ctx: AppContext, router: Router) {
  const handle =
    (fn: (req: Request, p: FormParams) => Promise<string>) => (req: Request, res: Response, next: NextFunction) => {
      (async () => {
        const p = await verifiedTwilioForm(ctx, req);
        res
          .status(200)
          .type("text/xml")
          .send(await fn(req, p));
      })().catch(next);
    };
  router.post(
    "/webhooks/twilio/whisper",
    ...twilioForm,
    handle(async (req, p) => {
      const row = await transferCall(ctx, req, p, "ParentCallSid");
      const moved = await ctx.db.transaction(async (tx) => {
        const rows = await tx
          .update(calls)
          .set({ transferState: "connected", updatedAt: sql`now()` })
          .where(and(eq(calls.id, row.id), inArray(calls.transferState, ["pending", "dialing"])))
          .returning({ id: calls.id });
        if (rows.length)
          await tx
            .insert(callEvents)
            .values({
              callId: row.id,
              eventKey: `whisper:${one(p, "CallSid") ?? row.id}`,
              kind: "note",
              summary: `transfer answered by ${one(p, "To") ?? row.transferTo}; summary whispered`,
            })
            .onConflictDoNothing();
        return rows.length > 0;
      });
      if (moved) await announceCall(ctx, row.id);
      return whisperTwiml(row.transferSummary ?? "Transferred call.");
    }),
  );
  router.post(
    "/webhooks/twilio/dial",
    ...twilioForm,
    handle(async (req, p) => {
      const row = await transferCall(ctx, req, p, "CallSid");
      const status = one(p, "DialCallStatus") ?? "";
      if (status === "completed" || status === "answered") {
        if (row.transferState !== "connected" && row.transferState !== "failed") {
          await ctx.db
            .update(calls)
            .set({ transferState: "connected", updatedAt: sql`now()` })
            .where(and(eq(calls.id, row.id), inArray(calls.transferState, ["pending", "dialing"])));
          await announceCall(ctx, row.id);
        }
        return hangupTwiml();
      }
      await failTransfer(
        ctx,
        row.id,
        REASONS[status] ?? `the transfer did not connect (${status || "unknown status"})`,
      );
      const flow = row.flowId ? await getFlow(ctx.db, row.flowId).catch(() => null) : null;
      return fallbackTwiml(flow?.language ?? "en-IN");
    }),
  );
}
