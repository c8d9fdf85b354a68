import type { ChannelCapabilities } from "./channels";

// Zod-free on purpose: the console imports this file directly, so its bundle stays without Zod.

/**
 * The capability rule a file's MIME type falls under, if any: `image/*` covers every image type,
 * and a rule of type star-slash-star covers any file.
 */
export function attachmentRule(
  caps: Pick<ChannelCapabilities, "attachments">,
  contentType: string,
): { type: string; maxBytes: number } | null {
  const t = contentType.toLowerCase().split(";")[0]!.trim();
  return (
    caps.attachments?.types.find(
      (x) => x.type === t || x.type === "*/*" || (x.type.endsWith("/*") && t.startsWith(x.type.slice(0, -1))),
    ) ?? null
  );
}

/** The `accept` attribute for a file input: the MIME types and families the channel sends. */
export const acceptAttribute = (caps: Pick<ChannelCapabilities, "attachments">): string =>
  caps.attachments?.types.some((t) => t.type === "*/*")
    ? ""
    : (caps.attachments?.types.map((t) => t.type).join(",") ?? "");
