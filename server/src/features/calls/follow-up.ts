import { renderWithMapping } from "@switchboard/contracts";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob, type JobHandle } from "../../platform/jobs";
import { sendableTemplate, sendTemplateMessage } from "../channels";
import { getFlow } from "../flows";
import { campaignContacts, optedOutContacts } from "../inbox";
import { pendingCall, settlePending } from "./pending-work";
import { calls } from "./schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const followUpJobDef = {
  name: "calls.follow-up",
  schema: z.object({ callId: z.uuid() }),
} satisfies JobHandle<z.ZodType>;

/**
 * The call's outcome is written: when its flow has a follow-up for that outcome, the call is marked
 * `pending` (once: a call has at most one follow-up) and the job queued. Called by record-outcome.ts.
 */
export async function requestFollowUp(ctx: AppContext, callId: string, flowId: string, outcome: string) {
  const flow = UUID.test(flowId) ? await getFlow(ctx.db, flowId).catch(() => null) : null;
  const f = flow?.followUp;
  if (!f || !f.outcomes.includes(outcome as never)) return;
  const [row] = await ctx.db
    .update(calls)
    .set({ followUpState: "pending", updatedAt: sql`now()` })
    .where(and(eq(calls.id, callId), isNull(calls.followUpState), eq(calls.sandbox, false)))
    .returning({ id: calls.id });
  if (row) await ctx.jobs.send(followUpJobDef, { callId }, { singletonKey: callId });
}

async function settle(
  ctx: AppContext,
  callId: string,
  state: "sent" | "failed" | "skipped",
  reason: string | null,
  messageId: string | null = null,
): Promise<void> {
  await settlePending(
    ctx,
    callId,
    calls.followUpState,
    { followUpState: state, followUpReason: reason?.slice(0, 500) ?? null, followUpMessageId: messageId },
    {
      key: "follow-up",
      summary: state === "sent" ? "follow-up WhatsApp sent" : `follow-up WhatsApp ${state}: ${reason}`,
    },
  );
}

/**
 * Sends the flow's follow-up WhatsApp template to the call's contact through the channels
 * feature's template sender (the one campaigns use), the variables mapped from the contact (the
 * call's collected fields are its attributes by now). An opted-out contact, no phone or a value
 * the mapping cannot fill: `skipped`/`failed` with the reason, nothing sent. At most once per call:
 * the attempt is stamped before the request, and a run that finds the stamp without a message id
 * (the previous one died or timed out mid-send) does not send again but fails as in doubt.
 */
export function followUpJob(ctx: AppContext) {
  return defineJob({
    ...followUpJobDef,
    retryLimit: 4,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 120,
    handler: async ({ callId }, { lastAttempt }) => {
      const row = await pendingCall(ctx, callId, calls.followUpState);
      if (!row) return;
      if (row.followUpAttemptAt)
        return settle(
          ctx,
          callId,
          "failed",
          "in doubt: an earlier attempt may have sent it and did not report back; not sent again",
        );
      const flow = row.flowId ? await getFlow(ctx.db, row.flowId).catch(() => null) : null;
      if (!flow?.followUp) return settle(ctx, callId, "skipped", "the flow no longer has a follow-up");
      if (!row.contactId) return settle(ctx, callId, "skipped", "the call has no contact");
      if ((await optedOutContacts(ctx.db, [row.contactId])).has(row.contactId))
        return settle(ctx, callId, "skipped", "the contact opted out of messages");
      const contact = (await campaignContacts(ctx.db, [row.contactId])).get(row.contactId);
      const to = contact?.phone?.replace(/\D/g, "") ?? "";
      if (!contact || !/^\+[1-9]\d{6,14}$/.test(contact.phone ?? ""))
        return settle(ctx, callId, "skipped", "the contact has no phone number");
      let template: Awaited<ReturnType<typeof sendableTemplate>>;
      try {
        template = await sendableTemplate(ctx, flow.followUp.templateId);
      } catch (err) {
        return settle(ctx, callId, "failed", `the template could not be read: ${(err as Error).message}`);
      }
      if (template.status !== "APPROVED")
        return settle(ctx, callId, "failed", `the template ${template.name} is ${template.status}, not approved`);
      const rendered = renderWithMapping(template.content, contact, flow.followUp.mapping);
      if (rendered.missing.length)
        return settle(ctx, callId, "failed", `no value for ${rendered.missing.join(", ")} and no fallback`);
      const [stamped] = await ctx.db
        .update(calls)
        .set({ followUpAttemptAt: sql`now()` })
        .where(and(eq(calls.id, callId), eq(calls.followUpState, "pending"), isNull(calls.followUpAttemptAt)))
        .returning({ id: calls.id });
      if (!stamped) return;
      const result = await sendTemplateMessage(ctx, template.channelId, {
        to,
        callbackData: `call-follow-up:${callId}`,
        template,
        rendered,
      }).catch((err: Error) => ({
        ok: false as const,
        code: null,
        status: null,
        message: err.message,
        inDoubt: false,
      }));
      if (result.ok) return settle(ctx, callId, "sent", null, result.messageId);
      const reason = `WhatsApp refused it: ${result.message}${result.code ? ` (${result.code})` : ""}`;
      if (result.inDoubt) return settle(ctx, callId, "failed", `in doubt: ${result.message}; not sent again`);
      const retryable = result.status === null || result.status >= 500 || result.status === 429;
      if (!retryable) return settle(ctx, callId, "failed", reason);
      if (lastAttempt) return settle(ctx, callId, "failed", `${reason} (after retries)`);
      // Nothing reached WhatsApp: the next attempt may send.
      await ctx.db.update(calls).set({ followUpAttemptAt: null }).where(eq(calls.id, callId));
      throw new Error(reason);
    },
  });
}
