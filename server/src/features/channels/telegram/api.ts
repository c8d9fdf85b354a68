import type { ChannelConfig, ErrorClass } from "../adapter";
import { ProviderError, providerFetch, providerJson } from "../provider-http";

/** Telegram's envelope: `{ok: true, result}` or `{ok: false, error_code, description, parameters?}`. */
interface Envelope<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface TelegramMessage {
  message_id: number;
  chat: { id: number | string };
}

export interface TelegramFile {
  file_id: string;
  file_unique_id?: string;
  file_size?: number;
  file_path?: string;
}

const explain = (status: number, body: any) => ({
  // Never the URL: it carries the bot token.
  message: typeof body?.description === "string" ? body.description : `HTTP ${status}`,
  code: body?.error_code !== undefined ? String(body.error_code) : String(status),
  retryAfterMs: Number(body?.parameters?.retry_after) > 0 ? Number(body.parameters.retry_after) * 1000 : undefined,
});

export const methodUrl = (c: ChannelConfig, method: string) => `${c.apiBase}/bot${c.secrets.botToken ?? ""}/${method}`;
export const fileUrl = (c: ChannelConfig, filePath: string) =>
  `${c.apiBase}/file/bot${c.secrets.botToken ?? ""}/${filePath.split("/").map(encodeURIComponent).join("/")}`;

/** Calls a Bot API method with a JSON body (or a multipart FormData) and unwraps `result`. */
export async function tg<T>(c: ChannelConfig, method: string, params?: object | FormData, timeoutMs?: number) {
  const req =
    params instanceof FormData
      ? { method: "POST", body: params, timeoutMs: timeoutMs ?? 60_000 }
      : { method: "POST", json: params ?? {}, timeoutMs };
  const body = await providerJson<Envelope<T>>(await providerFetch(methodUrl(c, method), req), explain);
  if (body?.ok !== true) {
    // Telegram answers errors with a non-2xx status; be safe with a 200 that says ok:false.
    const d = explain(Number(body?.error_code) || 500, body);
    throw new ProviderError(d.message, {
      status: Number(body?.error_code) || 500,
      code: d.code,
      retryAfterMs: d.retryAfterMs,
      body,
    });
  }
  return body.result as T;
}

/** Telegram's error codes: what is worth retrying, and what to tell the agent. */
export function classifyTelegramError(e: ProviderError): ErrorClass {
  const status = e.info.status;
  const code = e.info.timeout ? "timeout" : (e.info.code ?? String(status ?? "network"));
  const description = e.message;
  const base = { code, retryAfterMs: e.info.retryAfterMs };
  if (status === null || e.info.timeout || e.info.network)
    return { ...base, retryable: true, message: e.info.timeout ? "Telegram did not answer in time" : description };
  if (status === 429)
    return {
      ...base,
      retryable: true,
      message: `Telegram's rate limit was reached; retrying${e.info.retryAfterMs ? ` after ${Math.ceil(e.info.retryAfterMs / 1000)} s` : ""}.`,
    };
  if (status >= 500)
    return { ...base, retryable: true, message: `Telegram is unavailable (${description}); retrying.` };
  if (status === 401 || (status === 404 && code !== "file_download"))
    return {
      ...base,
      retryable: false,
      reauth: true,
      message: `Telegram refused the bot token (${description}): reconnect the channel with the token from @BotFather.`,
    };
  if (status === 403) {
    const why = /blocked by the user/i.test(description)
      ? "The customer has blocked the bot: Telegram will not deliver messages until they unblock it."
      : /deactivated/i.test(description)
        ? "The customer's Telegram account was deleted."
        : /can't initiate conversation/i.test(description)
          ? "The customer has not started a chat with the bot."
          : `Telegram refused the message: ${description}`;
    return { ...base, retryable: false, message: why };
  }
  return { ...base, retryable: false, message: `Telegram refused the request: ${description}` };
}
