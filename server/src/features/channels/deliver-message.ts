import { isAiAnswerMessage, templateSendSchema } from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import {
  applyParkedStatuses,
  clearMessageSending,
  countDeliveryAttempt,
  getMessageForDelivery,
  listMessageFiles,
  markMessageFailed,
  type MessageRow,
  setDeliveryError,
} from "../inbox";
import type { OutboundMessage } from "./adapter";
import { signedAttachmentUrl } from "./attachment-links";
import { credentialsUnreadable, loadChannel, recordChannelHealth } from "./configs";
import { queueDelivery } from "./job-definitions";
import { announce, partProgress, recordSent } from "./message-parts";
import { backoffMs, pace } from "./pacing";
import { ProviderError } from "./provider-http";
import { settleInDoubt } from "./reconcile-send";
import { getAdapter } from "./registry";

/** Sends of one message, whatever failed (provider, missing file, a bug); then it is `failed` with the reason. */
export const MAX_DELIVERY_ATTEMPTS = 6;

/** A failure that no retry can fix (a file gone from storage): the message fails at once. */
class PermanentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An error thrown after this attempt was already counted (inside the send): not counted twice. */
class CountedError extends Error {
  constructor(
    readonly original: unknown,
    readonly attempts: number,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

export interface DeliverHooks {
  /** Runs after the provider accepted a part and before its id is recorded: the crash window (tests). */
  afterProviderAccepted?: (index: number, externalId: string) => Promise<void>;
}

/**
 * queued -> [in doubt? settle it first] -> adapter.send, part by part -> sent (+ provider id)
 * | retry later with backoff | failed with a reason the agent can read. Every outcome is bounded:
 * after MAX_DELIVERY_ATTEMPTS attempts (provider errors and our own errors alike) the message fails.
 * Idempotent: only a queued message is sent, and parts already sent are never sent again.
 */
export async function deliverMessage(ctx: AppContext, messageId: string, hooks: DeliverHooks = {}): Promise<void> {
  const row = await getMessageForDelivery(ctx.db, messageId);
  if (!row || row.m.status !== "queued" || row.m.private || row.m.direction !== "outbound") return;
  try {
    await attempt(ctx, row.m, row.to, row.lastInboundAt, hooks);
  } catch (thrown) {
    // Not a provider answer: a missing file, a bug, a malformed row. Still bounded, still shown.
    const err = thrown instanceof CountedError ? thrown.original : thrown;
    const cause = err instanceof PermanentError ? err : null;
    ctx.log.warn({ err, messageId }, "delivery attempt failed");
    const attempts = thrown instanceof CountedError ? thrown.attempts : await countAttempt(ctx, messageId);
    if (!cause && attempts < MAX_DELIVERY_ATTEMPTS) {
      await setError(ctx, messageId, "internal", `Attempt ${attempts} failed (${safeText(err)}); retrying.`);
      await queueDelivery(ctx, messageId, new Date(Date.now() + backoffMs(attempts)));
      await announce(ctx, messageId);
      return;
    }
    await markFailed(
      ctx,
      messageId,
      cause?.code ?? "internal",
      cause?.message ?? `Not sent after ${attempts} attempts: ${safeText(err)}`,
    );
  }
}

async function attempt(
  ctx: AppContext,
  m: MessageRow,
  to: string | null,
  lastInboundAt: Date | null,
  hooks: DeliverHooks,
): Promise<void> {
  const channel = await loadChannel(ctx, m.channelId);
  if (!channel && credentialsUnreadable(m.channelId))
    return markFailed(
      ctx,
      m.id,
      "credentials_unreadable",
      "The channel's credentials cannot be read with the configured keys: an admin must enter them again.",
    );
  if (!channel || !channel.row.enabled)
    return markFailed(ctx, m.id, "channel_unavailable", "The channel is disabled or was removed.");
  const provider = getAdapter(channel.type).provider;
  if (!provider || !to)
    return markFailed(ctx, m.id, "channel_unavailable", "This conversation has no recipient on the channel.");
  if (m.sending) {
    const verdict = await settleInDoubt(ctx, m, provider.sendEvidence);
    if (verdict.action === "wait") return;
    if (verdict.action === "give_up")
      return markFailed(
        ctx,
        m.id,
        "delivery_in_doubt",
        "Sending was interrupted and the customer may or may not have received this message. It was not sent again, because campaign messages are sent at most once.",
      );
  }
  if (m.attempts >= MAX_DELIVERY_ATTEMPTS) return giveUp(ctx, m);
  const template = m.metadata.template ? templateSendSchema.parse(m.metadata.template) : undefined;
  const window = provider.replyWindow(lastInboundAt, channel.settings);
  if (!window.open && !template) {
    return markFailed(
      ctx,
      m.id,
      "reply_window_closed",
      window.templatesOnly ? "The 24-hour window is closed: send a template instead." : "The reply window is closed.",
    );
  }
  const out: OutboundMessage = {
    id: m.id,
    to,
    text: m.content,
    template,
    replyTo: typeof m.metadata.replyTo === "string" ? m.metadata.replyTo : undefined,
    humanAgentTag: window.humanAgentTag,
    attachments: await loadFiles(ctx, m.id),
    // The widget asks with 👍/👎 under each AI answer; these channels ask with buttons (issue 8 §3).
    askResolution:
      !!getAdapter(channel.type).capabilities.resolutionButtons && window.open && !template && isAiAnswerMessage(m),
    // A CSAT survey (features/csat): the adapter adds its rating buttons; a template carries its own.
    survey: !template ? surveyOf(m.metadata) : undefined,
  };
  const limits = provider.rateLimits(channel.settings);
  await pace(ctx.db, channel.id, limits.perSecond);
  if (limits.perRecipientPerSecond) await pace(ctx.db, `${channel.id}:${to}`, limits.perRecipientPerSecond);
  const attemptNo = await countAttempt(ctx, m.id);
  const progress = await partProgress(ctx, m, hooks.afterProviderAccepted);
  try {
    const { externalId } = await provider.send(channel, out, progress);
    await recordSent(ctx, m.id, externalId);
    await applyParkedStatuses(ctx, channel.id, externalId); // statuses that overtook this answer
    if (channel.row.needsReauth) await recordChannelHealth(ctx, channel.id, { reauth: false });
  } catch (err) {
    if (!(err instanceof ProviderError)) throw new CountedError(err, attemptNo);
    // The provider answered with an error: the part in flight was not taken. A timeout says nothing
    // either way, so the part stays "sending" and the next attempt settles it from evidence first.
    if (!err.info.timeout) await clearMessageSending(ctx.db, m.id);
    const cls = provider.classifyError(err);
    if (cls.reauth) await recordChannelHealth(ctx, channel.id, { reauth: true, error: cls.message });
    else await recordChannelHealth(ctx, channel.id, { error: `${cls.code}: ${cls.message}` });
    if (cls.retryable && attemptNo < MAX_DELIVERY_ATTEMPTS) {
      const delay = Math.max(cls.retryAfterMs ?? 0, backoffMs(attemptNo));
      await setError(ctx, m.id, cls.code, `Attempt ${attemptNo} failed (${cls.message}); retrying.`);
      await queueDelivery(ctx, m.id, new Date(Date.now() + delay));
      await announce(ctx, m.id);
      return;
    }
    return markFailed(ctx, m.id, cls.code, cls.message);
  }
}

async function loadFiles(ctx: AppContext, messageId: string): Promise<OutboundMessage["attachments"]> {
  const files = await listMessageFiles(ctx.db, messageId);
  return Promise.all(
    files.map(async (f) => {
      let bytes: Buffer;
      try {
        bytes = await ctx.storage.get(f.storageKey);
      } catch (err) {
        if (err instanceof AppError && err.code === "not_found")
          throw new PermanentError("attachment_missing", `The attached file "${f.fileName}" is missing from storage.`);
        throw err;
      }
      return { bytes, contentType: f.contentType, fileName: f.fileName, publicUrl: signedAttachmentUrl(ctx, f.id) };
    }),
  );
}

const surveyMeta = z.object({ csat: z.object({ surveyId: z.uuid() }) });
function surveyOf(metadata: unknown): OutboundMessage["survey"] {
  const r = surveyMeta.safeParse(metadata);
  return r.success ? { id: r.data.csat.surveyId } : undefined;
}

/** Counts one attempt (before anything can fail, so errors of any kind use up the bound). */
async function countAttempt(ctx: AppContext, id: string): Promise<number> {
  return (await countDeliveryAttempt(ctx.db, id)) ?? MAX_DELIVERY_ATTEMPTS;
}

/** The bound is reached (also used by the sweeper): failed, with the last reason the agent can read. */
export async function giveUp(ctx: AppContext, m: Pick<MessageRow, "id" | "attempts" | "errorCode" | "errorMessage">) {
  const last = m.errorMessage
    ?.replace(/; retrying\.$/, "")
    .replace(/^Attempt \d+ failed \((.*)\)$/, "$1")
    .replace(/;? ?retrying\.?$/, "");
  await markFailed(
    ctx,
    m.id,
    m.errorCode ?? "attempts_exhausted",
    `Not sent after ${m.attempts} attempts${last ? `: ${last}` : "."}`,
  );
}

async function setError(ctx: AppContext, id: string, code: string, message: string) {
  await setDeliveryError(ctx.db, id, code, message);
}

export async function markFailed(ctx: AppContext, id: string, code: string, message: string) {
  await markMessageFailed(ctx.db, id, code, safeText(message), ctx.bus);
  await announce(ctx, id);
}

/** Error text as the agent reads it: one line, bounded, and storable (PostgreSQL refuses NUL). */
function safeText(v: unknown): string {
  const text =
    v instanceof z.ZodError
      ? `invalid stored data (${v.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")})`
      : v instanceof Error
        ? v.message
        : String(v);
  return text.replaceAll("\u0000", "").replace(/\s+/g, " ").trim().slice(0, 500) || "unknown error";
}
