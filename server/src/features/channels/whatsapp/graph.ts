import type { whatsappSettingsSchema } from "@switchboard/contracts";
import type { z } from "zod";
import type { ChannelConfig } from "../adapter";
import { graphError } from "../meta-signature";
import { providerFetch, providerJson } from "../provider-http";

export type Settings = z.infer<typeof whatsappSettingsSchema>;
export type Cfg = ChannelConfig<Settings>;

export const auth = (c: Cfg) => ({ authorization: `Bearer ${c.secrets.accessToken}` });

/** One Graph API call with the channel's token; Graph errors become ProviderError with Meta's code. */
export const call = async <T>(c: Cfg, path: string, init: Parameters<typeof providerFetch>[1] = {}) =>
  providerJson<T>(
    await providerFetch(`${c.apiBase}/${path}`, { ...init, headers: { ...auth(c), ...(init.headers ?? {}) } }),
    graphError,
  );
