import fs from "node:fs";
import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { getConversation, getMessage } from "../inbox/queries";
import { applyParkedStatuses } from "../inbox/update-delivery-status";
import { attachments, contactIdentities, conversations, messages } from "../inbox/schema";
import type { OutboundMessage } from "./adapter";
import { signedAttachmentUrl } from "./attachment-links";
import { loadChannel, recordChannelHealth } from "./configs";
import { queueDelivery } from "./jobs";
import { backoffMs, pace } from "./pacing";
import { ProviderError } from "./provider-http";
import { getAdapter } from "./registry";
import { templateSendSchema } from "@switchboard/contracts";

export const MAX_DELIVERY_ATTEMPTS = 6;

/**
 * queued -> adapter.send -> sent (+ provider id) | retry later with backoff | failed with the
 * provider's code and a reason the agent can read. Idempotent: only a queued message is sent.
 */
export async function deliverMessage(ctx: AppContext, messageId: string): Promise<void> {
  const [row] = await ctx.db
    .select({ m: messages, lastInboundAt: conversations.lastInboundAt, to: contactIdentities.externalId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(contactIdentities, eq(contactIdentities.id, conversations.identityId))
    .where(eq(messages.id, messageId))
    .limit(1);
  if (!row || row.m.status !== "queued" || row.m.private || row.m.direction !== "outbound") return;
  const m = row.m;
  const channel = await loadChannel(ctx, m.channelId);
  if (!channel || !channel.row.enabled)
    return markFailed(ctx, m.id, "channel_unavailable", "The channel is disabled or was removed.");
  const provider = getAdapter(channel.type).provider;
  if (!provider || !row.to)
    return markFailed(ctx, m.id, "channel_unavailable", "This conversation has no recipient on the channel.");
  const template = m.metadata.template ? templateSendSchema.parse(m.metadata.template) : undefined;
  const window = provider.replyWindow(row.lastInboundAt, channel.settings);
  if (!window.open && !template) {
    return markFailed(
      ctx,
      m.id,
      "reply_window_closed",
      window.templatesOnly ? "The 24-hour window is closed: send a template instead." : "The reply window is closed.",
    );
  }
  const files = await ctx.db.select().from(attachments).where(eq(attachments.messageId, m.id));
  const out: OutboundMessage = {
    to: row.to,
    text: m.content,
    template,
    replyTo: typeof m.metadata.replyTo === "string" ? m.metadata.replyTo : undefined,
    humanAgentTag: window.humanAgentTag,
    attachments: await Promise.all(
      files.map(async (f) => ({
        bytes: await fs.promises.readFile(ctx.storage.pathOf(f.storageKey)),
        contentType: f.contentType,
        fileName: f.fileName,
        publicUrl: signedAttachmentUrl(ctx, f.id),
      })),
    ),
  };
  const limits = provider.rateLimits(channel.settings);
  await pace(channel.id, limits.perSecond);
  if (limits.perRecipientPerSecond) await pace(`${channel.id}:${row.to}`, limits.perRecipientPerSecond);
  const attempt = m.attempts + 1;
  await ctx.db.update(messages).set({ attempts: attempt, updatedAt: new Date() }).where(eq(messages.id, m.id));
  try {
    const { externalId } = await provider.send(channel, out);
    await ctx.db
      .update(messages)
      .set({ status: "sent", externalId, errorCode: null, errorMessage: null, updatedAt: new Date() })
      .where(sql`${messages.id} = ${m.id} and ${messages.status} = 'queued'`);
    await applyParkedStatuses(ctx, channel.id, externalId); // statuses that overtook this answer
    if (channel.row.needsReauth) await recordChannelHealth(ctx, channel.id, { reauth: false });
    await announce(ctx, m.id);
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const cls = provider.classifyError(err);
    if (cls.reauth) await recordChannelHealth(ctx, channel.id, { reauth: true, error: cls.message });
    else await recordChannelHealth(ctx, channel.id, { error: `${cls.code}: ${cls.message}` });
    if (cls.retryable && attempt < MAX_DELIVERY_ATTEMPTS) {
      const delay = Math.max(cls.retryAfterMs ?? 0, backoffMs(attempt));
      await ctx.db
        .update(messages)
        .set({ errorCode: cls.code, errorMessage: `Attempt ${attempt} failed (${cls.message}); retrying.` })
        .where(eq(messages.id, m.id));
      await queueDelivery(ctx, m.id, new Date(Date.now() + delay));
      await announce(ctx, m.id);
      return;
    }
    return markFailed(ctx, m.id, cls.code, cls.message);
  }
}

async function markFailed(ctx: AppContext, id: string, code: string, message: string) {
  await ctx.db
    .update(messages)
    .set({ status: "failed", errorCode: code, errorMessage: message, updatedAt: new Date() })
    .where(eq(messages.id, id));
  await announce(ctx, id);
}

async function announce(ctx: AppContext, id: string) {
  const message = await getMessage(ctx.db, id);
  const conversation = message && (await getConversation(ctx.db, message.conversationId));
  if (message && conversation) ctx.bus.emit("message.updated", { message, conversation });
}
