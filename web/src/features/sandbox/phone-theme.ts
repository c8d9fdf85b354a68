import type { ProviderType } from "@/lib/types";

/** How each messaging app looks on the simulated phone (fixed colours: apps don't follow our theme). */
export interface PhoneTheme {
  header: string;
  headerText: string;
  chat: string;
  /** The customer's own messages (right). */
  mine: string;
  /** The business's messages (left). */
  theirs: string;
  meta: string;
  composer: string;
  input: string;
  send: string;
  readTick: string;
  app: string;
}

export const phoneThemes: Record<ProviderType, PhoneTheme> = {
  whatsapp: {
    header: "bg-[#008069]",
    headerText: "text-white",
    chat: "bg-[#efeae2] [background-image:radial-gradient(#d8d2c8_1px,transparent_1px)] [background-size:14px_14px]",
    mine: "bg-[#d9fdd3] text-[#111b21]",
    theirs: "bg-white text-[#111b21]",
    meta: "text-[#667781]",
    composer: "bg-[#f0f2f5]",
    input: "bg-white text-[#111b21] placeholder:text-[#8696a0]",
    send: "bg-[#00a884] text-white",
    readTick: "text-[#53bdeb]",
    app: "WhatsApp",
  },
  telegram: {
    header: "bg-[#517da2]",
    headerText: "text-white",
    chat: "bg-[#c9d8b8] [background-image:radial-gradient(#b7c9a3_1.2px,transparent_1.2px)] [background-size:18px_18px]",
    mine: "bg-[#effdde] text-black",
    theirs: "bg-white text-black",
    meta: "text-[#6d8a6a]",
    composer: "bg-white",
    input: "bg-white text-black placeholder:text-[#9aa5ad]",
    send: "bg-[#3390ec] text-white",
    readTick: "text-[#4fae4e]",
    app: "Telegram",
  },
  instagram: {
    header: "bg-gradient-to-r from-[#f58529] via-[#dd2a7b] to-[#8134af]",
    headerText: "text-white",
    chat: "bg-white",
    mine: "bg-gradient-to-br from-[#6f4ef6] to-[#3797f0] text-white",
    theirs: "bg-[#efefef] text-black",
    meta: "text-[#8e8e8e]",
    composer: "bg-white border-t border-[#efefef]",
    input: "bg-[#efefef] text-black placeholder:text-[#8e8e8e]",
    send: "bg-[#3797f0] text-white",
    readTick: "text-[#3797f0]",
    app: "Instagram",
  },
  x: {
    header: "bg-black border-b border-[#2f3336]",
    headerText: "text-[#e7e9ea]",
    chat: "bg-black",
    mine: "bg-[#1d9bf0] text-white",
    theirs: "bg-[#2f3336] text-[#e7e9ea]",
    meta: "text-[#71767b]",
    composer: "bg-black border-t border-[#2f3336]",
    input: "bg-[#202327] text-[#e7e9ea] placeholder:text-[#71767b]",
    send: "bg-[#1d9bf0] text-white",
    readTick: "text-[#1d9bf0]",
    app: "X",
  },
};
