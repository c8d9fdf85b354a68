import { attachmentRule, type ChannelType } from "@switchboard/contracts";
import { AppError } from "../../platform/errors";
import { getAdapter } from "./registry";

const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Refuses, before anything is stored, what the channel cannot send: the agent reads why (422 with a
 * code), instead of the message failing later or a file silently becoming text.
 */
export function assertChannelCanSend(
  type: ChannelType,
  m: { content: string; files: { fileName: string; contentType: string; size: number }[] },
): void {
  const adapter = getAdapter(type);
  const caps = adapter.capabilities;
  if (m.content.length > caps.text.maxLength)
    throw new AppError(
      "text_too_long",
      `${adapter.label} messages can be at most ${caps.text.maxLength} characters (this one has ${m.content.length}).`,
      { maxLength: caps.text.maxLength },
    );
  if (!m.files.length) return;
  if (!caps.attachments)
    throw new AppError(
      "attachment_not_supported",
      `${adapter.label} cannot send files: send the message without them.`,
    );
  if (m.files.length > caps.attachments.maxPerMessage)
    throw new AppError(
      "attachment_not_supported",
      `${adapter.label} takes at most ${caps.attachments.maxPerMessage} files per message.`,
      { maxPerMessage: caps.attachments.maxPerMessage },
    );
  for (const f of m.files) {
    const rule = attachmentRule(caps, f.contentType);
    if (!rule)
      throw new AppError("attachment_not_supported", `${adapter.label} cannot send ${f.fileName} (${f.contentType}).`, {
        fileName: f.fileName,
        contentType: f.contentType,
      });
    if (f.size > rule.maxBytes)
      throw new AppError(
        "attachment_not_supported",
        `${f.fileName} is ${mb(f.size)}; ${adapter.label} sends ${f.contentType} files up to ${mb(rule.maxBytes)}.`,
        { fileName: f.fileName, size: f.size, maxBytes: rule.maxBytes },
      );
  }
}
