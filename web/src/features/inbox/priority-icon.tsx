import type { Priority } from "@/lib/types";
import { cn } from "@/lib/utils";
import { priorityLabel } from "./labels";

/** Linear-style priority glyph: bars for low/normal/high, a filled alert square for urgent. */
export function PriorityIcon({ priority, className }: { priority: Priority; className?: string }) {
  if (priority === "urgent") {
    return (
      <svg
        viewBox="0 0 16 16"
        role="img"
        aria-label="Urgent priority"
        className={cn("size-3.5 shrink-0", className)}
        style={{ color: "#ef4444" }}
      >
        <rect x="1" y="1" width="14" height="14" rx="3.5" fill="currentColor" />
        <path d="M8 4.2v4.6" stroke="white" strokeWidth="1.8" strokeLinecap="round" />
        <circle cx="8" cy="11.4" r="1.05" fill="white" />
      </svg>
    );
  }
  const level = priority === "high" ? 3 : priority === "normal" ? 2 : 1;
  return (
    <svg
      viewBox="0 0 16 16"
      role="img"
      aria-label={`${priorityLabel[priority]} priority`}
      className={cn("size-3.5 shrink-0 text-muted-foreground", className)}
      style={priority === "high" ? { color: "#f97316" } : undefined}
    >
      {[0, 1, 2].map((i) => (
        <rect
          key={i}
          x={2 + i * 4.5}
          y={10 - i * 3.5}
          width="3"
          height={4 + i * 3.5}
          rx="1"
          fill="currentColor"
          opacity={i < level ? 1 : 0.25}
        />
      ))}
    </svg>
  );
}
