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
  // The widget shows whatever our upload route accepts (its own allow-list and size limit apply).
  capabilities: {
    text: { maxLength: 10_000 },
    attachments: {
      types: [
        ...["image/png", "image/jpeg", "image/gif", "image/webp", "image/heic"],
        ...["application/pdf", "text/plain", "text/csv", "application/zip", "audio/*", "video/*"],
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      ].map((type) => ({ type, maxBytes: 100 * 1024 * 1024 })),
      maxPerMessage: 10,
    },
    templates: false,
    replyWindow: "none",
    typing: true,
    readReceipts: true,
    edits: false,
    survey: "stars",
  },
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
