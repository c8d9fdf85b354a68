import type { RenderedTemplate, TemplateContent } from "@switchboard/contracts";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { loadChannels } from "../configs";
import { ProviderError } from "../provider-http";
import { call, type Cfg } from "../whatsapp/graph";
import { templateRow } from "./list";
import { contentFromComponents, sendComponents } from "./wire";

/** What a campaign needs of a template to render and send it (read once per batch, not per message). */
export interface SendableTemplate {
  id: string;
  channelId: string;
  name: string;
  language: string;
  status: string;
  content: TemplateContent;
  parameterFormat: string;
  headerFormat: string;
  headerMediaId: string | null;
  category: string;
  /**
   * Send through Meta's Marketing Messages API (`/marketing_messages`, MARKETING templates only) with
   * an optional time-to-live; set by the campaign that sends it, absent: the Cloud API's `/messages`.
   */
  marketingMessages?: { ttlSeconds?: number; activitySharing?: boolean };
}

export async function sendableTemplate(ctx: AppContext, templateId: string): Promise<SendableTemplate> {
  const row = await templateRow(ctx.db, templateId);
  const content = contentFromComponents(row.components);
  return {
    id: row.id,
    channelId: row.channelId,
    name: row.name,
    language: row.language,
    status: row.status,
    content,
    parameterFormat: row.parameterFormat,
    headerFormat: content.header.format,
    headerMediaId: row.headerMedia?.mediaId ?? null,
    category: row.category ?? "",
  };
}

/** The outcome of one template send: Meta's message id, or what its error says (for the caller's error table). */
export type TemplateSendResult =
  | { ok: true; messageId: string }
  | {
      ok: false;
      code: string | null;
      status: number | null;
      message: string;
      /** The request may have reached Meta (no answer in time): a repeat could be a duplicate. */
      inDoubt: boolean;
      retryAfterMs?: number;
    };

/**
 * One template message through the Graph API (`POST /{phone-number-id}/messages`), the campaign
 * sender's path. `callbackData` (the attempt id) comes back in every status webhook of the message:
 * the evidence that ties a send to its recipient even if the process died before recording the id.
 */
export async function sendTemplateMessage(
  ctx: AppContext,
  channelId: string,
  m: { to: string; callbackData: string; template: SendableTemplate; rendered: RenderedTemplate },
): Promise<TemplateSendResult> {
  const channel = (await loadChannels(ctx)).get(channelId);
  if (channel?.type !== "whatsapp")
    throw new AppError("channel_unavailable", "The campaign's WhatsApp channel is not available");
  const mm = m.template.marketingMessages;
  try {
    const r = await call<{ messages?: { id: string }[] }>(
      channel as unknown as Cfg,
      `${channel.settings.phoneNumberId}/${mm ? "marketing_messages" : "messages"}`,
      {
        json: {
          ...(mm?.ttlSeconds ? { message_send_ttl_seconds: mm.ttlSeconds } : {}),
          ...(mm?.activitySharing !== undefined ? { message_activity_sharing: mm.activitySharing } : {}),
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to: m.to,
          biz_opaque_callback_data: m.callbackData,
          type: "template",
          template: {
            name: m.template.name,
            language: { policy: "deterministic", code: m.template.language },
            components: sendComponents(m.template, m.rendered),
          },
        },
      },
    );
    const id = r?.messages?.[0]?.id;
    if (!id) return { ok: false, code: null, status: 200, message: "WhatsApp returned no message id", inDoubt: true };
    return { ok: true, messageId: id };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    return {
      ok: false,
      code: err.info.code ?? null,
      status: err.info.status,
      message: err.message,
      inDoubt: !!err.info.timeout,
      ...(err.info.retryAfterMs ? { retryAfterMs: err.info.retryAfterMs } : {}),
    };
  }
}

/** The channel's throughput setting (messages per second), the ceiling of a campaign's rate. */
export async function channelRate(ctx: AppContext, channelId: string): Promise<number | null> {
  const channel = (await loadChannels(ctx)).get(channelId);
  const rate = (channel?.settings as { messagesPerSecond?: number } | undefined)?.messagesPerSecond;
  return typeof rate === "number" ? rate : null;
}
