import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import type { ChannelConfig, TemplateManagement } from "../adapter";
import { type LoadedChannel, loadChannel } from "../configs";
import { ProviderError } from "../provider-http";
import { getAdapter } from "../registry";

/** The channel and its template API, or a clear 4xx when the channel has none (not WhatsApp, removed). */
export async function templateChannel(
  ctx: AppContext,
  channelId: string,
): Promise<{ channel: LoadedChannel; api: TemplateManagement<unknown> }> {
  const channel = await loadChannel(ctx, channelId);
  if (!channel) throw new AppError("not_found", "Channel not found");
  const api = getAdapter(channel.type).provider?.templates as TemplateManagement<unknown> | undefined;
  if (!api) throw new AppError("bad_request", "Only WhatsApp channels have message templates");
  return { channel, api };
}

export type TemplateCfg = ChannelConfig<unknown>;

type GraphBody = {
  error?: {
    code?: number;
    error_subcode?: number;
    message?: string;
    error_user_title?: string;
    error_user_msg?: string;
  };
};

/**
 * Meta's answers -> our error codes. A refused template (code 100 and its subcodes: bad format,
 * too many variables, language not supported…) is the admin's to fix (422 template_rejected, with
 * Meta's own words); a name already taken in that language is a conflict; a refused token means the
 * channel must be reconnected; anything else is Meta being unreachable (502).
 */
export function templateProviderError(err: unknown, what: string): unknown {
  if (!(err instanceof ProviderError)) return err;
  const e = (err.info.body as GraphBody | undefined)?.error;
  const meta = { metaCode: e?.code ?? null, metaSubcode: e?.error_subcode ?? null };
  const words = e?.error_user_msg || e?.error_user_title || err.message;
  if (err.info.status === 401 || err.info.code === "190")
    return new AppError(
      "channel_unavailable",
      "WhatsApp refused the channel's access token: reconnect the channel",
      meta,
    );
  if (e?.error_subcode === 2388024)
    return new AppError(
      "conflict",
      `A template with this name and language already exists on the account: ${words}`,
      meta,
    );
  if (err.info.status !== null && err.info.status >= 400 && err.info.status < 500)
    return new AppError("template_rejected", `Meta refused to ${what}: ${words}`, meta);
  return new AppError("provider_unavailable", `Could not ${what}: ${err.message}`, meta);
}
