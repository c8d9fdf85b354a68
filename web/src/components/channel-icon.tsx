import { Globe } from "lucide-react";
import type { SVGProps } from "react";
import type { ChannelType } from "@/lib/types";
import { cn } from "@/lib/utils";

type IconProps = SVGProps<SVGSVGElement>;

/** The shared frame of the line icons: 24×24, stroked in the current colour. */
function Stroke({ children, ...props }: IconProps) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      {...props}
    >
      {children}
    </svg>
  );
}

function WhatsApp(props: IconProps) {
  return (
    <Stroke {...props}>
      <path d="M3.5 20.5l1.3-4A8.5 8.5 0 1 1 8 19.6z" />
      <path d="M9 8.6c.2-.5.5-.6.8-.6h.5c.2 0 .4.1.5.4l.6 1.5c.1.2 0 .5-.1.6l-.5.6c.5 1 1.3 1.8 2.3 2.3l.6-.5c.2-.2.4-.2.6-.1l1.5.6c.3.1.4.3.4.5v.5c0 .3-.1.6-.6.8-.8.4-2.3.3-4.1-1.2-1.9-1.6-2.6-3.5-2.5-4.4" />
    </Stroke>
  );
}

function Telegram(props: IconProps) {
  return (
    <Stroke {...props}>
      <path d="M21 4.5L2.9 11.4c-.6.2-.6 1.1 0 1.3l4.4 1.5 1.7 5.3c.2.5.8.7 1.2.3l2.5-2.3 4.5 3.3c.5.4 1.2.1 1.3-.5L21.9 5.5c.1-.7-.4-1.2-.9-1z" />
      <path d="M7.3 14.2L17 8l-6.8 7" />
    </Stroke>
  );
}

function Instagram(props: IconProps) {
  return (
    <Stroke {...props}>
      <rect x="3" y="3" width="18" height="18" rx="5" />
      <circle cx="12" cy="12" r="4" />
      <circle cx="17.3" cy="6.7" r="0.6" fill="currentColor" />
    </Stroke>
  );
}

function XLogo(props: IconProps) {
  return (
    <Stroke {...props}>
      <path d="M4 4l11.7 16H20L8.3 4z" />
      <path d="M4 20l6.8-6.8M13.2 10.8L20 4" />
    </Stroke>
  );
}

const icons = { webchat: Globe, whatsapp: WhatsApp, telegram: Telegram, instagram: Instagram, x: XLogo };
const labels: Record<ChannelType, string> = {
  webchat: "Website",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  instagram: "Instagram",
  x: "X",
};
const tints: Record<ChannelType, string> = {
  webchat: "text-sky-600 dark:text-sky-400",
  whatsapp: "text-emerald-600 dark:text-emerald-400",
  telegram: "text-sky-500 dark:text-sky-300",
  instagram: "text-pink-600 dark:text-pink-400",
  x: "text-foreground",
};

export function channelLabel(type: ChannelType): string {
  return labels[type] ?? type;
}

export function ChannelIcon({
  type,
  className,
  tinted = true,
}: {
  type: ChannelType;
  className?: string;
  tinted?: boolean;
}) {
  const Icon = icons[type] ?? Globe;
  return (
    <span role="img" aria-label={channelLabel(type)} className="inline-flex shrink-0">
      <Icon aria-hidden="true" className={cn("size-4 shrink-0", tinted && tints[type], className)} />
    </span>
  );
}
