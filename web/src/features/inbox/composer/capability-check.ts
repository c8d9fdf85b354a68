import { attachmentRule } from "../../../../../contracts/src/capability-rules";
import type { ChannelCapabilities } from "@/lib/types";

// Imported by path, not from the contracts barrel: the rule helper is Zod-free and keeps Zod out of the bundle.

export type Capabilities = ChannelCapabilities & { label: string };

const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;

/** "images, videos and PDFs": what the channel sends, in words for the agent. */
export function describeTypes(caps: Capabilities): string {
  const words = new Set<string>();
  for (const { type } of caps.attachments?.types ?? []) {
    if (type === "*/*") return "any file";
    const [family, sub] = type.split("/");
    words.add(
      family === "image"
        ? "images"
        : family === "video"
          ? "videos"
          : family === "audio"
            ? "audio"
            : sub === "pdf"
              ? "PDFs"
              : sub === "zip"
                ? "ZIP files"
                : "documents",
    );
  }
  const list = [...words];
  return list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : (list[0] ?? "no files");
}

/** Why the channel cannot send this file (null when it can): the same rule the server enforces. */
export function fileProblem(caps: Capabilities, f: { name: string; type: string; size: number }): string | null {
  if (!caps.attachments) return `${caps.label} can't send files.`;
  const rule = attachmentRule(caps, f.type || "application/octet-stream");
  if (!rule) return `${caps.label} can't send ${f.name}: it sends ${describeTypes(caps)}.`;
  if (f.size > rule.maxBytes) return `${f.name} is larger than ${mb(rule.maxBytes)}, the most ${caps.label} sends.`;
  return null;
}

/** The limits in one line, for the attach button's tooltip. */
export function attachHint(caps: Capabilities): string {
  if (!caps.attachments) return `${caps.label} can't send files`;
  const largest = Math.max(...caps.attachments.types.map((t) => t.maxBytes));
  return `Attach ${describeTypes(caps)} (up to ${mb(largest)}, ${caps.attachments.maxPerMessage} per message)`;
}
