import type { ChannelType, TemplateSend } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";
import { getChannelForReply } from "./queries";
import { findAdapter } from "./registry";
import { replyWindowFor } from "./reply-window";
import { checkTemplate } from "./templates/list";

/** How an automated message (a CSAT question, a ticket status notice) can reach a conversation's customer now. */
export type AutomatedSendPlan =
  | {
      send: true;
      /** `message`: the feature's own form (text, rating controls); `template`: the approved template. */
      form: "message" | "template";
      template?: TemplateSend;
      /** The template's text as the customer reads it (form template). */
      templateText?: string;
      /** The reply window is closed on a channel without templates (the feature decides whether to send anyway). */
      windowClosed: boolean;
    }
  /** `form`: what it would have been (template: the window is closed and no template could go). */
  | { send: false; reason: string; form: "message" | "template" };

export interface AutomatedSendOptions {
  /** The approved template for outside the window (null: none was chosen). */
  template: TemplateSend | null;
  /** What the team reads when the window is closed and no template was chosen. */
  noTemplateReason: string;
  /** What the team reads when the chosen template cannot be sent (not approved, wrong parameters). */
  badTemplateReason: (message: string) => string;
}

/**
 * The rule for automated messages (issue 10 §1 and §5): inside the channel's reply window the
 * feature's own message; outside it, on a channel with templates (WhatsApp), only the configured
 * APPROVED template, or no message with a reason the team can read — never free text outside the
 * window. A disabled or removed channel sends nothing. Reads only; writes nothing.
 */
export async function planAutomatedSend(
  db: Db,
  conv: { channelId: string; channelType: ChannelType; lastInboundAt: string | null },
  opts: AutomatedSendOptions,
  now = new Date(),
): Promise<AutomatedSendPlan> {
  const channel = await getChannelForReply(db, conv.channelId);
  if (!channel || !channel.enabled || channel.deletedAt)
    return { send: false, reason: "The channel is disabled or was removed.", form: "message" };
  const window = replyWindowFor(
    conv.channelType,
    channel.settings ?? {},
    conv.lastInboundAt ? new Date(conv.lastInboundAt) : null,
    now,
  );
  if (window.open) return { send: true, form: "message", windowClosed: false };
  if (!findAdapter(conv.channelType)?.capabilities.templates)
    return { send: true, form: "message", windowClosed: true };
  if (!opts.template) return { send: false, reason: opts.noTemplateReason, form: "template" };
  try {
    const templateText = await checkTemplate(db, conv.channelId, opts.template);
    return { send: true, form: "template", template: opts.template, templateText, windowClosed: true };
  } catch (err) {
    return { send: false, reason: opts.badTemplateReason((err as Error).message), form: "template" };
  }
}

/** A channel type's name as people read it ("WhatsApp", "Website chat"). */
export const channelTypeLabel = (type: string) => findAdapter(type as ChannelType)?.label ?? type;
