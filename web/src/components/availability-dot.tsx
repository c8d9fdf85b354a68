import type { Availability } from "@/lib/types";
import { cn } from "@/lib/utils";

const colors: Record<Availability, string> = {
  online: "bg-emerald-500",
  away: "bg-amber-400",
  offline: "bg-zinc-400 dark:bg-zinc-500",
};

export const availabilityLabel: Record<Availability, string> = { online: "Online", away: "Away", offline: "Offline" };

export function AvailabilityDot({
  value,
  className,
  ring,
}: {
  value: Availability;
  className?: string;
  ring?: boolean;
}) {
  return (
    <span
      role="img"
      aria-label={availabilityLabel[value]}
      className={cn(
        "inline-block size-2 shrink-0 rounded-full",
        colors[value],
        ring && "ring-2 ring-sidebar",
        className,
      )}
    />
  );
}
