import type { ChannelType, Conversation } from "@switchboard/contracts";
import type { ReplyWindow } from "./adapter";
import { findAdapter } from "./registry";

const ALWAYS_OPEN: ReplyWindow = { open: true, closesAt: null, rule: "none", templatesOnly: false };

/** The channel's customer-service window for a conversation (the website channel has none). */
export function replyWindowFor(
  type: ChannelType,
  settings: Record<string, unknown>,
  lastInboundAt: Date | null,
  now = new Date(),
): ReplyWindow {
  const adapter = findAdapter(type);
  if (!adapter?.provider) return ALWAYS_OPEN;
  const parsed = adapter.settingsSchema.safeParse(settings);
  return parsed.success ? adapter.provider.replyWindow(lastInboundAt, parsed.data, now) : ALWAYS_OPEN;
}

export function toReplyWindowDto(w: ReplyWindow): Conversation["replyWindow"] {
  return { open: w.open, closesAt: w.closesAt?.toISOString() ?? null, rule: w.rule, templatesOnly: w.templatesOnly };
}

/** Whether agents' messages on this channel type are delivered by a job (provider) or the socket hub (website). */
export const deliversByJob = (type: ChannelType) => findAdapter(type)?.delivery === "job";
