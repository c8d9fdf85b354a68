import crypto from "node:crypto";
import { type WebchatSettings, webchatSettingsSchema } from "@switchboard/contracts";
import type { ChannelAdapter } from "../adapter";

export const webchatAdapter: ChannelAdapter<WebchatSettings> = {
  type: "webchat",
  label: "Website chat",
  settingsSchema: webchatSettingsSchema,
  generateSecrets: () => ({ identitySecret: crypto.randomBytes(32).toString("hex") }),
  snippet: (channel, publicUrl) => `<script src="${publicUrl}/widget.js" data-channel="${channel.id}" async></script>`,
  delivery: "realtime",
};

/** Identity verification: the site's backend signs its user id with the channel's identity secret. */
export function verifyUserHash(secret: string, userId: string, userHash: string | undefined): boolean {
  if (!userHash || !/^[0-9a-fA-F]{64}$/.test(userHash)) return false;
  const expected = crypto.createHmac("sha256", secret).update(userId).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(userHash, "hex"));
}

export function originAllowed(settings: WebchatSettings, origin: string | undefined): boolean {
  if (settings.allowedOrigins.includes("*")) return true;
  if (!origin) return false;
  return settings.allowedOrigins.some((o) => o.toLowerCase() === origin.toLowerCase());
}
