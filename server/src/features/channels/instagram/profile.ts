import type { instagramSettingsSchema } from "@switchboard/contracts";
import type { z } from "zod";
import type { ChannelConfig } from "../adapter";
import { graphError } from "../meta-signature";
import { providerFetch, providerJson } from "../provider-http";

/** What the Instagram User Profile API tells us about a customer (fields may be absent or null). */
export interface InstagramProfile {
  name: string | null;
  username: string | null;
  profilePic: string | null;
}

/**
 * The User Profile API: `GET /{IGSID}?fields=name,username,profile_pic` with the account's token.
 * Meta allows it once the person has messaged the business (their consent); before that, or when
 * they blocked the business, it answers with a Graph error, which the caller treats as "no profile".
 */
export async function fetchInstagramProfile(
  c: ChannelConfig<z.infer<typeof instagramSettingsSchema>>,
  igsid: string,
): Promise<InstagramProfile> {
  const r = await providerJson<{ name?: unknown; username?: unknown; profile_pic?: unknown }>(
    await providerFetch(`${c.apiBase}/${encodeURIComponent(igsid)}?fields=name,username,profile_pic`, {
      headers: { authorization: `Bearer ${c.secrets.accessToken}` },
      timeoutMs: 10_000,
    }),
    graphError,
  );
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  return { name: str(r?.name), username: str(r?.username), profilePic: str(r?.profile_pic) };
}
