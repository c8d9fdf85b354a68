import type { CSSProperties } from "react";
import { Avatar as AvatarPrimitive } from "radix-ui";
import { cn, hueFor, initials } from "@/lib/utils";

interface Props {
  name: string | null | undefined;
  src?: string | null;
  /** Stable key for the fallback colour (defaults to the name). */
  seed?: string;
  className?: string;
  size?: "xs" | "sm" | "md" | "lg";
}

const sizes = {
  xs: "size-5 text-[9px]",
  sm: "size-6 text-[10px]",
  md: "size-8 text-xs",
  lg: "size-10 text-sm",
};

export function Avatar({ name, src, seed, className, size = "md" }: Props) {
  const hue = hueFor(seed ?? name ?? "?");
  return (
    <AvatarPrimitive.Root
      className={cn("relative inline-flex shrink-0 select-none overflow-hidden rounded-full", sizes[size], className)}
    >
      {src ? <AvatarPrimitive.Image src={src} alt="" className="size-full object-cover" /> : null}
      <AvatarPrimitive.Fallback
        delayMs={src ? 400 : 0}
        className="flex size-full items-center justify-center bg-[oklch(0.91_0.05_var(--h))] font-semibold text-[oklch(0.4_0.11_var(--h))] dark:bg-[oklch(0.36_0.07_var(--h))] dark:text-[oklch(0.9_0.06_var(--h))]"
        style={{ "--h": hue } as CSSProperties}
        aria-label={name ?? undefined}
      >
        {initials(name)}
      </AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  );
}
