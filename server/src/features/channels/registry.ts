import type { ChannelCapabilities, ChannelType } from "@switchboard/contracts";
import { AppError } from "../../platform/errors";
import type { ChannelAdapter } from "./adapter";
import { instagramAdapter } from "./instagram/adapter";
import { telegramAdapter } from "./telegram/adapter";
import { webchatAdapter } from "./webchat/adapter";
import { whatsappAdapter } from "./whatsapp/adapter";
import { xAdapter } from "./x/adapter";

/** One entry per channel type. Adding a channel means adding a folder and a line here; the inbox never changes. */
const adapters: Partial<Record<ChannelType, ChannelAdapter>> = {
  webchat: webchatAdapter as unknown as ChannelAdapter,
  whatsapp: whatsappAdapter as unknown as ChannelAdapter,
  telegram: telegramAdapter as unknown as ChannelAdapter,
  instagram: instagramAdapter as unknown as ChannelAdapter,
  x: xAdapter as unknown as ChannelAdapter,
};

export function getAdapter(type: ChannelType): ChannelAdapter {
  const a = adapters[type];
  if (!a) throw new AppError("bad_request", `Channel type "${type}" is not available yet`);
  return a;
}

export const findAdapter = (type: string): ChannelAdapter | undefined => adapters[type as ChannelType];

export const registeredChannelTypes = () => Object.keys(adapters) as ChannelType[];

/** Where a sandbox channel's fake provider lives on our own server (Graph APIs carry a version). */
export const sandboxPath = (type: ChannelType) =>
  `/sandbox/${type}${type === "whatsapp" || type === "instagram" ? "/v23.0" : ""}`;

/** A channel type's capabilities as the console sees them: file sizes never above what our upload route accepts. */
export function capabilitiesOf(type: ChannelType, uploadLimit: number): ChannelCapabilities {
  const caps = getAdapter(type).capabilities;
  if (!caps.attachments) return caps;
  return {
    ...caps,
    attachments: {
      ...caps.attachments,
      types: caps.attachments.types.map((t) => ({ ...t, maxBytes: Math.min(t.maxBytes, uploadLimit) })),
    },
  };
}
